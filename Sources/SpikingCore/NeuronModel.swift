// Integrate-and-fire neuron dynamics shared by the engine and the neuron lab:
// u[t] = λ·u[t−1]·(1 − o[t−1]) + x[t]; o[t] = 1[u[t] > Vth] (strictly above, as the reference
// code's F.threshold); hard reset to 0 after a spike.

import CSpikeKernels

/// The neuron model of a network: IF (no leak) or LIF (the membrane decays by `leak` each step).
public enum NeuronModel: String, Codable, Sendable, CaseIterable {
  /// Integrate-and-fire: λ = 1.
  case integrateAndFire = "if"
  /// Leaky integrate-and-fire: λ = 0.99, as in the paper (conv and linear neurons only; the
  /// spiking average pools never leak, see `Network.leak(ofLayer:)`).
  case leakyIntegrateAndFire = "lif"

  /// The membrane decay factor λ applied once per time step.
  public var leak: Float {
    switch self {
    case .integrateAndFire: 1
    case .leakyIntegrateAndFire: 0.99
    }
  }
}

/// How the membrane is reset after a spike.
public enum ResetMode: String, Codable, Sendable, CaseIterable {
  /// To zero (the paper and the engine).
  case hard
  /// Subtract the threshold (for comparison in the neuron lab only).
  case subtract
}

/// One time step of a population of neurons whose input current has already been added to `u`.
///
/// For each neuron: if u > threshold (strictly: u == threshold does not fire) it spikes (its index is appended to `spikes`, its count
/// in `counts` grows by one) and u is reset (to 0, or by subtracting the threshold); then
/// every membrane decays by `leak` (u ← λ·u), ready for the next step's current.
@inline(__always)
public func fireAndReset(
  membrane u: UnsafeMutablePointer<Float>, count n: Int, threshold: Float, leak: Float,
  reset: ResetMode = .hard, rule: EngineSwitches.SpikeRule = .strict,
  counts: UnsafeMutablePointer<Float>, spikes: UnsafeMutablePointer<Int32>,
  spikeCount: inout Int
) {
  spikeCount = asf_fire(
    u, n, rule.comparison(threshold), threshold, reset == .subtract ? 1 : 0, counts, spikes,
    spikeCount)
  if leak != 1 { asf_decay(u, n, leak) }
}

/// A single neuron stepped one input at a time, for the neuron lab and hand-worked tests.
/// It runs the same `fireAndReset` kernel as the network layers.
public struct SingleNeuron: Sendable {
  public var threshold: Float
  public var leak: Float
  public var reset: ResetMode
  /// Membrane potential after the last step (after reset and leak).
  public private(set) var membrane: Float = 0
  /// Membrane potential just before the last threshold test (input added).
  public private(set) var peak: Float = 0
  /// Accumulated input current FI and output spike count FO.
  public private(set) var accumulatedInput: Float = 0
  public private(set) var accumulatedOutput: Float = 0

  public init(threshold: Float, leak: Float, reset: ResetMode = .hard) {
    self.threshold = threshold
    self.leak = leak
    self.reset = reset
  }

  /// Adds `current` and applies one step; returns whether the neuron spiked.
  public mutating func step(current: Float) -> Bool {
    var u = membrane + current
    peak = u
    accumulatedInput += current
    var count = accumulatedOutput
    var spike: Int32 = -1
    var n = 0
    fireAndReset(
      membrane: &u, count: 1, threshold: threshold, leak: leak, reset: reset, counts: &count,
      spikes: &spike, spikeCount: &n)
    membrane = u
    accumulatedOutput = count
    return n == 1
  }

  /// The scale factor S = FO / FI so far (1 when no input has arrived).
  public var scaleFactor: Float {
    accumulatedInput > 0 ? accumulatedOutput / accumulatedInput : 1
  }

  public mutating func resetState() {
    membrane = 0
    peak = 0
    accumulatedInput = 0
    accumulatedOutput = 0
  }
}
