// The trainers of the methods that go back step by step as the forward runs (OnlineStep):
// OTTT (Xiao et al., NeurIPS 2022) and SLTT / SLTT-K (Meng et al., ICCV 2023), on the same
// spiking forward, loss and Adam as ASF-BP; their memory does not grow with T.
//
// Both take each step's own error: the loss is the mean over the T steps of the loss on each
// step's output W^N·o^{N−1}_t (read as mem/T, so the same targets as ASF-BP's), and nothing
// goes back through time. SLTT's weight gradient takes each step's input spikes; OTTT's takes
// the input's presynaptic trace â_t = λ·â_{t−1} + o_t (λ: the layer's own leak). SLTT with
// `sltt-steps: K` takes K steps of each batch, drawn at random, and leaves the others out.

import Foundation

/// Trains a `Network` with OTTT or SLTT.
public final class OnlineTrainer: SpikingTrainer, @unchecked Sendable {
  public var state: TrainerState
  public let step: BatchStep

  public init(method: TrainingMethod, network: Network, settings: TrainerSettings) {
    precondition(method.trainsOnline, "OnlineTrainer: \(method) does not train online")
    step = BatchStep(method: method)
    state = TrainerState(network: network, settings: settings)
  }
}
