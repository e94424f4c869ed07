// The neuron lab's settings: the input range, the neuron (threshold, leak, reset), the
// synapses and the window; and how they read in words (titles, notices, the ghost's label).

import Foundation
import SpikingCore

/// The settings of the lab, all changeable while it runs.
public struct NeuronLabSettings: Sendable, Equatable {
  /// Pixels are drawn from U(lower, upper) ⊂ [0, 1].
  public var lower: Float = 0
  public var upper: Float = 0.5
  public var threshold: Float = 1
  public var leak: Float = 1
  public var reset: ResetMode = .hard
  public var timeSteps = 100
  public var synapses = 40
  /// The sum of all synaptic weights (each weight is total / synapses).
  public var weightTotal: Float = 5.75

  public init() {}

  public var weight: Float { weightTotal / Float(max(1, synapses)) }
}

extension NeuronLabSettings {
  /// "IF" or "LIF λ=0.99".
  public var modelName: String { leak == 1 ? "IF" : "LIF λ=\(Self.format(leak))" }

  /// "hard reset (to 0)" or "subtract reset (u − Vth)".
  public var resetName: String {
    reset == .hard ? "hard reset (to 0)" : "subtract reset (u − Vth)"
  }

  /// "U(0, 0.5)".
  public var rangeName: String { "U(\(Self.format(lower)), \(Self.format(upper)))" }

  /// One line: "IF · hard reset (to 0) · Vth=1 · U(0, 0.5) · 40 synapses × 0.1437 · T=100".
  public var summary: String {
    "\(modelName) · \(resetName) · Vth=\(Self.format(threshold)) · \(rangeName) · "
      + "\(synapses) synapses × \(String(format: "%.4f", weight)) · T=\(timeSteps)"
  }

  /// The title bar's words for the neuron: model, reset, Vth, input, T (the title drops them
  /// from the end when the line is short).
  public var titleParts: [String] {
    [
      modelName, reset == .hard ? "hard reset" : "subtract reset",
      "Vth=\(Self.format(threshold))", "input \(rangeName)", "T=\(timeSteps)",
    ]
  }

  /// What differs from `old`, each as "Vth 1 → 1.1".
  public func changes(from old: NeuronLabSettings) -> [String] {
    var changes: [String] = []
    if old.lower != lower || old.upper != upper {
      changes.append("input \(old.rangeName) → \(rangeName)")
    }
    if old.threshold != threshold {
      changes.append("Vth \(Self.format(old.threshold)) → \(Self.format(threshold))")
    }
    if old.leak != leak { changes.append("\(old.modelName) → \(modelName)") }
    if old.reset != reset { changes.append("\(old.resetName) → \(resetName)") }
    if old.timeSteps != timeSteps { changes.append("T \(old.timeSteps) → \(timeSteps)") }
    if old.synapses != synapses { changes.append("synapses \(old.synapses) → \(synapses)") }
    if old.weightTotal != weightTotal {
      changes.append(
        "weights \(String(format: "%.4f", old.weight)) → \(String(format: "%.4f", weight)) each")
    }
    return changes
  }

  /// "1", "0.5", "0.99": at most two decimals, no trailing zeros.
  public static func format(_ x: Float) -> String {
    var text = String(format: "%.2f", x)
    while text.contains("."), text.hasSuffix("0") { text.removeLast() }
    if text.hasSuffix(".") { text.removeLast() }
    return text
  }
}
