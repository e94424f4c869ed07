// Figure 4 of the paper: accuracy against the time window T. Trains one recorded run per T
// (same preset, same seed) and collects the test accuracy after every epoch.

import Foundation

/// The result of one run of a sweep.
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

  /// A value as YAML would type it: a whole number, a number, or a word.
  static func typed(_ value: String) -> Any {
    if let number = Int(value) { return number }
    if let number = Double(value) { return number }
    return value
  }

  public static let fileName = "sweep.csv"
  static let header = "time_steps,epoch,test_accuracy,run_seconds,elapsed_seconds"
  static let columns = ",epoch,test_accuracy,run_seconds,elapsed_seconds"
  /// The columns of sweep.csv files written before elapsed_seconds.
  static let earlierColumns = ",epoch,test_accuracy,run_seconds"

  /// One row per (value, epoch): the value, the epoch, the test accuracy, the run's seconds
  /// and the seconds from its start to the epoch's end (empty when unknown); the first column
  /// is named time_steps for time windows, else by the key.
  public static func csv(_ runs: [SweepRun]) -> String {
    let key = runs.first?.key ?? timeKey
    let seeded = runs.contains { $0.seed != nil }
    var lines = [(key == timeKey ? timeColumn : key) + (seeded ? ",seed" : "") + columns]
    for run in runs {
      for (epoch, accuracy) in run.testAccuracy.enumerated() {
        let seed = seeded ? ",\(run.seed ?? 0)" : ""
        let elapsed =
          run.elapsed.indices.contains(epoch) ? String(format: "%.1f", run.elapsed[epoch]) : ""
        lines.append(
          "\(run.value)\(seed),\(epoch + 1),"
            + String(format: "%.4f,%.1f,", accuracy, run.seconds) + elapsed)
      }
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// Reads back `folder`/sweep.csv as `csv(_:)` wrote it: the rows of one value (which must
  /// be consecutive, epochs 1, 2, … in order) make one run, in the run folder the sweep gave
  /// it. A sweep cut short lists only the runs it finished.
  public static func load(folder: String) throws -> [SweepRun] {
    let path = folder + "/" + fileName
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
      throw WorkbenchError.unreadableTable(
        path: path, hint: "is this a sweep folder written by 'asf-tui sweep'?")
    }
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
      $0.trimmingCharacters(in: .whitespaces)
    }
    guard let first = lines.first, !first.isEmpty else {
      throw WorkbenchError.emptyTable(path: path, hint: "the sweep finished no run")
    }
    let column = String(first.prefix { $0 != "," })
    // A sweep over seeds has a seed column after the value.
    let timed = first.hasSuffix(columns)
    let seeded = first == column + ",seed" + (timed ? columns : earlierColumns)
    guard first == column + (timed ? columns : earlierColumns) || seeded, !column.isEmpty,
      column == timeColumn || Preset.knownKeys.contains(column)
    else {
      throw WorkbenchError.badTableHeader(
        path: path, found: first,
        expected: header + " (or a preset key for time_steps; a seed column after it)")
    }
    let key = column == timeColumn ? timeKey : column
    let width = (seeded ? 5 : 4) + (timed ? 1 : 0)
    var runs: [SweepRun] = []
    for (index, line) in lines.enumerated().dropFirst() where !line.isEmpty {
      let number = index + 1
      var cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
      guard cells.count == width else {
        throw WorkbenchError.badTableRow(
          path: path, line: number, reason: "\(cells.count) cells, expected \(width)")
      }
      var seed: Int?
      if seeded {
        guard let number = Int(cells[1]) else {
          throw WorkbenchError.badTableRow(
            path: path, line: number, reason: "the seed '\(cells[1])' is not a whole number")
        }
        seed = number
        cells.remove(at: 1)
      }
      let value = cells[0]
      guard !value.isEmpty, key != timeKey || (Int(value) ?? 0) > 0,
        let epoch = Int(cells[1]), epoch > 0,
        let accuracy = Double(cells[2]), (0...1).contains(accuracy),
        let seconds = Double(cells[3]), seconds >= 0,
        !timed || cells[4].isEmpty || (Double(cells[4]) ?? -1) >= 0
      else {
        throw WorkbenchError.badTableRow(
          path: path, line: number,
          reason:
            "expected \(key == timeKey ? "T > 0" : "a value"), epoch > 0, accuracy 0…1 and seconds ≥ 0 (elapsed seconds ≥ 0 or empty), found '\(line)'"
        )
      }
      let elapsed = timed ? Double(cells[4]) : nil
      let label =
        (key == timeKey ? "T=\(value)" : "\(key)=\(value)") + (seed.map { " seed \($0)" } ?? "")
      if let last = runs.last, last.value == value, last.seed == seed {
        guard epoch == last.testAccuracy.count + 1 else {
          throw WorkbenchError.badTableRow(
            path: path, line: number,
            reason: "epoch \(epoch) of \(label) follows epoch \(last.testAccuracy.count)")
        }
        // Elapsed seconds are kept only while every epoch of the run has them.
        let times =
          elapsed.map { last.elapsed.count == last.testAccuracy.count ? last.elapsed + [$0] : [] }
          ?? []
        runs[runs.count - 1] = SweepRun(
          key: key, value: value, folder: last.folder,
          testAccuracy: last.testAccuracy + [accuracy], seconds: seconds, seed: seed,
          elapsed: times)
      } else {
        guard !runs.contains(where: { $0.value == value && $0.seed == seed }) else {
          throw WorkbenchError.badTableRow(
            path: path, line: number,
            reason:
              "\(label) appears again after other \(key == timeKey ? "time windows" : "values")")
        }
        guard epoch == 1 else {
          throw WorkbenchError.badTableRow(
            path: path, line: number, reason: "\(label) starts at epoch \(epoch), not 1")
        }
        runs.append(
          SweepRun(
            key: key, value: value, folder: runFolder(folder, key: key, value: value, seed: seed),
            testAccuracy: [accuracy], seconds: seconds, seed: seed,
            elapsed: elapsed.map { [$0] } ?? []))
      }
    }
    guard !runs.isEmpty else {
      throw WorkbenchError.emptyTable(path: path, hint: "the sweep finished no run")
    }
    return runs
  }
}
