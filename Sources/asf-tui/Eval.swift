// `asf-tui eval`: spiking inference of a checkpoint on the test set of its preset.

import ArgumentParser
import Foundation
import SpikingCore
import Workbench

struct Eval: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Evaluate a checkpoint: test accuracy of spiking inference.")

  @Option(help: "The checkpoint file to evaluate.")
  var checkpoint: String

  @Option(
    name: .customLong("T"), parsing: .unconditional,
    help: "Evaluate with this time window instead of the saved one.")
  var timeSteps: Int?

  @Option(parsing: .unconditional, help: "Test on the first N test samples only.")
  var testLimit: Int?

  @Option(help: "Folder with the data sets (else $ASF_DATA_DIR, else ../shared/datasets).")
  var dataDir: String?

  func run() throws {
    try reportingErrors {
      let saved = try Checkpoint.read(from: checkpoint)
      var preset = try Preset(yaml: saved.header.preset, source: checkpoint)
      var overrides: [String: Any] = [:]
      if let timeSteps { overrides["time-steps"] = timeSteps }
      if let testLimit { overrides["test-limit"] = testLimit }
      try preset.apply(overrides, source: "command-line overrides")
      let data = try DataSplits.load(for: preset, dataDirectory: dataDir)
      let run = try TrainingRun(
        preset: preset, data: data, folder: nil, resume: saved, resumePath: checkpoint)
      let start = Date()
      let accuracy = try run.evaluate(.test)
      let seconds = Date().timeIntervalSince(start)
      print(
        String(
          format: "test accuracy %.2f %% (%d samples, T=%d, after epoch %d), %.0f s",
          accuracy * 100,
          data.test.count, run.trainer.network.timeSteps, saved.header.epoch, seconds)
          + " [\(preset.name)]")
    }
  }
}
