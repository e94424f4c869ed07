// The BPTT baseline trainer (DESIGN §4): the same layers, neurons, encoder, loss and Adam as
// ASF-BP, and the same event-driven forward, which here also records the per-step state
// (`TimeTrace`); gradients then flow back through every time step with a surrogate spike
// derivative. Its memory and time grow with T; it exists to measure the paper's speed claim.

import Foundation

/// Trains a `Network` with back-propagation through time.
public final class BPTTTrainer: SpikingTrainer, @unchecked Sendable {
  public var state: TrainerState
  public let step = BatchStep(method: .bptt)

  public init(network: Network, settings: TrainerSettings) {
    state = TrainerState(network: network, settings: settings)
  }

  /// Bytes of per-step state BPTT keeps for a batch of `batch` samples over `steps` steps.
  public static func stateBytes(network: Network, batch: Int, steps: Int) -> Int {
    TimeTrace.stateFloats(layers: network.layers, batch: batch, steps: steps)
      * MemoryLayout<Float>.size
  }

  /// BPTT's backward: through every time step of the state the forward recorded, with the
  /// boxcar surrogate of the spike's derivative; the loss is on mem = W^N·FO^{N−1}. Scale
  /// factors are not used.
  static func backward(
    buffers: BatchBuffers, network: Network, labels: [Int], loss: LossScale, perStep: Bool,
    gradients: inout [[Float]]
  ) {
    guard let trace = buffers.trace else { preconditionFailure("BPTT buffers without a trace") }
    trace.backward(
      network: network, mem: buffers.flows.inputFlowStart(network.layers.count - 1),
      labels: labels, loss: loss, spike: .heaviside, perStep: perStep, gradients: &gradients)
  }
}
