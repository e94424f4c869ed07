// `asf-tui eval`: spiking inference of a checkpoint on the test set of its preset, at its T
// or over a list of time windows (the latency curve: accuracy against inference steps), with
// the synaptic operations per sample and an energy estimate against the same network as an
// ANN.

import ArgumentParser
import Foundation
import SpikingCore
import TerminalKit
import Workbench

struct Eval: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract:
      "Evaluate a checkpoint: test accuracy of spiking inference, synaptic operations and energy, at one T or a list (latency curve)."
  )

  @Option(
    help: ArgumentHelp(
      "The checkpoint to evaluate: a file, or a trained network shipped with asf-tui (see 'asf-tui presets').",
      valueName: "FILE|NAME"))
  var checkpoint: String

  @Option(
    name: .customLong("T"), parsing: .unconditional,
    help:
      "Evaluate with this time window instead of the saved one, or with each of a comma-separated list (5,10,20,50,100) for the latency curve."
  )
  var timeSteps: String?

  @Option(parsing: .unconditional, help: "Test on the first N test samples only.")
  var testLimit: Int?

  @Option(help: "Also write the latency curve as a chart: FILE.svg or FILE.txt.")
  var chart: String?

  @Option(help: "Folder with the data sets (else $ASF_DATA_DIR, else ../shared/datasets).")
  var dataDir: String?

  func validate() throws {
    try TimeWindowList.validate(timeSteps)
    if let chart {
      do {
        try OutputFile.check(chart, extensions: [".svg", ".txt"], what: "the chart")
      } catch {
        throw ValidationError("--chart: \(error)")
      }
    }
  }

  func run() throws {
    try reportingErrors {
      let saved = try CheckpointSource.read(checkpoint)
      var preset = try Preset(yaml: saved.header.preset, source: checkpoint)
      if let testLimit { try preset.apply(["test-limit": testLimit], source: "--test-limit") }
      let data = try DataSplits.load(for: preset, dataDirectory: dataDir)
      let run = try TrainingRun(
        preset: preset, data: data, folder: nil, resume: saved, resumePath: checkpoint)
      let windows = TimeWindowList.resolve(timeSteps, fallback: [run.trainer.network.timeSteps])
      let points = try run.latencyCurve(windows: windows) { Date().timeIntervalSinceReferenceDate }
      let layers = run.trainer.network.layers
      if let point = points.first, points.count == 1 {
        let energy = EnergyEstimate(synapticOperations: point.synapticOperations, layers: layers)
        print(
          String(
            format: "test accuracy %.2f %% (%d samples, T=%d, after epoch %d), %.0f s",
            point.accuracy * 100, data.test.count, point.timeSteps, saved.header.epoch,
            point.seconds) + " [\(preset.name)]")
        print(Self.energyLine(energy))
      } else {
        print("latency curve of \(checkpoint) (\(data.test.count) test samples, \(preset.name)):")
        for line in Self.table(points, layers: layers) { print(line) }
        let dense = EnergyEstimate(synapticOperations: 0, layers: layers)
        print(
          "the same network as an ANN: \(CompactNumber.string(dense.multiplyAccumulates)) MACs, "
            + String(format: "%.2f µJ", dense.denseMicrojoules) + " per inference ("
            + EnergyEstimate.source + ")")
        print(TextRenderer.render(Self.chart(points, width: 72, height: 14)))
      }
      if let chart {
        try FrameFile(canvas: Self.chart(points, width: 100, height: 30), title: "latency curve")
          .write(to: chart)
        print("chart written: \(chart)")
      }
    }
  }

  /// "12.3M synaptic operations per inference ≈ 11.1 µJ; as an ANN: 5.8M MACs ≈ 26.7 µJ".
  static func energyLine(_ energy: EnergyEstimate) -> String {
    "\(CompactNumber.string(energy.synapticOperations)) synaptic operations per inference ≈ "
      + String(format: "%.2f µJ", energy.spikingMicrojoules) + "; the same network as an ANN: "
      + "\(CompactNumber.string(energy.multiplyAccumulates)) MACs ≈ "
      + String(format: "%.2f µJ", energy.denseMicrojoules) + " (" + EnergyEstimate.source + ")"
  }

  /// The rows of the latency table: T, accuracy, SOPs and energy per inference, seconds.
  static func table(_ points: [InferencePoint], layers: [LayerInfo]) -> [String] {
    var lines = ["     T  accuracy  SOPs/inference  energy (µJ)  seconds"]
    for point in points {
      let energy = EnergyEstimate(synapticOperations: point.synapticOperations, layers: layers)
      let operations = CompactNumber.string(point.synapticOperations)
      lines.append(
        String(format: "%6d  %7.2f %%  ", point.timeSteps, point.accuracy * 100)
          + String(repeating: " ", count: max(0, 14 - operations.count)) + operations
          + String(format: "  %11.2f  %7.1f", energy.spikingMicrojoules, point.seconds))
    }
    return lines
  }

  /// Accuracy (%) against T, on a canvas of its own.
  static func chart(_ points: [InferencePoint], width: Int, height: Int) -> Canvas {
    var canvas = Canvas(width: width, height: height)
    let series = LineChart.Series(
      name: "test accuracy (%) against inference time steps T",
      points: points.map { (Double($0.timeSteps), $0.accuracy * 100) }, style: .plain,
      marker: "o")
    LineChart(series: [series], axisStyle: .plain).render(in: canvas.bounds, on: &canvas)
    return canvas
  }
}
