// `asf-tui screenshot`: trains some real batches headless and renders a frame of the
// workbench as SVG or plain text (for Screenshots/ and for documentation).

import ArgumentParser
import Foundation
import TerminalUI
import Workbench

struct Screenshot: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Train some batches headless and render the Train screen as SVG or text.")

  @OptionGroup var options: PresetOptions

  @Option(help: "Batches to train before the frame is taken.")
  var batches = 20

  @Option(help: "Terminal size as WIDTHxHEIGHT.")
  var size = "120x40"

  @Option(help: "Output file: .svg or .txt.")
  var out: String

  @Flag(help: "Show the help overlay.")
  var helpOverlay = false

  @Option(help: "The screen: train, lab (the neuron lab) or experiments.")
  var screen = "train"

  @Option(help: "Render a recorded run (its last batch) as the replay shows it.")
  var replay: String?

  @Option(help: "Neuron lab: time steps to run before the frame is taken.")
  var labSteps = 70

  @Flag(help: "Neuron lab: run the Table 4 sweep first.")
  var table4 = false

  @Flag(help: "Draw with plain ASCII instead of braille and block characters.")
  var ascii = false

  func validate() throws {
    guard parsedSize != nil else {
      throw ValidationError(
        "--size must look like 120x40 (width 20…500, height 10…200), not '\(size)'.")
    }
    guard out.hasSuffix(".svg") || out.hasSuffix(".txt") else {
      throw ValidationError("--out must end in .svg or .txt, not '\(out)'.")
    }
    guard batches >= 0 else { throw ValidationError("--batches must not be negative.") }
    guard ["train", "lab", "experiments"].contains(screen) else {
      throw ValidationError("--screen must be 'train', 'lab' or 'experiments', not '\(screen)'.")
    }
    guard labSteps >= 0 else { throw ValidationError("--lab-steps must not be negative.") }
  }

  private var parsedSize: (width: Int, height: Int)? {
    let parts = size.lowercased().split(separator: "x").compactMap { Int($0) }
    guard parts.count == 2, (20...500).contains(parts[0]), (10...200).contains(parts[1]) else {
      return nil
    }
    return (parts[0], parts[1])
  }

  func run() throws {
    try reportingErrors {
      let preset = try options.resolve()
      let data = try DataSplits.load(for: preset, dataDirectory: options.dataDir)
      let run = try TrainingRun(preset: preset, data: data, folder: nil)
      var snapshot = SessionSnapshot(presetName: preset.name)
      snapshot.describe(run)
      if let replay {
        let recording = try RunRecording(folder: replay)
        snapshot = recording.frames[recording.frames.count - 1]
        snapshot.replayPosition = recording.frames.count
        snapshot.replayLength = recording.frames.count
        snapshot.replaySpeed = 10
        snapshot.state = .finished
      } else {
        for _ in 0..<batches where !run.isFinished {
          snapshot.record(try run.step(), run: run)
        }
        snapshot.state = .paused
      }
      var state = AppState(ascii: ascii)
      if helpOverlay { state.overlay = .help }
      if screen == "experiments" {
        state.screen = .experiments
        state.experiments = ExperimentCatalogue.items(dataDirectory: options.dataDir)
        state.selectedExperiment = 4
      }
      if screen == "lab" {
        state.openNeuronLab()
        state.lab?.paused = true
        for _ in 0..<labSteps { _ = state.lab?.handle(.character(".")) }
        if table4 { state.lab?.runTable() }
      }
      let (width, height) = parsedSize ?? (120, 40)
      let canvas = WorkbenchScreens.render(
        snapshot: snapshot, state: state, width: width, height: height, color: true)
      let text =
        out.hasSuffix(".svg")
        ? SVGRenderer.render(canvas, title: "asf-tui — \(preset.name)")
        : TextRenderer.render(canvas) + "\n"
      try text.write(toFile: out, atomically: true, encoding: .utf8)
      print("wrote \(out) (\(width)×\(height), \(snapshot.batchesDone) batches of \(preset.name))")
    }
  }
}
