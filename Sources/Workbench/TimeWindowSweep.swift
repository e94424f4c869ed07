// Figure 4 of the paper: accuracy against the time window T. Trains one recorded run per T
// (same preset, same seed) and collects the test accuracy after every epoch.

import Foundation

/// The result of one run of a sweep.
public struct SweepRun: Sendable, Equatable {
  public let timeSteps: Int
  public let folder: String
  /// Test accuracy (0…1) after each epoch.
  public let testAccuracy: [Double]
  public let seconds: Double

  public init(timeSteps: Int, folder: String, testAccuracy: [Double], seconds: Double) {
    self.timeSteps = timeSteps
    self.folder = folder
    self.testAccuracy = testAccuracy
    self.seconds = seconds
  }
}

/// Runs a preset once per time window.
public enum TimeWindowSweep {
  /// Trains `preset` for `epochs` epochs at every T in `timeSteps`, each run in
  /// `folder`/T<n>; `report` is called after each run. A folder that already holds a sweep
  /// or one of its runs is refused before anything trains.
  public static func run(
    preset: Preset, timeSteps: [Int], epochs: Int, dataDirectory: String?, folder: String,
    report: (SweepRun) -> Void = { _ in }
  ) throws -> [SweepRun] {
    if FileManager.default.fileExists(atPath: folder + "/" + fileName) {
      throw WorkbenchError.runFolderInUse(path: folder)
    }
    if let taken = timeSteps.map({ folder + "/T\($0)" }).first(where: RunFolder.holdsRun) {
      throw WorkbenchError.runFolderInUse(path: taken)
    }
    var base = preset
    try base.apply(["epochs": epochs], source: "sweep")
    let data = try DataSplits.load(for: base, dataDirectory: dataDirectory)
    var runs: [SweepRun] = []
    for steps in timeSteps {
      var current = base
      try current.apply(["time-steps": steps], source: "sweep")
      let runFolder = folder + "/T\(steps)"
      let start = Date()
      let run = try TrainingRun(preset: current, data: data, folder: runFolder)
      let results = try run.run(report: { _ in })
      let result = SweepRun(
        timeSteps: steps, folder: runFolder, testAccuracy: results.map(\.testAccuracy),
        seconds: Date().timeIntervalSince(start))
      runs.append(result)
      try csv(runs).write(toFile: folder + "/" + fileName, atomically: true, encoding: .utf8)
      report(result)
    }
    return runs
  }

  public static let fileName = "sweep.csv"
  static let header = "time_steps,epoch,test_accuracy,run_seconds"

  /// One row per (T, epoch): T, epoch, test accuracy, and the run's seconds.
  public static func csv(_ runs: [SweepRun]) -> String {
    var lines = [header]
    for run in runs {
      for (epoch, accuracy) in run.testAccuracy.enumerated() {
        lines.append(
          "\(run.timeSteps),\(epoch + 1)," + String(format: "%.4f,%.1f", accuracy, run.seconds))
      }
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// Reads back `folder`/sweep.csv as `csv(_:)` wrote it: the rows of one T (which must be
  /// consecutive, epochs 1, 2, … in order) make one run, whose folder is `folder`/T<n>.
  /// A sweep cut short lists only the runs it finished.
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
    guard first == header else {
      throw WorkbenchError.badTableHeader(path: path, found: first, expected: header)
    }
    var runs: [SweepRun] = []
    for (index, line) in lines.enumerated().dropFirst() where !line.isEmpty {
      let number = index + 1
      let cells = line.split(separator: ",", omittingEmptySubsequences: false)
      guard cells.count == 4 else {
        throw WorkbenchError.badTableRow(
          path: path, line: number, reason: "\(cells.count) cells, expected 4")
      }
      guard let steps = Int(cells[0]), steps > 0, let epoch = Int(cells[1]), epoch > 0,
        let accuracy = Double(cells[2]), (0...1).contains(accuracy),
        let seconds = Double(cells[3]), seconds >= 0
      else {
        throw WorkbenchError.badTableRow(
          path: path, line: number,
          reason: "expected T > 0, epoch > 0, accuracy 0…1 and seconds ≥ 0, found '\(line)'")
      }
      if let last = runs.last, last.timeSteps == steps {
        guard epoch == last.testAccuracy.count + 1 else {
          throw WorkbenchError.badTableRow(
            path: path, line: number,
            reason: "epoch \(epoch) of T=\(steps) follows epoch \(last.testAccuracy.count)")
        }
        runs[runs.count - 1] = SweepRun(
          timeSteps: steps, folder: last.folder, testAccuracy: last.testAccuracy + [accuracy],
          seconds: seconds)
      } else {
        guard !runs.contains(where: { $0.timeSteps == steps }) else {
          throw WorkbenchError.badTableRow(
            path: path, line: number, reason: "T=\(steps) appears again after other time windows")
        }
        guard epoch == 1 else {
          throw WorkbenchError.badTableRow(
            path: path, line: number, reason: "T=\(steps) starts at epoch \(epoch), not 1")
        }
        runs.append(
          SweepRun(
            timeSteps: steps, folder: folder + "/T\(steps)", testAccuracy: [accuracy],
            seconds: seconds))
      }
    }
    guard !runs.isEmpty else {
      throw WorkbenchError.emptyTable(path: path, hint: "the sweep finished no run")
    }
    return runs
  }
}
