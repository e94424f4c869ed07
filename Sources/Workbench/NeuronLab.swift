// The neuron lab's model: one IF/LIF neuron (the engine's own `SingleNeuron`) fed by N
// synapses with positive weights. Each synapse has a "pixel" drawn from U(a, b) and fires
// each step with probability equal to its pixel; the neuron's input current is the sum of
// the weights of the synapses that fired. The scale factor S = FO/FI is what ASF-BP uses.

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

/// One step of the lab's neuron, for drawing.
public struct NeuronLabStep: Sendable, Equatable {
  /// Which synapses fired (their indices), the input current x[t] and the membrane potential
  /// just before the threshold test (after the current was added).
  public var firedSynapses: [Int]
  public var current: Float
  public var membraneBeforeReset: Float
  public var spiked: Bool
}

/// A single neuron driven by random synaptic input, stepped one time step at a time.
public struct NeuronLab: Sendable {
  public private(set) var settings: NeuronLabSettings
  public private(set) var pixels: [Float] = []
  public private(set) var neuron: SingleNeuron
  /// The steps of the current window (at most `settings.timeSteps`).
  public private(set) var history: [NeuronLabStep] = []
  private var rng: RandomSource
  private let seed: UInt64
  private var trial: UInt64 = 0

  public init(settings: NeuronLabSettings = NeuronLabSettings(), seed: UInt64 = 1) {
    self.settings = settings
    self.seed = seed
    rng = RandomSource(seed: seed)
    neuron = SingleNeuron(threshold: settings.threshold, leak: settings.leak, reset: settings.reset)
    restart()
  }

  /// Applies new settings and starts a new window with new pixels.
  public mutating func apply(_ settings: NeuronLabSettings) {
    var s = settings
    s.lower = max(0, min(1, s.lower))
    s.upper = max(s.lower, min(1, s.upper))
    s.threshold = Limits.clampThreshold(s.threshold)
    s.leak = max(0.5, min(1, s.leak))
    s.timeSteps = max(5, min(1000, s.timeSteps))
    s.synapses = max(1, min(1000, s.synapses))
    s.weightTotal = max(0.05, min(100, s.weightTotal))
    self.settings = s
    restart()
  }

  /// Starts a new window: fresh pixels, the membrane at rest, FI = FO = 0.
  public mutating func restart() {
    trial += 1
    rng = RandomSource(seed: seed &+ trial &* 0x9E37_79B9)
    pixels = (0..<settings.synapses).map { _ in rng.nextFloat(in: settings.lower, settings.upper) }
    neuron = SingleNeuron(threshold: settings.threshold, leak: settings.leak, reset: settings.reset)
    history.removeAll(keepingCapacity: true)
  }

  /// Whether the window of T steps is complete.
  public var isWindowComplete: Bool { history.count >= settings.timeSteps }

  /// Advances one time step (a new window starts after T steps).
  @discardableResult
  public mutating func step() -> NeuronLabStep {
    if isWindowComplete { restart() }
    let step = Self.advance(&neuron, pixels: pixels, weight: settings.weight, rng: &rng)
    history.append(step)
    return step
  }

  /// One step of `neuron` under synapses with firing probabilities `pixels` and one weight.
  static func advance(
    _ neuron: inout SingleNeuron, pixels: [Float], weight: Float, rng: inout RandomSource
  ) -> NeuronLabStep {
    var fired: [Int] = []
    for (i, p) in pixels.enumerated() where rng.nextUnit() < p { fired.append(i) }
    let current = Float(fired.count) * weight
    let spiked = neuron.step(current: current)
    return NeuronLabStep(
      firedSynapses: fired, current: current, membraneBeforeReset: neuron.peak, spiked: spiked)
  }

  /// S = FO/FI of the neuron over the window so far (1 before any input).
  public var scaleFactor: Float { neuron.scaleFactor }

  /// The scale factor of one whole window of T steps with fresh pixels from U(a, b).
  public static func trialScaleFactor(
    settings: NeuronLabSettings, rng: inout RandomSource
  ) -> Float {
    let pixels = (0..<settings.synapses).map { _ in
      rng.nextFloat(in: settings.lower, settings.upper)
    }
    var neuron = SingleNeuron(
      threshold: settings.threshold, leak: settings.leak, reset: settings.reset)
    for _ in 0..<settings.timeSteps {
      _ = advance(&neuron, pixels: pixels, weight: settings.weight, rng: &rng)
    }
    return neuron.scaleFactor
  }
}
