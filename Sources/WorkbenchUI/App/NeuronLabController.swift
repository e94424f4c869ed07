// The neuron lab's UI side: the running single-neuron model, its speed and pause state, the
// Table 4 results, the lesson and the presentation mode, and how the lab's keys change them
// (each key answers with a notice). Pure state; drawing is NeuronLabScreen.

import Foundation
import SpikingCore
import TerminalKit
import Workbench

/// The neuron lab as the UI drives it.
public struct NeuronLabController: Sendable {
  public internal(set) var lab: NeuronLab
  public var paused = false
  /// Time steps advanced per frame (~30 frames a second).
  public internal(set) var speed = 1
  public internal(set) var table: [Table4Row] = []
  /// The Table 4 setup (from the table4-scale-factor preset) and trials for the lab's sweep.
  public let tableSettings: NeuronLabSettings
  public let tableTrials: Int
  public let tableSeed: UInt64
  /// The settings of the free neuron, kept while the Table 4 neuron runs (`e` switches).
  var freeSettings: NeuronLabSettings
  /// The lesson (read when first asked for), and the step shown; nil outside the lesson.
  public internal(set) var lesson: NeuronLesson?
  public internal(set) var lessonStep: Int?
  /// Why the lesson could not be read, if it could not.
  public internal(set) var lessonError: String?
  /// Presentation mode: block traces, large labels, high contrast, fewer panels.
  public var presentation = false
  /// The transfer plot (FO against FI of each window) in the trace's place.
  public var transferPlot = false
  static let speeds = [1, 2, 5, 10, 20, 50]
  static let windows = [20, 50, 100, 200, 500]
  static let leaks: [Float] = [1, 0.99, 0.95, 0.9]

  /// A lab on the Table 4 neuron (pixels from U(0, 0.5)); `lesson` is used by `g` (else the
  /// shipped lesson is read then).
  public init(
    tableSettings: NeuronLabSettings, tableTrials: Int = 300, seed: UInt64 = 1,
    lesson: NeuronLesson? = nil, presentation: Bool = false
  ) {
    self.tableSettings = tableSettings
    self.tableTrials = tableTrials
    tableSeed = seed
    self.lesson = lesson
    self.presentation = presentation
    var live = tableSettings
    live.lower = 0
    live.upper = 0.5
    lab = NeuronLab(settings: live, seed: seed)
    // The free neuron: a gentle input (mean current 0.25 per step) over a short window, so
    // that one can watch it integrate over several steps before it fires.
    var free = live
    free.weightTotal = 1
    free.timeSteps = 50
    freeSettings = free
  }

  /// Advances the neuron by `speed` steps unless paused (called once per frame).
  public mutating func tick() {
    guard !paused else { return }
    for _ in 0..<speed { lab.step() }
  }

  /// Runs the Table 4 sweep (T, Vth, synapses and weights of the Table 4 preset).
  public mutating func runTable() {
    table = Table4Experiment.run(settings: tableSettings, trials: tableTrials, seed: tableSeed)
  }

  /// The lab of the workbench: the neuron of the Table 4 preset (`table4-scale-factor`).
  public static func table4(lesson: NeuronLesson? = nil, presentation: Bool = false)
    -> NeuronLabController
  {
    let preset = try? PresetLibrary.load("table4-scale-factor")
    return NeuronLabController(
      tableSettings: preset?.neuronLabSettings ?? NeuronLabSettings(), seed: preset?.seed ?? 1,
      lesson: lesson, presentation: presentation)
  }

  /// Whether the live neuron is Table 4's (any input range: the table varies it).
  public var isTable4Neuron: Bool {
    var s = lab.settings
    s.lower = tableSettings.lower
    s.upper = tableSettings.upper
    return s == tableSettings
  }

  /// The lesson's step in force, if the lesson is on.
  public var currentLessonStep: NeuronLesson.Step? {
    guard let lesson, let lessonStep, lesson.steps.indices.contains(lessonStep) else {
      return nil
    }
    return lesson.steps[lessonStep]
  }

  /// Carries out a lab command of the key table; returns the notice that confirms it.
  public mutating func perform(_ command: KeyCommand) -> String? {
    switch command {
    case .labRunOrPause:
      paused.toggle()
      return paused ? "paused: . steps once, space runs" : "running at \(speed) step(s) per frame"
    case .labStep:
      paused = true
      lab.step()
      return "one step: step \(lab.history.count) of \(lab.settings.timeSteps)"
    case .labFaster, .labSlower:
      speed =
        command == .labFaster
        ? Self.speeds.first { $0 > speed } ?? speed : Self.speeds.last { $0 < speed } ?? speed
      return "speed: \(speed) step(s) per frame"
    case .labNewWindow:
      lab.restart()
      lab.clearGhost()
      return "new window: fresh pixels, membrane at rest, no faint trace"
    case .labClearFaint:
      guard lab.ghost != nil else { return "no faint trace to clear" }
      lab.clearGhost()
      return "faint trace cleared"
    case .labTransferPlot:
      transferPlot.toggle()
      return transferPlot
        ? "the transfer plot: FO against FI of each window, the slope S and the ceiling 1/Vth (v: the trace)"
        : "the membrane trace again"
    case .labTable4:
      runTable()
      return
        "Table 4: \(tableTrials) trials per input range of the Table 4 neuron (IF, T=\(tableSettings.timeSteps), Vth=\(NeuronLabSettings.format(tableSettings.threshold)))"
    case .labSwitchNeuron:
      return switchNeuron()
    case .labLesson, .labNextStep, .labPreviousStep:
      return moveInLesson(command)
    case .labPresentation:
      presentation.toggle()
      return presentation
        ? "presentation mode: large traces and labels (b again: the full lab)"
        : "the full lab again"
    default:
      return change(command)
    }
  }

