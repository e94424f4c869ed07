// The protocol the workbench drives both trainers through (ASF-BP and the BPTT baseline),
// and the factory that builds either. Their shared batch step is BatchStep; their settings
// are TrainerSettings.

import Foundation

/// A trainer of a spiking `Network`: one batch at a time, then spiking inference.
public protocol SpikingTrainer: AnyObject, Sendable {
  var network: Network { get set }
  var optimizer: AdamOptimizer { get set }
  var settings: TrainerSettings { get set }
  var method: TrainingMethod { get }
  /// ∂L/∂W of the last batch, shaped like `network.weights`.
  var gradients: [[Float]] { get }

  /// Trains on one batch (`images`: [labels.count][sampleStride]) and returns its statistics.
  /// `seed` seeds the input spike trains; `updateScaleFactors` recomputes the ASF-BP scale
  /// factors this batch (BPTT has none); `recordRaster` records the spikes of sample 0.
  func trainBatch(
    images: UnsafePointer<Float>, labels: [Int], seed: UInt64, updateScaleFactors: Bool,
    recordRaster: Bool
  ) -> BatchStatistics

  /// Spiking inference: the predicted class (arg-max of the output membrane) of each
  /// sample, and the batch loss against `labels`.
  func evaluate(images: UnsafePointer<Float>, labels: [Int], seed: UInt64) -> (
    predictions: [Int], loss: Float
  )
}

extension SpikingTrainer {
  /// Values per input frame (the input layer's size).
  public var inputSize: Int { network.layers[0].inputShape.count }
  /// Values per sample in the image buffers: frames × input size.
  public var sampleStride: Int { inputSize * max(1, settings.inputFrames) }

  /// Trains on one batch of `images` ([labels.count][sampleStride], or more); the shapes are
  /// checked on entry.
  public func trainBatch(
    images: [Float], labels: [Int], seed: UInt64, updateScaleFactors: Bool,
    recordRaster: Bool = true
  ) -> BatchStatistics {
    precondition(
      images.count >= labels.count * sampleStride,
      "trainBatch: \(labels.count) samples of \(sampleStride) values need \(labels.count * sampleStride) values, the images hold \(images.count)"
    )
    return images.withUnsafeBufferPointer { buffer in
      guard let base = buffer.baseAddress else { preconditionFailure("no images") }
      return trainBatch(
        images: base, labels: labels, seed: seed, updateScaleFactors: updateScaleFactors,
        recordRaster: recordRaster)
    }
  }

  /// Spiking inference of `images` ([labels.count][sampleStride], or more); the shapes are
  /// checked on entry.
  public func evaluate(images: [Float], labels: [Int], seed: UInt64) -> (
    predictions: [Int], loss: Float
  ) {
    precondition(
      images.count >= labels.count * sampleStride,
      "evaluate: \(labels.count) samples of \(sampleStride) values need \(labels.count * sampleStride) values, the images hold \(images.count)"
    )
    return images.withUnsafeBufferPointer { buffer in
      guard let base = buffer.baseAddress else { preconditionFailure("no images") }
      return evaluate(images: base, labels: labels, seed: seed)
    }
  }

  public func trainBatch(
    images: UnsafePointer<Float>, labels: [Int], seed: UInt64, updateScaleFactors: Bool
  ) -> BatchStatistics {
    trainBatch(
      images: images, labels: labels, seed: seed, updateScaleFactors: updateScaleFactors,
      recordRaster: true)
  }
}

/// Builds a trainer of either method.
public func makeTrainer(
  method: TrainingMethod, network: Network, settings: TrainerSettings
) -> any SpikingTrainer {
  switch method {
  case .asfBP: ASFTrainer(network: network, settings: settings)
  case .bptt: BPTTTrainer(network: network, settings: settings)
  }
}
