// A training preset: one configuration of a paper experiment or demo, read from YAML.
// Every key is optional except `name`; unknown keys and bad values are errors that name the
// key, the value and what is allowed.

import SpikingCore

/// The data a preset trains on.
public enum DatasetChoice: String, Sendable, CaseIterable, Codable {
  /// Synthetic 28×28 digits generated from the seed: no files needed.
  case digits
  /// MNIST from the IDX files in the data folder.
  case mnist
  /// CIFAR-10 from the binary batches in the data folder (any subset of data_batch_1…5).
  case cifar10
  /// MNIST turned into event frames by the event-camera emulator (2 polarities).
  case mnistEvents = "mnist-events"
  /// CIFAR10-DVS: the recorded .aedat files, binned into frames per batch.
  case cifar10DVS = "cifar10-dvs"
}

/// A complete training configuration.
public struct Preset: Sendable, Equatable {
  public var name: String
  public var summary: String = ""
  /// The paper's table or figure this preset reproduces, and the published figure.
  public var paperReference: String = ""
  public var paperAccuracy: Double?
  public var dataset: DatasetChoice = .digits
  public var network: NetworkSpec = .lenet
  /// "lenet", "vgg7" or "custom" (when `layers` is given).
  public var architecture: String = "lenet"
  public var neuron: NeuronModel = .integrateAndFire
  public var timeSteps: Int = 100
  public var threshold: Float = 1
  public var poolThreshold: Float = 0.75
  public var encoder: InputEncoding = .halfRate
  public var batchSize: Int = 60
  public var epochs: Int = 1
  public var learningRate: Float = 8.5e-4
  public var weightDecay: Float = 5e-4
  /// The learning rate is multiplied by `lrDecayFactor` at each epoch in `lrMilestones`.
  public var lrMilestones: [Int] = []
  public var lrDecayFactor: Float = 0.2
  public var scaleUpdatePeriod: Int = 5
  public var loss: LossScale = .sse
  /// How gradients are computed: ASF-BP (the paper), the BPTT baseline, or another method
  /// whose backward does not grow with T (OTTT, SLTT, rate-BP).
  public var method: TrainingMethod = .asfBP
  /// SLTT-K: the steps of each batch that go back (0: all T).
  public var slttSteps = 0
  /// Every N batches, the cosine of the method's gradient to BPTT's on the same batch, per
  /// layer (0: never).
  public var gradientCheck = 0
  /// The time windows a study sweeps (Figure 3's `bench asf-vs-bptt`, Figure 4's sweep).
  public var timeWindows: [Int] = []
  public var seed: UInt64 = 1
  /// Use only the first N training / test samples (0: all).
  public var trainLimit: Int = 0
  public var testLimit: Int = 0
  /// "training" (the default), "table4" (a neuron-lab experiment, not trained) or
  /// "training-time" (Figure 3: ASF-BP against BPTT, measured by `bench asf-vs-bptt`).
  public var experiment = "training"
  /// Neuron-lab settings (Table 4): synapses, the sum of their weights, trials per row.
  public var synapses = 40
  public var synapticWeightTotal: Float = 5.75
  public var trials = 1000
  /// A "sample" line (histograms, rasters) goes into metrics.jsonl every N batches.
  public var recordEvery = 10
  /// After each epoch, the latency curve (accuracy against inference steps) on this many
  /// test samples (0: none).
  public var latencySamples = 500
  /// Event data: frames per sample, replayed cyclically over the time window.
  public var eventFrames = 10
  /// Worker threads (0: one per core). Results do not depend on it.
  public var workers = 0
  /// ASF-BP's switchable choices (the paper's unless a preset or flag changes them).
  public var switches = EngineSwitches()
  /// What `asf-tui sweep` varies by default for this preset: "KEY=V1,V2,…" (nil: T).
  public var sweep: String?

  public init(name: String) { self.name = name }

  /// The neuron-lab settings this preset describes (threshold, leak, T, synapses, weights).
  public var neuronLabSettings: NeuronLabSettings {
    var settings = NeuronLabSettings()
    settings.threshold = threshold
    settings.leak = neuron.leak
    settings.timeSteps = timeSteps
    settings.synapses = synapses
    settings.weightTotal = synapticWeightTotal
    return settings
  }

  /// The learning rate in force during `epoch` (0-based).
  public func learningRate(atEpoch epoch: Int) -> Float {
    lrMilestones.reduce(learningRate) { rate, milestone in
      epoch >= milestone ? rate * lrDecayFactor : rate
    }
  }
}
