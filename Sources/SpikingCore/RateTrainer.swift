// The rate-based back-propagation trainer (Yu et al., NeurIPS 2024): the shared batch step
// with each neuron's ∂rate/∂(mean input) estimated in the forward (ForwardWorkspace+Rate), then
// one pass back through the network of accumulated flows, as ASF-BP's, with those slopes in
// place of the scale factors and masks (EquivalentNetwork.backward). Its memory does not grow
// with T.

import Foundation

/// Trains a `Network` with rate-based back-propagation.
public final class RateTrainer: SpikingTrainer, @unchecked Sendable {
  public var state: TrainerState
  public let step = BatchStep(method: .rateBP)

  public init(network: Network, settings: TrainerSettings) {
    state = TrainerState(network: network, settings: settings)
  }
}
