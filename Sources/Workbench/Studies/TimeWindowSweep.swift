// Figure 4 of the paper: accuracy against the time window T. Trains one recorded run per T
// (same preset, same seed) and collects the test accuracy after every epoch.

import Foundation

/// Where a sweep's time budget stopped a run: in `epoch` (1-based) after `batch` of its
/// `batches` (0: at the end of the epoch before), after `trainingSeconds` of training.
public struct BudgetStop: Sendable, Equatable {
  public let epoch: Int
  public let batch: Int
  public let batches: Int
  public let trainingSeconds: Double

  /// "in epoch 1 after batch 250 of 1875" or "after epoch 2", with the seconds of training.
  public var description: String {
    let place =
      batch > 0
      ? "in epoch \(epoch) after batch \(batch) of \(batches)" : "after epoch \(epoch - 1)"
    return place + String(format: " (%.1f s of training)", trainingSeconds)
  }
}

/// The result of one run of a sweep.
public struct SweepRun: Sendable, Equatable {
  /// The preset key the sweep varies ("time-steps" for Figure 4) and this run's value.
  public let key: String
  public let value: String
  public let folder: String
  /// Test accuracy (0…1) after each epoch.
  public let testAccuracy: [Double]
  public let seconds: Double
  /// The seed of this run when the sweep repeats each value over seeds (nil: the preset's).
  public let seed: Int?
  /// Seconds of training and testing from the run's start to the end of each epoch (empty
  /// when unknown, as in a sweep.csv written before they were recorded).
  public let elapsed: [Double]
  /// Where a time budget stopped the run before its last epoch ended (nil: every epoch ran,
  /// or unknown when read back from sweep.csv).
  public let stoppedAt: BudgetStop?

  public init(
    key: String, value: String, folder: String, testAccuracy: [Double], seconds: Double,
    seed: Int? = nil, elapsed: [Double] = [], stoppedAt: BudgetStop? = nil
  ) {
    self.key = key
    self.value = value
    self.folder = folder
    self.testAccuracy = testAccuracy
    self.seconds = seconds
    self.seed = seed
    self.elapsed = elapsed
    self.stoppedAt = stoppedAt
  }

  public static func == (a: SweepRun, b: SweepRun) -> Bool {
    a.key == b.key && a.value == b.value && a.folder == b.folder
      && a.testAccuracy == b.testAccuracy && a.seconds == b.seconds && a.seed == b.seed
      && a.elapsed == b.elapsed && a.stoppedAt == b.stoppedAt
  }

  /// A run of a time-window sweep.
  public init(timeSteps: Int, folder: String, testAccuracy: [Double], seconds: Double) {
    self.init(
      key: TimeWindowSweep.timeKey, value: "\(timeSteps)", folder: folder,
      testAccuracy: testAccuracy, seconds: seconds)
  }

  /// The time window of a time-window sweep's run (0 for other sweeps).
  public var timeSteps: Int { key == TimeWindowSweep.timeKey ? Int(value) ?? 0 : 0 }

  /// "T=100" or "scale-factor=neuron".
  public var label: String { key == TimeWindowSweep.timeKey ? "T=\(value)" : "\(key)=\(value)" }

  /// The value as a number, when it is one (time windows, EMA weights).
  public var number: Double? { Double(value) }
}

/// Runs a preset once per value of one of its keys: the time window (Figure 4) or any other
/// (ablations of ASF-BP's switches).
public enum TimeWindowSweep {
  /// The key of the time window, and its column in sweep.csv.
  public static let timeKey = "time-steps"
  static let timeColumn = "time_steps"

  /// Trains `preset` for `epochs` epochs at every T in `timeSteps`, each run in
  /// `folder`/T<n>; `report` is called after each run.
  public static func run(
    preset: Preset, timeSteps: [Int], epochs: Int, seeds: [Int]? = nil, budget: Double? = nil,
    dataDirectory: String?, folder: String, report: (SweepRun) -> Void = { _ in }
  ) throws -> [SweepRun] {
    try run(
      preset: preset, key: timeKey, values: timeSteps.map(String.init), epochs: epochs,
      seeds: seeds, budget: budget, dataDirectory: dataDirectory, folder: folder, report: report)
  }

  /// The run folder of one value: `folder`/T<n> for time windows, else `folder`/<key>-<value>.
  static func runFolder(_ folder: String, key: String, value: String, seed: Int? = nil) -> String {
    let seedPart = seed.map { "-seed\($0)" } ?? ""
    return key == timeKey
      ? folder + "/T\(value)\(seedPart)"
      : folder + "/" + RunFolder.safeName("\(key)-\(value)\(seedPart)")
  }

