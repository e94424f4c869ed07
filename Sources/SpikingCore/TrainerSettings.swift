// The settings of a trainer that do not belong to the network (encoder, loss, optimiser,
// worker threads), and the choice of training method.

import Foundation

/// How a trainer computes gradients.
public enum TrainingMethod: String, Codable, Sendable, CaseIterable {
  /// Back-propagation once through the equivalent network of accumulated flows (the paper).
  case asfBP = "asf-bp"
  /// Back-propagation through every time step with a surrogate spike derivative (baseline).
  case bptt
  /// Online training through time (Xiao et al. 2022): each step's own error, presynaptic
  /// traces for the weights, no path back through time.
  case ottt
  /// Spatial learning through time (Meng et al. 2023): each step's own error, no path back
  /// through time; with `sltt-steps: K`, only K steps of each batch go back.
  case sltt
  /// Rate-based back-propagation (Yu et al. 2024): once through the rates, like ASF-BP, each
  /// neuron's ∂rate/∂(mean input) estimated in the forward from its surrogate derivatives.
  case rateBP = "rate-bp"

  /// The name tables and charts print.
  public var title: String {
    switch self {
    case .asfBP: "ASF-BP"
    case .bptt: "BPTT"
    case .ottt: "OTTT"
    case .sltt: "SLTT"
    case .rateBP: "rate-BP"
    }
  }

  /// Whether the method's batch memory grows with the time window T (only BPTT's does).
  public var memoryGrowsWithT: Bool { self == .bptt }

  /// Whether the method goes back once through the network of accumulated flows (ASF-BP,
  /// rate-BP).
  public var goesBackThroughFlows: Bool { self == .asfBP || self == .rateBP }

  /// Whether the method goes back step by step while the forward runs (OTTT, SLTT).
  public var trainsOnline: Bool { self == .ottt || self == .sltt }
}

/// Settings of a trainer that do not belong to the network.
public struct TrainerSettings: Sendable {
  public var encoding: InputEncoding
  public var loss: LossScale
  public var learningRate: Float
  public var weightDecay: Float
  /// Threads for the spiking forward (default: all cores).
  public var workerCount: Int
  /// Input frames per sample (`.events` encoding): a sample is `inputFrames` × input size
  /// values, replayed cyclically over the time window. 1 for images.
  public var inputFrames: Int = 1
  /// Which sample's spikes the rasters record, and which neurons of which layer.
  public var rasterView = RasterView()
  /// When set, the spiking forward of each batch reports its samples done here (a screen
  /// shows how far a slow batch has got).
  public var progress: WorkProgress?
  /// SLTT-K: the steps of each batch that go back (K, drawn per batch); nil: all T steps.
  public var slttSteps: Int?
  /// BPTT only: the loss is the mean over T of each step's loss (the one OTTT and SLTT train
  /// on) instead of the loss on the accumulated output.
  public var perStepLoss = false

  public init(
    encoding: InputEncoding = .halfRate, loss: LossScale = .sse, learningRate: Float = 8.5e-4,
    weightDecay: Float = 5e-4, workerCount: Int = ProcessInfo.processInfo.activeProcessorCount
  ) {
    self.encoding = encoding
    self.loss = loss
    self.learningRate = learningRate
    self.weightDecay = weightDecay
    self.workerCount = max(1, workerCount)
  }
}

/// What the spike rasters of a batch show: one sample of the batch, and for one activation
/// (0: the input, l + 1: hidden layer l) a window of 256 consecutive neurons; every other
/// layer is sampled evenly.
public struct RasterView: Sendable, Equatable {
  /// The sample (clamped to the batch).
  public var sample: Int
  /// The activation shown as a window, and the window's first neuron; nil for none.
  public var activation: Int?
  public var firstNeuron: Int

  public init(sample: Int = 0, activation: Int? = nil, firstNeuron: Int = 0) {
    self.sample = max(0, sample)
    self.activation = activation
    self.firstNeuron = max(0, firstNeuron)
  }
}
