// The neuron lab's model: one IF/LIF neuron (the engine's own `SingleNeuron`) fed by N
// synapses with positive weights. Each synapse has a "pixel" drawn from U(a, b) and fires
// each step with probability equal to its pixel; the neuron's input current is the sum of
// the weights of the synapses that fired. The scale factor S = FO/FI is what ASF-BP uses.

import SpikingCore

/// One step of the lab's neuron, for drawing.
public struct NeuronLabStep: Sendable, Equatable {
  /// Which synapses fired (their indices), the input current x[t] and the membrane potential
  /// just before the threshold test (after the current was added).
  public var firedSynapses: [Int]
  public var current: Float
  public var membraneBeforeReset: Float
  public var spiked: Bool
  /// The membrane potential after the step (after the reset and the leak).
  public var membraneAfter: Float = 0
}

/// FI and FO of one complete window, for the transfer plot; `generation` counts the changes
/// of settings, so that the windows under the settings in force can be told apart.
public struct NeuronLabWindowFlow: Sendable, Equatable {
  public let input: Float
  public let output: Float
  public let generation: Int
}

/// The window before the last change of settings, kept to draw faintly beside the new one.
public struct NeuronLabGhost: Sendable, Equatable {
  public let steps: [NeuronLabStep]
  public let settings: NeuronLabSettings
}

/// A single neuron driven by random synaptic input, stepped one time step at a time.
public struct NeuronLab: Sendable {
  public private(set) var settings: NeuronLabSettings
  public private(set) var pixels: [Float] = []
  public private(set) var neuron: SingleNeuron
  /// The steps of the current window (at most `settings.timeSteps`).
  public private(set) var history: [NeuronLabStep] = []
  /// The window before the last change of settings (nil until one changed).
  public private(set) var ghost: NeuronLabGhost?
  /// S of each complete window under the settings in force (windows without input left out).
  public private(set) var windowScaleFactors: [Float] = []
  /// FI and FO of the last complete windows (at most `flowCapacity`), under every setting
  /// since the lab started or the transfer plot was cleared.
  public private(set) var windowFlows: [NeuronLabWindowFlow] = []
  /// How many changes of settings there have been (the generation of new windows).
  public private(set) var generation = 0
  public static let flowCapacity = 400
  private var rng: RandomSource
  private var seed: UInt64
  private var trial: UInt64 = 0

  public init(settings: NeuronLabSettings = NeuronLabSettings(), seed: UInt64 = 1) {
    let settings = Self.clamped(settings)
    self.settings = settings
    self.seed = seed
    rng = RandomSource(seed: seed)
    neuron = SingleNeuron(threshold: settings.threshold, leak: settings.leak, reset: settings.reset)
    restart()
  }

  /// Starts `settings` afresh from `seed` (a lesson's step): the same windows as
  /// `NeuronLab(settings:seed:)`, which the step's claims were checked on; the window so far
  /// stays as the ghost.
  public mutating func start(_ settings: NeuronLabSettings, seed: UInt64) {
    self.seed = seed
    trial = 0
    windowFlows.removeAll()  // another neuron: its windows only
    apply(settings)
  }

  /// Applies new settings and starts a new window with new pixels; the window so far stays
  /// as the ghost, and the mean of S over windows starts again.
  public mutating func apply(_ settings: NeuronLabSettings) {
    if !history.isEmpty { ghost = NeuronLabGhost(steps: history, settings: self.settings) }
    windowScaleFactors.removeAll()
    generation += 1
    self.settings = Self.clamped(settings)
    restart()
  }

  /// `settings` within the lab's limits.
  static func clamped(_ settings: NeuronLabSettings) -> NeuronLabSettings {
    var s = settings
    s.lower = max(0, min(1, s.lower))
    s.upper = max(s.lower, min(1, s.upper))
    s.threshold = Limits.clampThreshold(s.threshold)
    s.leak = max(0.5, min(1, s.leak))
    s.timeSteps = max(5, min(1000, s.timeSteps))
    s.synapses = max(1, min(1000, s.synapses))
    s.weightTotal = max(0.05, min(100, s.weightTotal))
    return s
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
    if isWindowComplete {
      if let scale = scaleFactor { windowScaleFactors.append(scale) }
      windowFlows.append(
        NeuronLabWindowFlow(
          input: neuron.accumulatedInput, output: neuron.accumulatedOutput,
          generation: generation))
      if windowFlows.count > Self.flowCapacity { windowFlows.removeFirst() }
      restart()
    }
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
      firedSynapses: fired, current: current, membraneBeforeReset: neuron.peak, spiked: spiked,
      membraneAfter: neuron.membrane)
  }

  /// S = FO/FI of the neuron over the window so far; nil before any input (S is undefined).
  public var scaleFactor: Float? {
    neuron.accumulatedInput > 0 ? neuron.scaleFactor : nil
  }

  /// The mean of S over the complete windows under the settings in force, and their number;
  /// nil before the first window ends.
  public var meanScaleFactor: (mean: Float, windows: Int)? {
    guard !windowScaleFactors.isEmpty else { return nil }
    let count = windowScaleFactors.count
    return (windowScaleFactors.reduce(0, +) / Float(count), count)
  }

  /// Forgets the ghost (a new lesson step, or the switch to another neuron).
  public mutating func clearGhost() { ghost = nil }

  /// The windows of the transfer plot under the settings in force.
  public var currentFlows: [NeuronLabWindowFlow] {
    windowFlows.filter { $0.generation == generation }
  }

  /// ΣFO/ΣFI over the complete windows under the settings in force: the slope the transfer
  /// plot draws (ASF-BP's rule over a layer's samples); nil before a window with input.
  public var pooledScaleFactor: Float? {
    let flows = currentFlows
    let input = flows.reduce(Float(0)) { $0 + $1.input }
    return input > 0 ? flows.reduce(Float(0)) { $0 + $1.output } / input : nil
  }

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
