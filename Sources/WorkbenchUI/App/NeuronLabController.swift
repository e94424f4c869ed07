// The neuron lab's UI side: the running single-neuron model, its speed and pause state, the
// Table 4 results, and how the lab's keys change them. Pure state; drawing is NeuronLabScreen.

import Foundation
import SpikingCore
import TerminalKit
import Workbench

/// The neuron lab as the UI drives it.
public struct NeuronLabController: Sendable {
  public private(set) var lab: NeuronLab
  public var paused = false
  /// Time steps advanced per frame (~30 frames a second).
  public private(set) var speed = 1
  public private(set) var table: [Table4Row] = []
  /// The Table 4 setup (from the table4-scale-factor preset) and trials for the lab's sweep.
  public let tableSettings: NeuronLabSettings
  public let tableTrials: Int
  public let tableSeed: UInt64
  static let speeds = [1, 2, 5, 10, 20, 50]
  static let windows = [20, 50, 100, 200, 500]
  static let leaks: [Float] = [1, 0.99, 0.95, 0.9]

  public init(tableSettings: NeuronLabSettings, tableTrials: Int = 300, seed: UInt64 = 1) {
    self.tableSettings = tableSettings
    self.tableTrials = tableTrials
    tableSeed = seed
    // The live neuron starts with a gentle input (mean current 0.25 per step) so that one
    // can watch it integrate over several steps before it fires; the sweep uses the preset.
    var settings = tableSettings
    settings.lower = 0
    settings.upper = 0.5
    settings.weightTotal = 1
    settings.timeSteps = 50
    lab = NeuronLab(settings: settings, seed: seed)
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
  public static func table4() -> NeuronLabController {
    let preset = try? PresetLibrary.load("table4-scale-factor")
    return NeuronLabController(
      tableSettings: preset?.neuronLabSettings ?? NeuronLabSettings(), seed: preset?.seed ?? 1)
  }

  /// Carries out a lab command of the key table; returns a notice to show, if any.
  public mutating func perform(_ command: KeyCommand) -> String? {
    var s = lab.settings
    switch command {
    case .labRunOrPause:
      paused.toggle()
      return nil
    case .labStep:
      paused = true
      lab.step()
      return nil
    case .labFaster:
      speed = Self.speeds.first { $0 > speed } ?? speed
      return "speed: \(speed) steps per frame"
    case .labSlower:
      speed = Self.speeds.last { $0 < speed } ?? speed
      return "speed: \(speed) steps per frame"
    case .labNewWindow:
      lab.restart()
      return "new window: fresh pixels, membrane at rest"
    case .labTable4:
      runTable()
      return
        "Table 4: \(tableTrials) trials per input range, T=\(tableSettings.timeSteps), Vth=\(tableSettings.threshold)"
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
      s.weightTotal += 0.25
    case .labFewerSynapses:
      s.synapses = max(1, s.synapses / 2)
    case .labMoreSynapses:
      s.synapses = min(1000, s.synapses * 2)
    default:
      return nil
    }
    lab.apply(s)
    return nil
  }
}
