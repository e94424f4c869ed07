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
    name: .customLong("T"), parsing: .unconditional,
    help: "Time windows, comma-separated, e.g. 100,200,300 (default: the preset's time-windows).")
  var timeSteps: String?

  @Option(
    help: ArgumentHelp(
      "Vary another preset key instead of T, e.g. scale-factor=layer,neuron,fixed or gradient-mask=on,off.",
      valueName: "KEY=V1,V2,…"))
  var vary: String?

  @Option(
    help:
      "Train every run with asf-bp (the paper), bptt (the baseline), ottt, sltt or rate-bp (default: the preset's)."
  )
  var method: Choice<TrainingMethod>?

  @Option(parsing: .unconditional, help: "Epochs per run.")
  var epochs = 1

  @Option(
    help: ArgumentHelp(
      "Seeds, comma-separated: every value is trained once per seed and the chart shows the mean ± spread (--vary seed=1,2,3 alone repeats the preset itself).",
      valueName: "S1,S2,…"))
  var seeds: String?

  @Option(parsing: .unconditional, help: "Train on the first N training samples of each run.")
  var trainLimit: Int?

  @Option(parsing: .unconditional, help: "Test on the first N test samples of each run.")
  var testLimit: Int?

  @Option(
    parsing: .unconditional,
    help: ArgumentHelp(
      "Seconds of training per run (testing not counted): a run stops at the first batch that ends past it, is saved and tested, so that every value gets the same wall-clock time (default: whole epochs).",
      valueName: "SECONDS"))
  var budget: Double?

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
      guard let (_, values) = TimeWindowSweep.parse(vary) else {
        throw ValidationError(
          "--vary must look like KEY=V1,V2 (e.g. scale-factor=layer,neuron), not '\(vary)'.")
      }
      guard Set(values).count == values.count else {
        throw ValidationError("--vary: a value appears twice in \(values.joined(separator: ",")).")
      }
    }
    if let budget, !(budget > 0 && budget <= 1_000_000) {
      throw ValidationError(
        "--budget must be more than 0 and at most 1000000 seconds of training, not \(budget).")
    }
    guard (1...10_000).contains(epochs) else {
      throw ValidationError("--epochs must be from 1 to 10000, not \(epochs).")
    }
    for (name, limit) in [("--train-limit", trainLimit), ("--test-limit", testLimit)] {
      if let limit, !(1...10_000_000).contains(limit) {
        throw ValidationError("\(name) must be from 1 to 10000000 samples, not \(limit).")
      }
    }
    _ = try seedList()
  }

  /// The seeds of --seeds, or of --vary seed=…; nil for the preset's seed alone.
  func seedList() throws -> [Int]? {
    let text: String?
    if let vary, let (key, values) = TimeWindowSweep.parse(vary), key == "seed" {
      guard seeds == nil else {
        throw ValidationError("--vary seed=… and --seeds both give seeds: give one.")
      }
      text = values.joined(separator: ",")
    } else {
      text = seeds
    }
    guard let text else { return nil }
    let parts = text.split(separator: ",", omittingEmptySubsequences: false).map {
      $0.trimmingCharacters(in: .whitespaces)
    }
    let numbers = parts.compactMap { Int($0) }.filter { $0 >= 0 }
    guard numbers.count == parts.count, !numbers.isEmpty else {
      throw ValidationError(
        "seeds are whole numbers from 0 up, comma-separated (e.g. 1,2,3), not '\(text)'.")
    }
    guard Set(numbers).count == numbers.count else {
      throw ValidationError("a seed appears twice in \(text).")
    }
    return numbers
  }

  /// The preset keys a sweep can vary: those that change what is trained or measured.
  static let variableKeys = Preset.knownKeys.filter {
    ![
      "name", "description", "reproduces", "paper-accuracy", "epochs", "layers", "experiment",
      "record-every", "workers", "latency-samples", "sweep", "time-windows", "trials",
    ].contains($0)
  }

  func run() throws {
    try reportingErrors {
      var setup = try PresetLibrary.load(preset)
      if let method {
        try setup.apply(["method": method.value.rawValue], source: "command-line overrides")
      }
      var limits: [String: Any] = [:]
      if let trainLimit { limits["train-limit"] = trainLimit }
      if let testLimit { limits["test-limit"] = testLimit }
      if !limits.isEmpty { try setup.apply(limits, source: "command-line overrides") }
      let seeds = try seedList()
      // --vary seed=… repeats the preset at its own time window over the seeds.
      if let vary, let (key, _) = TimeWindowSweep.parse(vary), key == "seed" {
        try setup.requireTraining()
        let folder = out ?? Train.defaultFolder(for: "sweep-\(setup.name)-seeds")
        print(
          "sweep \(setup.name): seeds \(seeds?.map(String.init).joined(separator: ",") ?? ""), T=\(setup.timeSteps), \(epochs) epoch(s)\(budgetText) each; folder \(folder)"
        )
        let runs = try TimeWindowSweep.run(
          preset: setup, timeSteps: [setup.timeSteps], epochs: epochs, seeds: seeds,
          budget: budget, dataDirectory: dataDir, folder: folder
        ) { run in print("seed \(run.seed ?? 0): " + Self.outcome(run)) }
        try writeChart(runs, name: setup.name, folder: folder)
        return
      }
      if let vary = vary ?? (timeSteps == nil ? setup.sweep : nil),
        let (key, values) = TimeWindowSweep.parse(vary)
      {
        try setup.requireTraining()
        let folder = out ?? Train.defaultFolder(for: "sweep-\(setup.name)-\(key)")
        print(
          "sweep \(setup.name): \(key) = \(values.joined(separator: ",")), \(epochs) epoch(s)\(budgetText) each; folder \(folder)"
        )
        let runs = try TimeWindowSweep.run(
          preset: setup, key: key, values: values, epochs: epochs, seeds: seeds,
          budget: budget, dataDirectory: dataDir, folder: folder
        ) { run in
          print(run.label + (run.seed.map { " seed \($0)" } ?? "") + ": " + Self.outcome(run))
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
        "sweep \(setup.name): T = \(list.map(String.init).joined(separator: ",")), \(epochs) epoch(s)\(budgetText) each; folder \(folder)"
      )
      let runs = try TimeWindowSweep.run(
        preset: setup, timeSteps: list, epochs: epochs, seeds: seeds, budget: budget,
        dataDirectory: dataDir, folder: folder
      ) { run in
        print(
          "T=\(run.timeSteps)" + (run.seed.map { " seed \($0)" } ?? "") + ": " + Self.outcome(run))
      }
      try writeChart(runs, name: setup.name, folder: folder)
    }
  }

  /// ", a budget of 60 s of training" with --budget.
  private var budgetText: String {
    budget.map { ", a budget of \(Self.seconds($0)) s of training" } ?? ""
  }

  /// 60 → "60", 0.5 → "0.5", 1e-6 → "1e-06".
  static func seconds(_ value: Double) -> String {
    value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : "\(value)"
  }

  /// "test accuracy 98.70 % (66 s in all)", and where a budget stopped the run, ", stopped by
  /// the budget in epoch 1 after batch 250 of 1875 (60.0 s of training)".
  static func outcome(_ run: SweepRun) -> String {
    String(
      format: "test accuracy %.2f %% (%.0f s in all)", (run.testAccuracy.last ?? 0) * 100,
      run.seconds) + (run.stoppedAt.map { ", stopped by the budget " + $0.description } ?? "")
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
