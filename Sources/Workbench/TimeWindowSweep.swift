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
}

/// Runs a preset once per time window.
public enum TimeWindowSweep {
  /// Trains `preset` for `epochs` epochs at every T in `timeSteps`, each run in
  /// `folder`/T<n>; `report` is called after each run.
  public static func run(
    preset: Preset, timeSteps: [Int], epochs: Int, dataDirectory: String?, folder: String,
    report: (SweepRun) -> Void = { _ in }
  ) throws -> [SweepRun] {
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
      try csv(runs).write(toFile: folder + "/sweep.csv", atomically: true, encoding: .utf8)
      report(result)
    }
    return runs
  }

  /// One row per (T, epoch): T, epoch, test accuracy, and the run's seconds.
  public static func csv(_ runs: [SweepRun]) -> String {
    var lines = ["time_steps,epoch,test_accuracy,run_seconds"]
    for run in runs {
      for (epoch, accuracy) in run.testAccuracy.enumerated() {
        lines.append(
          "\(run.timeSteps),\(epoch + 1)," + String(format: "%.4f,%.1f", accuracy, run.seconds))
      }
    }
    return lines.joined(separator: "\n") + "\n"
  }
}
