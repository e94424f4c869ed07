// The BPTT baseline trainer (DESIGN §4): the same layers, neurons, encoder, loss and Adam as
// ASF-BP, and the same event-driven forward, which here also records the per-step state
// (`TimeTrace`); gradients then flow back through every time step with a surrogate spike
// derivative. Its memory and time grow with T; it exists to measure the paper's speed claim.

import Foundation

/// Trains a `Network` with back-propagation through time.
public final class BPTTTrainer: SpikingTrainer, @unchecked Sendable {
  public var network: Network
  public var optimizer: AdamOptimizer
  public var settings: TrainerSettings
  public private(set) var gradients: [[Float]]
  public var method: TrainingMethod { .bptt }
  private let pass = BatchStep(method: .bptt)

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

  /// Bytes of per-step state BPTT keeps for a batch of `batch` samples over `steps` steps.
  public static func stateBytes(network: Network, batch: Int, steps: Int) -> Int {
    TimeTrace.stateFloats(layers: network.layers, batch: batch, steps: steps)
      * MemoryLayout<Float>.size
  }

  /// Trains on one batch: the recorded spiking forward, the loss on mem = W^N·FO^{N−1}, the
  /// backward pass through time, and an Adam step. Scale factors are not used
  /// (`updateScaleFactors` is ignored); the FI/FO statistics are those of the forward.
  public func trainBatch(
    images: UnsafePointer<Float>, labels: [Int], seed: UInt64, updateScaleFactors: Bool,
    recordRaster: Bool
  ) -> BatchStatistics {
    pass.trainBatch(
      network: &network, optimizer: &optimizer, gradients: &gradients, settings: settings,
      images: images, labels: labels, seed: seed, updateScaleFactors: false,
      recordRaster: recordRaster
    ) { buffers, network, gradients in
      guard let trace = buffers.trace else { preconditionFailure("BPTT buffers without a trace") }
      trace.backward(
        network: network, mem: buffers.flows.inputFlowStart(network.layers.count - 1),
        labels: labels, loss: settings.loss, spike: .heaviside, gradients: &gradients)
    }
  }

  public func evaluate(images: UnsafePointer<Float>, labels: [Int], seed: UInt64) -> (
    predictions: [Int], loss: Float
  ) {
    pass.evaluate(
      network: network, settings: settings, images: images, labels: labels, seed: seed)
  }
}
