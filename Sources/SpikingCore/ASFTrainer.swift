// The ASF-BP trainer, the paper's method: each batch runs the shared step (BatchStep: the
// event-driven spiking forward, FI, scale factors, loss, Adam) with the one backward pass of
// the equivalent network (EquivalentNetwork.backward). Owns the network's weights.
// Path of a batch: SpikingTrainer.trainBatch → BatchStep.trainBatch → ASFTrainer.backward →
// EquivalentNetwork.backward.

import Foundation

/// Trains a `Network` with ASF-BP.
public final class ASFTrainer: SpikingTrainer, @unchecked Sendable {
  public var state: TrainerState
  public let step = BatchStep(method: .asfBP)

  public init(network: Network, settings: TrainerSettings) {
    state = TrainerState(network: network, settings: settings)
  }

  /// ASF-BP's backward: once through the equivalent network of the batch's flows, with the
  /// scale factors of `network` and the 1[FI > 0] masks.
  static func backward(
    buffers: BatchBuffers, network: Network, labels: [Int], loss: LossScale,
    gradients: inout [[Float]]
  ) {
    buffers.equivalent.backward(
      network: network, labels: labels, loss: loss, gradients: &gradients)
  }
}
