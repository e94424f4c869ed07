// The choices ASF-BP rests on, each switchable for ablations: how the scale factors are
// measured and smoothed, the 1[FI > 0] mask of the backward pass, the reset after a spike
// and the spike rule. The defaults are the paper's and its reference code's.

/// ASF-BP's choices for one network.
public struct EngineSwitches: Sendable, Equatable, Codable {
  /// How the scale factor S of each layer with neurons is found.
  public enum ScaleMode: String, Sendable, Codable, CaseIterable {
    /// One S per layer: Σ FO / Σ FI over the neurons with FI ≥ FO (the paper).
    case layer
    /// One S per neuron, by the same rule over the samples of the batch.
    case neuron
    /// S = 1/Vth: the slope of an ideal IF neuron, never measured.
    case fixed
    /// S = 1: a straight-through estimate.
    case none
    /// The values in force stay as they are.
    case frozen
  }

  /// When a neuron fires.
  public enum SpikeRule: String, Sendable, Codable, CaseIterable {
    /// u > Vth (the reference code's F.threshold).
    case strict
    /// u ≥ Vth.
    case inclusive

    /// The value the kernels compare u with by `>`: Vth, or for the inclusive rule the
    /// largest float below it (u ≥ Vth ⇔ u > Vth.nextDown, exactly).
    public func comparison(_ threshold: Float) -> Float {
      self == .strict ? threshold : threshold.nextDown
    }
  }

  public var scaleMode: ScaleMode = .layer
  /// The weight of a new measurement in S ← w·S_new + (1 − w)·S_old (0.6 in the paper).
  public var smoothing: Float = 0.6
  /// Whether ∂L/∂FI is masked by 1[FI > 0] (the reference code's grad_cal).
  public var mask = true
  public var reset: ResetMode = .hard
  public var spikeRule: SpikeRule = .strict

  public init() {}

  /// The paper's choices.
  public static let paper = EngineSwitches()

  /// The threshold the kernels compare with `>`: Vth itself, or for the inclusive rule the
  /// largest float below it (u ≥ Vth ⇔ u > Vth.nextDown, exactly).
  public func comparison(_ threshold: Float) -> Float {
    spikeRule.comparison(threshold)
  }

  /// The switches that differ from the paper's, as short words ("S:neuron mask:off"); empty
  /// when every choice is the paper's.
  public var summary: String { differences.joined(separator: " ") }

  /// The switches that differ from the paper's, one short word each, in a fixed order.
  public var differences: [String] {
    var parts: [String] = []
    if scaleMode != .layer { parts.append("S:\(scaleMode.rawValue)") }
    if smoothing != 0.6 { parts.append("EMA:\(smoothing)") }
    if !mask { parts.append("mask:off") }
    if reset != .hard { parts.append("reset:\(reset.rawValue)") }
    if spikeRule != .strict { parts.append("u≥Vth") }
    return parts
  }
}