  /// Trains `preset` for `epochs` epochs once for every value of `key` (each applied as the
  /// preset key, checked before anything trains) — with `seeds`, once per value and seed —
  /// each run in its own folder; `report` is called after each run. A folder that already
  /// holds a sweep or one of its runs is refused. With a `budget` (seconds of training, testing
  /// not counted) a run stops at the first batch that ends past it, saves its checkpoint there
  /// and is tested: its last row is the epoch the budget cut short (every method gets the same
  /// wall-clock time, give or take a batch). A preset's gradient checks count as training.
  public static func run(
    preset: Preset, key: String, values: [String], epochs: Int, seeds: [Int]? = nil,
    budget: Double? = nil, dataDirectory: String?, folder: String,
    report: (SweepRun) -> Void = { _ in }
  ) throws -> [SweepRun] {
    if FileManager.default.fileExists(atPath: folder + "/" + fileName) {
      throw WorkbenchError.runFolderInUse(path: folder)
    }
    let plan: [(value: String, seed: Int?)] = values.flatMap { value in
      seeds.map { $0.map { (value, Optional($0)) } } ?? [(value, nil)]
    }
    let folders = plan.map { runFolder(folder, key: key, value: $0.value, seed: $0.seed) }
    if let taken = folders.first(where: RunFolder.holdsRun) {
      throw WorkbenchError.runFolderInUse(path: taken)
    }
    var base = preset
    try base.apply(["epochs": epochs], source: "sweep")
    // Every value is checked first: a bad one late in the list must not cost the others.
    let presets = try plan.map { item in
      var current = base
      try current.apply([key: typed(item.value)], source: "sweep --vary \(key)=\(item.value)")
      if let seed = item.seed { try current.apply(["seed": seed], source: "sweep --seeds") }
      return current
    }
    let data = try DataSplits.load(for: base, dataDirectory: dataDirectory)
    var runs: [SweepRun] = []
    for ((item, current), runFolder) in zip(zip(plan, presets), folders) {
      let start = Date()
      let run = try TrainingRun(preset: current, data: data, folder: runFolder)
      let results = try run.run(
        report: { _ in }, shouldStop: { budget.map { run.trainingSeconds >= $0 } ?? false })
      var accuracy = results.map(\.testAccuracy)
      var elapsed = results.reduce(into: [Double]()) { sums, epoch in
        sums.append((sums.last ?? 0) + epoch.trainSeconds + epoch.testSeconds)
      }
      var stop: BudgetStop?
      if !run.isFinished {
        // The budget ran out: inside an epoch, the run is saved where it stopped and tested
        // (at an epoch's end the epoch's own checkpoint and test stand); the run folder
        // records the stop and the figure.
        stop = BudgetStop(
          epoch: run.epoch + 1, batch: run.batchInEpoch, batches: run.batchesPerEpoch,
          trainingSeconds: run.trainingSeconds)
        var notice = "stopped by the sweep's budget " + (stop?.description ?? "")
        if run.batchInEpoch > 0 {
          if let path = run.checkpointPath { try run.saveCheckpoint(to: path) }
          let testStart = Date()
          accuracy.append(try run.evaluate(.test))
          elapsed.append(
            (elapsed.last ?? 0) + run.secondsInEpoch + Date().timeIntervalSince(testStart))
          notice += String(
            format: "; test accuracy %.2f %% on %d samples", (accuracy.last ?? 0) * 100,
            data.test.count)
        }
        run.recordState("stopped")
        run.recordNotice(notice)
      }
      let result = SweepRun(
        key: key, value: item.value, folder: runFolder, testAccuracy: accuracy,
        seconds: Date().timeIntervalSince(start), seed: item.seed, elapsed: elapsed,
        stoppedAt: stop)
      runs.append(result)
      try csv(runs).write(toFile: folder + "/" + fileName, atomically: true, encoding: .utf8)
      report(result)
    }
    return runs
  }

  /// "key=a,b,c" → (key, [a, b, c]), the values trimmed; nil unless there is a key and at
  /// least one value, none of them empty (a sweep on the command line or in a preset).
  public static func parse(_ text: String) -> (key: String, values: [String])? {
    let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
    guard parts.count == 2, !parts[0].isEmpty else { return nil }
    let values = parts[1].split(separator: ",").map {
      $0.trimmingCharacters(in: .whitespaces)
    }
    guard !values.isEmpty, values.allSatisfy({ !$0.isEmpty }) else { return nil }
    return (parts[0], values)
  }

  /// A value as YAML would type it: a whole number, a number, or a word.
  static func typed(_ value: String) -> Any {
    if let number = Int(value) { return number }
    if let number = Double(value) { return number }
    return value
  }
}