  /// The settings keys: applies the change and says what changed (or why nothing did).
  private mutating func change(_ command: KeyCommand) -> String? {
    var s = lab.settings
    switch command {
    case .labRangeUp, .labRangeDown:
      let delta: Float = command == .labRangeUp ? 0.1 : -0.1
      let width = s.upper - s.lower
      s.lower = max(0, min(1 - width, ((s.lower + delta) * 10).rounded() / 10))
      s.upper = s.lower + width
    case .labWiden, .labNarrow:
      let delta: Float = command == .labWiden ? 0.1 : -0.1
      s.upper = max(s.lower, min(1, ((s.upper + delta) * 10).rounded() / 10))
    case .labRaiseThreshold:
      s.threshold = Limits.clampThreshold(s.threshold + Limits.thresholdStep)
    case .labLowerThreshold:
      s.threshold = Limits.clampThreshold(s.threshold - Limits.thresholdStep)
    case .labLeak:
      let index = Self.leaks.firstIndex(of: s.leak) ?? 0
      s.leak = Self.leaks[(index + 1) % Self.leaks.count]
    case .labReset:
      s.reset = s.reset == .hard ? .subtract : .hard
    case .labLongerWindow:
      s.timeSteps = Self.windows.first { $0 > s.timeSteps } ?? s.timeSteps
    case .labShorterWindow:
      s.timeSteps = Self.windows.last { $0 < s.timeSteps } ?? s.timeSteps
    case .labLessWeight:
      s.weightTotal = max(0.25, s.weightTotal - 0.25)
    case .labMoreWeight:
      s.weightTotal = min(100, s.weightTotal + 0.25)
    case .labFewerSynapses:
      s.synapses = max(1, s.synapses / 2)
    case .labMoreSynapses:
      s.synapses = min(1000, s.synapses * 2)
    default:
      return nil
    }
    let old = lab.settings
    let changes = s.changes(from: old)
    guard !changes.isEmpty else { return "no change: \(Self.limitReached(command, s))" }
    lab.apply(s)
    return changes.joined(separator: ", ") + " (the faint trace is the window before)"
  }

  /// Why a settings key changed nothing.
  private static func limitReached(_ command: KeyCommand, _ s: NeuronLabSettings) -> String {
    switch command {
    case .labRangeUp: "the range already ends at 1"
    case .labRangeDown: "the range already starts at 0"
    case .labNarrow: "the range is already a single value"
    case .labWiden: "the range already ends at 1"
    case .labRaiseThreshold, .labLowerThreshold:
      "Vth is at its limit (\(Limits.threshold.lowerBound)…\(Limits.threshold.upperBound))"
    case .labLongerWindow, .labShorterWindow:
      "T is at its limit (\(windows.first ?? 0)…\(windows.last ?? 0))"
    case .labLessWeight, .labMoreWeight: "the weights are at their limit"
    default: "\(s.synapses) synapses is the limit"
    }
  }

  /// `e`: the Table 4 neuron ⇄ the free neuron (whose settings are kept in between).
  private mutating func switchNeuron() -> String {
    defer { lab.clearGhost() }  // the other neuron's trace explains no change
    if isTable4Neuron {
      lab.apply(freeSettings)
      return "the free neuron: \(freeSettings.summary) (e: back to the Table 4 neuron)"
    }
    freeSettings = lab.settings
    var s = tableSettings
    s.lower = 0
    s.upper = 0.5
    lab.apply(s)
    return "the Table 4 neuron: \(s.summary) (e: the free neuron)"
  }

  /// `g` starts or leaves the lesson; `n`/`p` go to the next or previous step.
  private mutating func moveInLesson(_ command: KeyCommand) -> String {
    if lesson == nil {
      do {
        lesson = try NeuronLesson.load(path: nil, base: tableSettings)
      } catch {
        lessonError = "\(error)"
        return "cannot read the lesson: \(error)"
      }
    }
    guard let lesson else { return "no lesson" }
    let count = lesson.steps.count
    let next: Int
    switch (command, lessonStep) {
    case (.labLesson, nil): next = 0
    case (.labLesson, _):
      lessonStep = nil
      return "lesson left; the neuron stays as the last step set it"
    case (.labNextStep, nil), (.labPreviousStep, nil):
      return "n and p move through the lesson: g starts it"
    case (.labNextStep, let step?):
      guard step + 1 < count else { return "the last step of \(count): p goes back, g leaves" }
      next = step + 1
    case (.labPreviousStep, let step?):
      guard step > 0 else { return "the first step: n goes on, g leaves" }
      next = step - 1
    default: return "no lesson"
    }
    lessonStep = next
    let step = lesson.steps[next]
    lab.start(step.settings, seed: step.seed)
    speed = step.speed
    paused = false
    return "lesson \(next + 1)/\(count): \(step.title)"
  }
}
