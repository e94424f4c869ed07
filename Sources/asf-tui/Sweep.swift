// `asf-tui sweep`: Figure 4, accuracy against the time window, one recorded run per T.

import ArgumentParser
import Foundation
import SpikingCore
import TerminalKit
import Workbench
import WorkbenchUI

struct Sweep: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract:
      "Train one run per time window T (Figure 4) or per value of another key (--vary), and chart the accuracy."
  )

  @Option(help: "The preset to sweep (default: fig4-time-window).")
  var preset = "fig4-time-window"

  @Option(
    name: .customLong("T"),
    help: "Time windows, comma-separated, e.g. 100,200,300 (default: the preset's time-windows).")
  var timeSteps: String?

  @Option(
    help: ArgumentHelp(
      "Vary another preset key instead of T, e.g. scale-factor=layer,neuron,fixed or gradient-mask=on,off.",
      valueName: "KEY=V1,V2,…"))
  var vary: String?

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
    if let vary {
      guard timeSteps == nil else {
        throw ValidationError("--vary and --T each choose what the sweep varies: give one.")
      }
      // The key first, so that a misspelt key is named even before its values.
      let variable = Self.variableKeys
      let typedKey = String(vary.split(separator: "=", maxSplits: 1).first ?? "")
      guard typedKey.isEmpty || variable.contains(typedKey) else {
        throw ValidationError(
          "--vary: '\(typedKey)' is not a preset key a sweep can vary.\(Suggestion.sentence(for: typedKey, among: variable, aliases: Preset.keyAliases)) Keys: \(variable.joined(separator: ", "))."
        )
      }
      guard let (_, values) = Self.parse(vary) else {
        throw ValidationError(
          "--vary must look like KEY=V1,V2 (e.g. scale-factor=layer,neuron), not '\(vary)'.")
      }
      guard Set(values).count == values.count else {
        throw ValidationError("--vary: a value appears twice in \(values.joined(separator: ",")).")
      }
    }
    guard (1...10_000).contains(epochs) else {
      throw ValidationError("--epochs must be from 1 to 10000, not \(epochs).")
    }
  }

  /// "key=a,b,c" → (key, [a, b, c]); nil unless there is a key and at least one value.
  /// The preset keys a sweep can vary: those that change what is trained or measured.
  static let variableKeys = Preset.knownKeys.filter {
    ![
      "name", "description", "reproduces", "paper-accuracy", "epochs", "layers", "experiment",
      "record-every", "workers", "latency-samples", "sweep", "time-windows", "trials",
    ].contains($0)
  }

  static func parse(_ text: String) -> (String, [String])? {
    let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
    guard parts.count == 2, !parts[0].isEmpty else { return nil }
    let values = parts[1].split(separator: ",").map {
      $0.trimmingCharacters(in: .whitespaces)
    }
    guard !values.isEmpty, values.allSatisfy({ !$0.isEmpty }) else { return nil }
    return (parts[0], values)
  }

  func run() throws {
    try reportingErrors {
      var setup = try PresetLibrary.load(preset)
      if let method {
        try setup.apply(["method": method.value.rawValue], source: "command-line overrides")
      }
      if let vary = vary ?? (timeSteps == nil ? setup.sweep : nil),
        let (key, values) = Self.parse(vary)
      {
        try setup.requireTraining()
        let folder = out ?? Train.defaultFolder(for: "sweep-\(setup.name)-\(key)")
        print(
          "sweep \(setup.name): \(key) = \(values.joined(separator: ",")), \(epochs) epoch(s) each; folder \(folder)"
        )
        let runs = try TimeWindowSweep.run(
          preset: setup, key: key, values: values, epochs: epochs, dataDirectory: dataDir,
          folder: folder
        ) { run in
          print(
            String(
              format: "%@: test accuracy %.2f %% (%.0f s)", run.label,
              (run.testAccuracy.last ?? 0) * 100, run.seconds))
        }
        try writeChart(runs, name: setup.name, folder: folder)
        return
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
      try writeChart(runs, name: setup.name, folder: folder)
    }
  }

  /// sweep.svg and sweep.txt beside sweep.csv.
  private func writeChart(_ runs: [SweepRun], name: String, folder: String) throws {
    let chart = FrameFile(
      SweepChart(runs: runs, title: name), width: 120, height: 30,
      title: "asf-tui sweep — \(name)")
    try chart.write(to: folder + "/sweep.svg")
    try chart.write(to: folder + "/sweep.txt")
    print("wrote \(folder)/sweep.csv, sweep.svg and sweep.txt")
  }
}
