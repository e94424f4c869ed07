// The protocol the workbench drives both trainers through (ASF-BP and the BPTT baseline),
// and the factory that builds either. Their shared batch step is BatchStep; their settings
// are TrainerSettings.

import Foundation

/// What every trainer owns: the network, Adam's state, the settings and the last gradients.
public struct TrainerState: Sendable {
  public var network: Network
  public var optimizer: AdamOptimizer
  public var settings: TrainerSettings
  /// ∂L/∂W of the last batch, shaped like `network.weights`.
  public internal(set) var gradients: [[Float]]

  /// OpenBLAS runs single-threaded: the trainers split every batch over their own workers.
  init(network: Network, settings: TrainerSettings) {
    BLAS.setThreadCount(1)
    self.network = network
    self.settings = settings
    optimizer = AdamOptimizer(
      parameterCounts: network.weights.map(\.count), learningRate: settings.learningRate,
      weightDecay: settings.weightDecay)
    gradients = network.weights.map { [Float](repeating: 0, count: $0.count) }
  }
}

/// A trainer of a spiking `Network`: one batch at a time, then spiking inference. A trainer
/// owns its state and a `BatchStep` of its method, which runs the batches.
public protocol SpikingTrainer: AnyObject, Sendable {
  var state: TrainerState { get set }
  /// The batch step of this trainer's method: buffers, forward and backward.
  var step: BatchStep { get }
}

extension SpikingTrainer {
  public var method: TrainingMethod { step.method }

  /// Trains on one batch (`images`: [labels.count][sampleStride]) and returns its statistics.
  /// `streams` names the samples whose input spikes are drawn; `updateScaleFactors`
  /// recomputes the ASF-BP scale factors this batch (BPTT has none); `recordRaster` records
  /// the spikes of sample 0.
  public func trainBatch(
    images: UnsafePointer<Float>, labels: [Int], streams: InputStreams,
    updateScaleFactors: Bool, recordRaster: Bool = true
  ) -> BatchStatistics {
    step.trainBatch(
      state: &state, images: images, labels: labels, streams: streams,
      updateScaleFactors: updateScaleFactors, recordRaster: recordRaster)
  }

  /// Trains on one batch whose samples are numbered by their place in it, with `seed`.
  public func trainBatch(
    images: UnsafePointer<Float>, labels: [Int], seed: UInt64, updateScaleFactors: Bool,
    recordRaster: Bool = true
  ) -> BatchStatistics {
    trainBatch(
      images: images, labels: labels, streams: InputStreams(seed: seed),
      updateScaleFactors: updateScaleFactors, recordRaster: recordRaster)
  }

  /// Spiking inference: the predicted class (arg-max of the output membrane) of each
  /// sample, the batch loss against `labels`, and the synaptic operations per sample.
  public func evaluate(images: UnsafePointer<Float>, labels: [Int], streams: InputStreams) -> (
    predictions: [Int], loss: Float, synapticOperations: Double
  ) {
    step.evaluate(
      network: state.network, settings: state.settings, images: images, labels: labels,
      streams: streams)
  }

  /// Spiking inference of a batch whose samples are numbered by their place in it.
  public func evaluate(images: UnsafePointer<Float>, labels: [Int], seed: UInt64) -> (
    predictions: [Int], loss: Float, synapticOperations: Double
  ) {
    evaluate(images: images, labels: labels, streams: InputStreams(seed: seed))
  }

  /// A batch through the network as it is, without training: its statistics and rasters.
  public func look(images: [Float], labels: [Int], streams: InputStreams) -> BatchStatistics {
    precondition(
      images.count >= labels.count * sampleStride && !labels.isEmpty,
      "look: \(labels.count) samples of \(sampleStride) values need \(labels.count * sampleStride) values, the images hold \(images.count)"
    )
    return images.withUnsafeBufferPointer { buffer in
      guard let base = buffer.baseAddress else { preconditionFailure("no images") }
      return step.look(state: state, images: base, labels: labels, streams: streams)
    }
  }

