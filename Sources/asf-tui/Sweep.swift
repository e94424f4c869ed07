// `asf-tui sweep`: Figure 4, accuracy against the time window, one recorded run per T.

import ArgumentParser
import Foundation
import SpikingCore
import TerminalKit
import Workbench
import WorkbenchUI

struct Sweep: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Train one run per time window T and chart accuracy against T (Figure 4).")

  @Option(help: "The preset to sweep (default: fig4-time-window).")
  var preset = "fig4-time-window"

  @Option(
    name: .customLong("T"),
    help: "Time windows, comma-separated, e.g. 100,200,300 (default: the preset's time-windows).")
  var timeSteps: String?

  @Option(help: "Train with asf-bp (the paper) or bptt (the baseline) (default: the preset's).")
  var method: Choice<TrainingMethod>?

  @Option(parsing: .unconditional, help: "Epochs per run.")
  var epochs = 1

  @Option(help: "The sweep folder (default: runs/sweep-<preset>-<date>-<time>).")
  var out: String?

  @Option(help: "Folder with the data sets (else $ASF_DATA_DIR, else ../shared/datasets).")
  var dataDir: String?

  func validate() throws {
    try TimeWindowList.validate(timeSteps)
    guard (1...10_000).contains(epochs) else {
      throw ValidationError("--epochs must be from 1 to 10000, not \(epochs).")
    }
  }

  func run() throws {
    try reportingErrors {
      var setup = try PresetLibrary.load(preset)
      if let method {
        try setup.apply(["method": method.value.rawValue], source: "command-line overrides")
      }
      let list = TimeWindowList.resolve(timeSteps, fallback: setup.timeWindows)
      guard !list.isEmpty else {
        throw ValidationError(
          "Preset '\(setup.name)' has no time-windows: give the time windows with --T, e.g. --T 100,200,300."
        )
      }
      try setup.requireTraining()
      // The folder appears with the first run, once the data has loaded.
      let folder = out ?? Train.defaultFolder(for: "sweep-\(setup.name)")
      print(
        "sweep \(setup.name): T = \(list.map(String.init).joined(separator: ",")), \(epochs) epoch(s) each; folder \(folder)"
      )
      let runs = try TimeWindowSweep.run(
        preset: setup, timeSteps: list, epochs: epochs, dataDirectory: dataDir,
        folder: folder
      ) { run in
        let accuracy = (run.testAccuracy.last ?? 0) * 100
        print(
          String(
            format: "T=%d: test accuracy %.2f %% (%.0f s)", run.timeSteps, accuracy, run.seconds))
      }
      let chart = FrameFile(
        SweepChart(runs: runs, title: setup.name), width: 120, height: 30,
        title: "asf-tui sweep — \(setup.name)")
      try chart.write(to: folder + "/sweep.svg")
      try chart.write(to: folder + "/sweep.txt")
      print("wrote \(folder)/sweep.csv, sweep.svg and sweep.txt")
    }
  }
}
