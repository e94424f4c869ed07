// `asf-tui screenshot`: trains some real batches headless and renders a frame of the
// workbench as SVG or plain text (for Screenshots/ and for documentation), or charts a
// saved Figure 3 (speed comparison) or Figure 4 (time-window sweep) folder.

import ArgumentParser
import Foundation
import TerminalKit
import Workbench
import WorkbenchUI

struct Screenshot: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Render a workbench screen, or a saved Figure 3 or 4 chart, as SVG or text.")

  @OptionGroup var options: PresetOptions

  @Option(parsing: .unconditional, help: "Batches to train before the frame is taken.")
  var batches = 20

  @Option(
    parsing: .unconditional,
    help: "Terminal size as WIDTHxHEIGHT (default 120x40; fig3 and fig4: 120x30).")
  var size: String?

  @Option(help: "Output file: .svg or .txt.")
  var out: String

  @Flag(help: "Show the help overlay.")
  var helpOverlay = false

  @Option(
    help: """
      The screen: train, lab (the neuron lab), experiments, or a saved chart: fig3 (ASF-BP \
      vs BPTT speed, from FOLDER/asf-vs-bptt.csv) or fig4 (accuracy against T, from \
      FOLDER/sweep.csv).
      """)
  var screen = "train"

  @Option(
    help: ArgumentHelp(
      "fig3 and fig4: the folder 'asf-tui bench asf-vs-bptt' or 'asf-tui sweep' wrote.",
      valueName: "FOLDER"))
  var from: String?

  @Option(help: "Render a recorded run (its last batch) as the replay shows it.")
  var replay: String?

  @Option(
    help: ArgumentHelp(
      "Compare a recorded run's curves, as c on the Experiments screen does: a run folder or the name of a shipped recording (twice for two runs).",
      valueName: "RUN"))
  var compare: [String] = []

  @Option(parsing: .unconditional, help: "Neuron lab: time steps to run before the frame is taken.")
  var labSteps = 70

  @Flag(help: "Neuron lab: run the Table 4 sweep first.")
  var table4 = false

  @Flag(help: "Neuron lab: presentation mode (block traces, large figures).")
  var big = false

  @Option(parsing: .unconditional, help: "Neuron lab: show this step of the lesson (1-based).")
  var lessonStep: Int?

  @Flag(help: "Neuron lab: the transfer plot (FO against FI per window) in the trace's place.")
  var transfer = false

  @Flag(help: "Draw with plain ASCII instead of braille and block characters.")
  var ascii = false

  @Option(
    help:
      "Keys pressed on the Train screen before training, e.g. 'L' (the layer table, zoomed), 'l' (the log), 'z' (zoom the raster), 'j>' (the next 256 neurons of sample 2); in the neuron lab after --lab-steps; \\t is Tab (the next panel), \\e Esc, \\r \\l \\u \\d the arrows."
  )
  var keys = ""

  @Option(
    parsing: .unconditional,
    help: "Neuron lab: time steps to run after --keys (e.g. windows under a new input range).")
  var labStepsAfter = 0

  func validate() throws {
    guard parsedSize != nil else {
      throw ValidationError(
        "--size must look like 120x40 (width 20…500, height 10…200), not '\(size ?? "")'.")
    }
    guard out.hasSuffix(".svg") || out.hasSuffix(".txt") else {
      throw ValidationError("--out must end in .svg or .txt, not '\(out)'.")
    }
    if let reason = OutputFile.obstacle(out) {
      throw ValidationError("--out: cannot write \(out): \(reason).")
    }
    guard batches >= 0 else { throw ValidationError("--batches must not be negative.") }
    guard ["train", "lab", "experiments", "fig3", "fig4"].contains(screen) else {
      throw ValidationError(
        "--screen must be 'train', 'lab', 'experiments', 'fig3' or 'fig4', not '\(screen)'.")
    }
    try validateFigureFolder()
    guard labSteps >= 0 else { throw ValidationError("--lab-steps must not be negative.") }
    guard labStepsAfter >= 0 else {
      throw ValidationError("--lab-steps-after must not be negative.")
    }
  }

  /// The CSV a figure screen reads and the command that writes it; nil for other screens.
  private var figureSource: (file: String, command: String)? {
    switch screen {
    case "fig3": (SpeedComparison.fileName, "asf-tui bench asf-vs-bptt")
    case "fig4": (TimeWindowSweep.fileName, "asf-tui sweep")
    default: nil
    }
  }

  /// --from is given exactly for the figure screens, and names a folder holding their CSV.
  private func validateFigureFolder() throws {
    guard let source = figureSource else {
      if from != nil {
        throw ValidationError("--from goes with --screen fig3 or fig4, not with '\(screen)'.")
      }
      return
    }
    guard let from else {
      throw ValidationError(
        "--screen \(screen) charts a saved result: add --from FOLDER, a folder that "
          + "'\(source.command)' wrote (it holds \(source.file)).")
    }
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: from, isDirectory: &isFolder), isFolder.boolValue
    else {
      throw ValidationError("--from: cannot read the folder '\(from)': there is no such folder.")
    }
    guard FileManager.default.isReadableFile(atPath: from + "/" + source.file) else {
      throw ValidationError(
        "--from: the folder '\(from)' has no readable \(source.file); '\(source.command)' "
          + "writes one.")
    }
  }

  private var parsedSize: (width: Int, height: Int)? {
    let size = self.size ?? (figureSource == nil ? "120x40" : "120x30")
    let parts = size.lowercased().split(separator: "x").compactMap { Int($0) }
    guard parts.count == 2, (20...500).contains(parts[0]), (10...200).contains(parts[1]) else {
      return nil
    }
    return (parts[0], parts[1])
  }

  func run() throws {
    try reportingErrors {
      let (width, height) = parsedSize ?? (120, 40)
      if let from {
        try figureFrame(folder: from, width: width, height: height).write(to: out)
        print("wrote \(out) (\(width)×\(height), --screen \(screen) from \(from))")
        return
      }
      var snapshot: SessionSnapshot
      let name: String
      var state = AppState(ascii: ascii)
      if let replay {
        let recording = try RunRecording(folder: Replay.folder(for: replay))
        if let warning = recording.warning {
          FileHandle.standardError.write(Data("warning: \(warning)\n".utf8))
        }
        name = recording.preset.name
        snapshot = recording.frames[recording.frames.count - 1]
        let length = recording.frames.count
        snapshot.source = .replay(speed: 10, position: length, length: length)
        snapshot.state = .finished
        for key in pressedKeys { _ = state.handle(key, snapshot: snapshot) }
      } else {
        let preset = try options.resolve()
        let data = try DataSplits.load(for: preset, dataDirectory: options.dataDir)
        let run = try TrainingRun(preset: preset, data: data, folder: nil)
        name = preset.name
        snapshot = SessionSnapshot(presetName: preset.name)
        snapshot.describe(run)
        snapshot.state = .paused
        // The first batch gives the keys a layer list; the raster keys apply from the next.
        if batches > 0 {
          snapshot.record(try run.step(), run: run)
          snapshot.sample = run.lastSample
        }
        for key in screen == "lab" ? [] : pressedKeys {  // the lab takes them below
          for case .send(.setRasterView(let view)) in state.handle(key, snapshot: snapshot) {
            run.trainer.settings.rasterView = view
          }
          state.observe(snapshot, at: Date())
        }
        for _ in 1..<max(1, batches) where !run.isFinished {
          snapshot.record(try run.step(), run: run)
          snapshot.sample = run.lastSample
          state.observe(snapshot, at: Date())
        }
      }
      guard compare.count <= AppState.maxComparisons else {
        throw ValidationError(
          "--compare: at most \(AppState.maxComparisons) runs, not \(compare.count).")
      }
      for (i, compare) in compare.enumerated() {
        let shipped = (try? ShippedRecording.named(compare)) != nil
        let item = ExperimentItem(kind: shipped ? .shipped : .run, name: compare)
        _ = state.carryOut([.compare(item)])
        guard state.comparisons.count == i + 1 else {
          throw ValidationError("--compare: \(state.notice ?? "cannot read \(compare)")")
        }
      }
      if helpOverlay { state.overlay = .help }
      if screen == "experiments" {
        state.screen = .experiments
        state.experiments = ExperimentCatalogue.items(dataDirectory: options.dataDir)
        state.selectedExperiment = 4
      }
      if screen == "lab" {
        state.showNeuronLab(.table4(presentation: big))
        if let lessonStep {
          _ = state.lab?.perform(.labLesson)
          for _ in 1..<max(1, lessonStep) { _ = state.lab?.perform(.labNextStep) }
          let count = state.lab?.lesson?.steps.count ?? 0
          guard (1...max(1, count)).contains(lessonStep) else {
            throw ValidationError("--lesson-step \(lessonStep): the lesson has \(count) steps.")
          }
        }
        state.lab?.paused = true
        state.lab?.transferPlot = transfer
        for _ in 0..<labSteps { _ = state.lab?.perform(.labStep) }
        for key in pressedKeys { _ = state.handle(key, snapshot: snapshot) }
        for _ in 0..<labStepsAfter { _ = state.lab?.perform(.labStep) }
        state.notice = nil
        if table4 { state.lab?.runTable() }
      }
      let canvas = WorkbenchScreens.render(
        snapshot: snapshot, state: state, width: width, height: height, color: true)
      try FrameFile(canvas: canvas, title: "asf-tui — \(name)").write(to: out)
      print("wrote \(out) (\(width)×\(height), \(snapshot.batchesDone) batches of \(name))")
    }
  }

  /// The keys of --keys: each character, with \\t as Tab, \\e as Esc, \\r \\l \\u \\d as the
  /// arrows right, left, up and down.
  var pressedKeys: [Key] {
    var result: [Key] = []
    var escaped = false
    for character in keys {
      if escaped {
        switch character {
        case "t": result.append(.tab)
        case "e": result.append(.escape)
        case "r": result.append(.right)
        case "l": result.append(.left)
        case "u": result.append(.up)
        case "d": result.append(.down)
        default: result.append(.character(character))
        }
        escaped = false
      } else if character == "\\" {
        escaped = true
      } else {
        result.append(.character(character))
      }
    }
    return result
  }

  /// The chart of a figure screen (fig3 or fig4) read from `folder`.
  private func figureFrame(folder: String, width: Int, height: Int) throws -> FrameFile {
    let name = folder.split(separator: "/").last.map(String.init) ?? folder
    let glyphs: GlyphSet = ascii ? .ascii : .unicode
    if screen == "fig3" {
      let comparison: SpeedComparison
      do {
        comparison = try SpeedComparison.load(folder: folder)
      } catch {
        throw CommandError.unchartable(
          path: folder + "/" + SpeedComparison.fileName, reason: "\(error)")
      }
      return FrameFile(
        SpeedChart(comparison: comparison, glyphs: glyphs), width: width, height: height,
        title: "asf-tui — Figure 3: ASF-BP vs BPTT (\(name))")
    }
    let runs = try TimeWindowSweep.load(folder: folder)
    return FrameFile(
      SweepChart(runs: runs, title: name, glyphs: glyphs), width: width, height: height,
      title: "asf-tui — Figure 4: accuracy against T (\(name))")
  }
}
