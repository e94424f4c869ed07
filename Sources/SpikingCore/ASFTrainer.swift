// The ASF-BP trainer, the paper's method: each batch runs the shared step (BatchStep: the
// event-driven spiking forward, FI, scale factors, loss, Adam) with the one backward pass of
// the equivalent network (EquivalentNetwork.backward). Owns the network's weights.

import Foundation

/// Trains a `Network` with ASF-BP.
public final class ASFTrainer: SpikingTrainer, @unchecked Sendable {
  public var network: Network
  public var optimizer: AdamOptimizer
  public var settings: TrainerSettings
  /// ∂L/∂W of the last batch, shaped like `network.weights`.
  public private(set) var gradients: [[Float]]
  public var method: TrainingMethod { .asfBP }
  private let pass = BatchStep(method: .asfBP)

  /// OpenBLAS runs single-threaded: the trainer splits every batch over its own workers.
  public init(network: Network, settings: TrainerSettings) {
    BLAS.setThreadCount(1)
    self.network = network
    self.settings = settings
    optimizer = AdamOptimizer(
      parameterCounts: network.weights.map(\.count), learningRate: settings.learningRate,
      weightDecay: settings.weightDecay)
    gradients = network.weights.map { [Float](repeating: 0, count: $0.count) }
  }

  /// Trains on one batch and returns its statistics.
  ///
  /// - Parameters:
  ///   - images: [labels.count][sampleStride] input values.
  ///   - seed: seeds the input spike trains.
  ///   - updateScaleFactors: recompute S this batch (in epochs that are multiples of the
  ///     update period); otherwise they stay frozen.
  ///   - recordRaster: record the spikes of sample 0 for the UI.
  public func trainBatch(
    images: UnsafePointer<Float>, labels: [Int], seed: UInt64, updateScaleFactors: Bool,
    recordRaster: Bool
  ) -> BatchStatistics {
    pass.trainBatch(
      network: &network, optimizer: &optimizer, gradients: &gradients, settings: settings,
      images: images, labels: labels, seed: seed, updateScaleFactors: updateScaleFactors,
      recordRaster: recordRaster
    ) { buffers, network, gradients in
      buffers.equivalent.backward(
        network: network, labels: labels, loss: settings.loss, gradients: &gradients)
    }
  }

  public func evaluate(images: UnsafePointer<Float>, labels: [Int], seed: UInt64) -> (
    predictions: [Int], loss: Float
  ) {
    pass.evaluate(
      network: network, settings: settings, images: images, labels: labels, seed: seed)
  }
}
