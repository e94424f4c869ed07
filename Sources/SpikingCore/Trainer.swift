// The ASF-BP trainer: for each batch, the event-driven spiking forward of every sample
// (split over worker threads), the equivalent network (FI, scale factors, one backward pass),
// and an Adam step. Also spiking inference for evaluation. Owns the network's weights.

import Foundation

/// Trains a `Network` with ASF-BP.
public final class ASFTrainer: SpikingTrainer, @unchecked Sendable {
  public var network: Network
  public var optimizer: AdamOptimizer
  public var settings: TrainerSettings
  /// ∂L/∂W of the last batch, shaped like `network.weights`.
  public private(set) var gradients: [[Float]]
  public var method: TrainingMethod { .asfBP }
  private let pass = SpikingPass()

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
    ) { eq, network, gradients in
      eq.backward(network: network, labels: labels, loss: settings.loss, gradients: &gradients)
    }
  }

  public func evaluate(images: UnsafePointer<Float>, labels: [Int], seed: UInt64) -> (
    predictions: [Int], loss: Float
  ) {
    pass.evaluate(
      network: network, settings: settings, images: images, labels: labels, seed: seed)
  }
}

func seconds(_ d: Duration) -> Double {
  Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
}

extension Array where Element == [Float] {
  /// Calls `body` with a base pointer for each inner array (empty arrays get a dangling one).
  func withUnsafePointers<R>(_ body: ([UnsafePointer<Float>]) -> R) -> R {
    var pointers: [UnsafePointer<Float>] = []
    pointers.reserveCapacity(count)
    func recurse(_ i: Int) -> R {
      if i == count { return body(pointers) }
      return self[i].withUnsafeBufferPointer { buffer in
        pointers.append(buffer.baseAddress ?? UnsafePointer(bitPattern: 16)!)
        return recurse(i + 1)
      }
    }
    return recurse(0)
  }
}
