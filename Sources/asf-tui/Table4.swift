// `asf-tui table4`: the paper's Table 4 (scale factors of one IF neuron) measured here.

import ArgumentParser
import Foundation
import Workbench

struct Table4: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "table4",
    abstract: "Reproduce Table 4: the scale factor of one IF neuron for six input distributions."
  )

  @Option(help: "A preset with the neuron-lab setup (default: table4-scale-factor).")
  var preset = "table4-scale-factor"

  @Option(
    parsing: .unconditional, help: "Trials (windows of T steps with fresh pixels) per distribution."
  )
  var trials: Int?

  @Option(parsing: .unconditional, help: "Random seed (the same seed gives the same table).")
  var seed: Int?

  @Option(help: "Write the table as CSV to this file.")
  var csv: String?

  func validate() throws {
    if let trials, !(1...1_000_000).contains(trials) {
      throw ValidationError("--trials must be from 1 to 1000000, not \(trials).")
    }
    if let seed, seed < 0 { throw ValidationError("--seed must not be negative.") }
    if let csv, let reason = OutputFile.obstacle(csv) {
      throw ValidationError("--csv: cannot write \(csv): \(reason).")
    }
  }

  func run() throws {
    try reportingErrors {
      var setup = try PresetLibrary.load(preset)
      var overrides: [String: Any] = [:]
      if let trials { overrides["trials"] = trials }
      if let seed { overrides["seed"] = seed }
      try setup.apply(overrides, source: "command-line overrides")
      let settings = setup.neuronLabSettings
      let start = Date()
      let rows = Table4Experiment.run(
        settings: settings, trials: setup.trials, seed: setup.seed)
      print(
        "Table 4: one \(settings.leak == 1 ? "IF" : "LIF") neuron, T=\(settings.timeSteps), Vth=\(settings.threshold), \(settings.synapses) synapses of weight \(String(format: "%.4f", settings.weight)), \(setup.trials) trials per row, seed \(setup.seed)"
      )
      print("input         paper   measured ± spread    difference")
      for row in rows {
        let label = row.label.padding(toLength: 12, withPad: " ", startingAt: 0)
        print(
          label
            + String(
              format: "  %.3f   %.3f ± %.3f        %+.3f", row.paper, row.mean, row.spread,
              row.difference))
      }
      let worst = rows.map { abs($0.difference) }.max() ?? 0
      let decreasing = zip(rows, rows.dropFirst()).allSatisfy { $0.mean > $1.mean }
      print(
        String(
          format: "largest difference %.3f; measured values %@; %.1f s", worst,
          decreasing ? "strictly decrease" : "do NOT strictly decrease",
          Date().timeIntervalSince(start)))
      if let csv {
        try OutputFile.write(Table4Experiment.csv(rows), to: csv)
        print("wrote \(csv)")
      }
    }
  }
}
