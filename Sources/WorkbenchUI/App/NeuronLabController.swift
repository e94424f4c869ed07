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

  /// Applies a key of the lab; returns a notice to show, if any.
  public mutating func handle(_ key: Key) -> String? {
    var s = lab.settings
    switch key {
    case .character(" "):
      paused.toggle()
      return nil
    case .character("."):
      paused = true
      lab.step()
      return nil
    case .character(">"):
      speed = Self.speeds.first { $0 > speed } ?? speed
      return "speed: \(speed) steps per frame"
    case .character("<"):
      speed = Self.speeds.last { $0 < speed } ?? speed
      return "speed: \(speed) steps per frame"
    case .character("r"):
      lab.restart()
      return "new window: fresh pixels, membrane at rest"
    case .character("t"):
      runTable()
      return
        "Table 4: \(tableTrials) trials per input range, T=\(tableSettings.timeSteps), Vth=\(tableSettings.threshold)"
    case .right, .left:
      let delta: Float = key == .right ? 0.1 : -0.1
      let width = s.upper - s.lower
      s.lower = max(0, min(1 - width, ((s.lower + delta) * 10).rounded() / 10))
      s.upper = s.lower + width
    case .up, .down:
      let delta: Float = key == .up ? 0.1 : -0.1
      s.upper = max(s.lower, min(1, ((s.upper + delta) * 10).rounded() / 10))
    case .character("+"), .character("="):
      s.threshold = Limits.clampThreshold(s.threshold + Limits.thresholdStep)
    case .character("-"), .character("_"):
      s.threshold = Limits.clampThreshold(s.threshold - Limits.thresholdStep)
    case .character("l"):
      let index = Self.leaks.firstIndex(of: s.leak) ?? 0
      s.leak = Self.leaks[(index + 1) % Self.leaks.count]
    case .character("x"):
      s.reset = s.reset == .hard ? .subtract : .hard
    case .character("]"):
      s.timeSteps = Self.windows.first { $0 > s.timeSteps } ?? s.timeSteps
    case .character("["):
      s.timeSteps = Self.windows.last { $0 < s.timeSteps } ?? s.timeSteps
    case .character("w"):
      s.weightTotal = max(0.25, s.weightTotal - 0.25)
    case .character("W"):
      s.weightTotal += 0.25
    case .character("m"):
      s.synapses = max(1, s.synapses / 2)
    case .character("M"):
      s.synapses = min(1000, s.synapses * 2)
    default:
      return "unknown key in the neuron lab: press ? for the keys"
    }
    lab.apply(s)
    return nil
  }

  /// The keys of the lab, for the help overlay.
  public static let keyHelp: [(String, String)] = [
    ("← / →", "move the input range U(a, b) down / up by 0.1"),
    ("↓ / ↑", "narrow / widen the range (b − 0.1 / b + 0.1)"),
    ("+ / -", "threshold Vth ±0.1"),
    ("l", "leak: 1 (IF), 0.99, 0.95, 0.9 (LIF)"),
    ("x", "reset: hard (to 0) / subtract Vth"),
    ("[ / ]", "time window T"),
    ("w / W", "sum of the synaptic weights −/+ 0.25"),
    ("m / M", "halve / double the number of synapses"),
    ("space", "pause / run"),
    (".", "one time step"),
    ("< / >", "slower / faster"),
    ("r", "new window (fresh pixels)"),
    ("t", "run the Table 4 sweep"),
    ("1", "back to the Train screen"),
    ("q", "quit"),
  ]
}
