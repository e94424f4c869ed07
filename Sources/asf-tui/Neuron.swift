// `asf-tui neuron`: the workbench opened on the neuron lab (training paused), with a lesson
// from a file a lecturer edited (--lessons), in presentation mode (--big); or, without a
// screen, a window of the lab recorded as an animated SVG for slides (--record), or the
// shipped lesson written out to edit (--write-lessons).

import ArgumentParser
import Foundation
import SpikingCore
import TerminalKit
import Workbench
import WorkbenchUI

struct Neuron: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Open the neuron lab: one IF/LIF neuron, live, the lesson (g) and Table 4 (t).")

  @Flag(help: "Draw with plain ASCII instead of braille and block characters.")
  var ascii = false

  @Flag(help: "Presentation mode: block traces, large labels and figures, high contrast.")
  var big = false

  @Option(
    help: ArgumentHelp(
      "The lesson to use (g in the lab): a YAML file as --write-lessons writes it.",
      valueName: "FILE"))
  var lessons: String?

  @Option(
    help: ArgumentHelp(
      "Write the shipped lesson to FILE (to edit, translate or reorder) and exit.",
      valueName: "FILE"))
  var writeLessons: String?

  @Option(
    help: ArgumentHelp(
      "Check every claim (expect) of a lesson file on the windows its steps show, and exit (status 1 when one fails).",
      valueName: "FILE"))
  var checkLessons: String?

  @Option(
    help: ArgumentHelp(
      "Record one window of the lab (no screen) as an animated SVG (its first frame shows in any viewer) or GIF, and exit.",
      valueName: "FILE.svg|FILE.gif"))
  var record: String?

  @Flag(
    help:
      "With --record: the transfer plot (FO against FI per window) instead of the trace, over six windows."
  )
  var transfer = false

  @Flag(help: "With --record: the whole frame (title, key hints, status bar), not only the panels.")
  var hints = false

  @Option(
    help: "With --record: the lesson's step to record (1-based; default: the Table 4 neuron).")
  var lessonStep: Int?

  @Option(
    help: "With --record: time steps per frame (default: a fiftieth of the recording, at least 1).")
  var stepsPerFrame: Int?

  @Option(
    parsing: .unconditional,
    help: "With --record: the frame size as WIDTHxHEIGHT (default 100x30).")
  var size = "100x30"

  func validate() throws {
    if let record {
      do {
        try OutputFile.check(record, extensions: [".svg", ".gif"], what: "a recording")
      } catch {
        throw ValidationError("--record: \(error)")
      }
    }
    if record == nil, transfer || hints {
      throw ValidationError("--transfer and --hints go with --record FILE.svg or FILE.gif.")
    }
    if let stepsPerFrame, !(1...1000).contains(stepsPerFrame) {
      throw ValidationError("--steps-per-frame must be from 1 to 1000, not \(stepsPerFrame).")
    }
    if let lessonStep, lessonStep < 1 {
      throw ValidationError("--lesson-step counts from 1, not \(lessonStep).")
    }
    if record == nil, lessonStep != nil || stepsPerFrame != nil {
      throw ValidationError(
        "--lesson-step and --steps-per-frame go with --record FILE.svg or FILE.gif.")
    }
    guard frameSize != nil else {
      throw ValidationError(
        "--size must look like 100x30 (width 80…300, height 24…100), not '\(size)'.")
    }
  }

  private var frameSize: (width: Int, height: Int)? {
    let parts = size.lowercased().split(separator: "x").compactMap { Int($0) }
    guard parts.count == 2, (80...300).contains(parts[0]), (24...100).contains(parts[1]) else {
      return nil
    }
    return (parts[0], parts[1])
  }

  func run() throws {
    if let checkLessons {
      let lesson = try reportingErrors {
        try NeuronLesson.load(path: checkLessons, base: NeuronLabController.table4().tableSettings)
      }
      for line in lesson.claimReport() { print(line) }
      let failures = lesson.failedClaims()
      let unchecked = lesson.steps.enumerated().filter { $0.element.expectations.isEmpty }
      for (index, step) in unchecked {
        print("step \(index + 1) '\(step.title)' states no expectation (expect:)")
      }
      if failures.isEmpty && unchecked.isEmpty {
        print(
          "\(checkLessons): every claim of its \(lesson.steps.count) steps holds in the first \(LessonWindows.count) windows"
        )
        return
      }
      for failure in failures {
        FileHandle.standardError.write(Data("error: \(failure)\n".utf8))
      }
      throw ExitCode.failure
    }
    if let writeLessons {
      try reportingErrors {
        guard let shipped = NeuronLesson.shippedPath else {
          throw CommandError.cannotWrite(
            path: writeLessons, reason: "the shipped lesson is missing from this build")
        }
        try OutputFile.write(String(contentsOfFile: shipped, encoding: .utf8), to: writeLessons)
      }
      print("wrote \(writeLessons): edit it, then 'asf-tui neuron --lessons \(writeLessons)'")
      return
    }
    let lesson = try reportingErrors { () -> NeuronLesson? in
      guard let lessons else { return nil }
      return try NeuronLesson.load(path: lessons, base: NeuronLabController.table4().tableSettings)
    }
    if let record {
      try reportingErrors { try recordWindow(to: record, lesson: lesson) }
      return
    }
    let options = try PresetOptions.parse([])
    try openWorkbench(
      options: options, out: nil, ascii: ascii, paused: true, neuronLab: true, lesson: lesson,
      presentation: big)
  }

  /// Renders one window of the lab, a frame every `stepsPerFrame` steps, into an animated SVG
  /// or GIF: the lab's panels (with --hints the whole frame).
  private func recordWindow(to path: String, lesson: NeuronLesson?) throws {
    let (width, height) = frameSize ?? (100, 30)
    var state = AppState(ascii: ascii)
    state.showNeuronLab(.table4(lesson: lesson, presentation: big))
    if let lessonStep {
      _ = state.lab?.perform(.labLesson)
      for _ in 1..<lessonStep { _ = state.lab?.perform(.labNextStep) }
      if let error = state.lab?.lessonError { throw ValidationError(error) }
      let count = state.lab?.lesson?.steps.count ?? 0
      guard lessonStep <= count else {
        throw ValidationError("--lesson-step \(lessonStep): the lesson has \(count) steps.")
      }
    }
    guard var lab = state.lab else { return }
    lab.paused = true
    lab.transferPlot = transfer
    // One window of the trace; the transfer plot gathers a point a window: six windows (and
    // the step that completes the last).
    let window = lab.lab.settings.timeSteps
    let steps = transfer ? 6 * window + 1 : window
    let every = stepsPerFrame ?? max(1, steps / 50)
    var frames: [Canvas] = []
    let snapshot = SessionSnapshot(presetName: "neuron lab")
    for step in 0...steps {
      if step > 0 { _ = lab.perform(.labStep) }
      guard step % every == 0 || step == steps else { continue }
      state.lab = lab
      state.notice = nil
      frames.append(
        hints
          ? WorkbenchScreens.render(
            snapshot: snapshot, state: state, width: width, height: height, color: true)
          : WorkbenchScreens.renderNeuronLab(lab, width: width, height: height, ascii: ascii))
    }
    if path.hasSuffix(".gif") {
      let size = try GIFRenderer.write(frames, to: path, secondsPerFrame: 0.15)
      print(
        "wrote \(path): \(frames.count) frames of \(steps) time steps, \(width)×\(height) cells (\(size.width)×\(size.height) pixels)"
      )
      return
    }
    let svg = SVGRenderer.renderAnimation(
      frames, title: "asf-tui — neuron lab", secondsPerFrame: 0.15)
    try OutputFile.write(svg, to: path)
    print("wrote \(path): \(frames.count) frames of \(steps) time steps, \(width)×\(height)")
  }
}