  /// One sample's spiking forward with `network` (the weights a batch ran with): the rasters
  /// of `view` (its sample index is the sample's place in `streams`' batch) and the output mem.
  public func inspect(
    network: Network, image: UnsafePointer<Float>, streams: InputStreams, view: RasterView
  ) -> (rasters: [SpikeRaster], output: [Float]) {
    step.inspect(
      network: network, settings: state.settings, image: image, streams: streams, view: view)
  }

  public var network: Network {
    get { state.network }
    set { state.network = newValue }
  }
  public var optimizer: AdamOptimizer {
    get { state.optimizer }
    set { state.optimizer = newValue }
  }
  public var settings: TrainerSettings {
    get { state.settings }
    set { state.settings = newValue }
  }
  /// ∂L/∂W of the last batch, shaped like `network.weights`.
  public var gradients: [[Float]] { state.gradients }

  /// Values per input frame (the input layer's size).
  public var inputSize: Int { network.layers[0].inputShape.count }
  /// Values per sample in the image buffers: frames × input size.
  public var sampleStride: Int { inputSize * max(1, settings.inputFrames) }

  /// Trains on one batch of `images` ([labels.count][sampleStride], or more); the shapes are
  /// checked on entry.
  public func trainBatch(
    images: [Float], labels: [Int], streams: InputStreams, updateScaleFactors: Bool,
    recordRaster: Bool = true
  ) -> BatchStatistics {
    precondition(
      images.count >= labels.count * sampleStride,
      "trainBatch: \(labels.count) samples of \(sampleStride) values need \(labels.count * sampleStride) values, the images hold \(images.count)"
    )
    return images.withUnsafeBufferPointer { buffer in
      guard let base = buffer.baseAddress else { preconditionFailure("no images") }
      return trainBatch(
        images: base, labels: labels, streams: streams, updateScaleFactors: updateScaleFactors,
        recordRaster: recordRaster)
    }
  }

  /// Trains on one batch of `images` whose samples are numbered by their place in it.
  public func trainBatch(
    images: [Float], labels: [Int], seed: UInt64, updateScaleFactors: Bool,
    recordRaster: Bool = true
  ) -> BatchStatistics {
    trainBatch(
      images: images, labels: labels, streams: InputStreams(seed: seed),
      updateScaleFactors: updateScaleFactors, recordRaster: recordRaster)
  }

  /// Spiking inference of `images` ([labels.count][sampleStride], or more); the shapes are
  /// checked on entry.
  public func evaluate(images: [Float], labels: [Int], streams: InputStreams) -> (
    predictions: [Int], loss: Float, synapticOperations: Double
  ) {
    precondition(
      images.count >= labels.count * sampleStride,
      "evaluate: \(labels.count) samples of \(sampleStride) values need \(labels.count * sampleStride) values, the images hold \(images.count)"
    )
    return images.withUnsafeBufferPointer { buffer in
      guard let base = buffer.baseAddress else { preconditionFailure("no images") }
      return evaluate(images: base, labels: labels, streams: streams)
    }
  }

  /// Spiking inference of `images` whose samples are numbered by their place in the batch.
  public func evaluate(images: [Float], labels: [Int], seed: UInt64) -> (
    predictions: [Int], loss: Float, synapticOperations: Double
  ) {
    evaluate(images: images, labels: labels, streams: InputStreams(seed: seed))
  }
}

/// Builds a trainer of either method.
public func makeTrainer(
  method: TrainingMethod, network: Network, settings: TrainerSettings
) -> any SpikingTrainer {
  switch method {
  case .asfBP: ASFTrainer(network: network, settings: settings)
  case .bptt: BPTTTrainer(network: network, settings: settings)
  case .ottt, .sltt: OnlineTrainer(method: method, network: network, settings: settings)
  case .rateBP: RateTrainer(network: network, settings: settings)
  }
}
