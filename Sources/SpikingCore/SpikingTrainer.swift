// What both trainers share: their settings, the protocol the workbench drives them through
// (ASF-BP and the BPTT baseline), and the spiking pass both run (batch buffers, the
// event-driven forward, and spiking inference for evaluation).

import Foundation

/// How a trainer computes gradients.
public enum TrainingMethod: String, Codable, Sendable, CaseIterable {
  /// Back-propagation once through the equivalent network of accumulated flows (the paper).
  case asfBP = "asf-bp"
  /// Back-propagation through every time step with a surrogate spike derivative (baseline).
  case bptt

  /// The name tables and charts print.
  public var title: String { self == .asfBP ? "ASF-BP" : "BPTT" }
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

/// The batch buffers (spike counts, flows) and the event-driven forward both trainers use.
final class SpikingPass: @unchecked Sendable {
  let forward = BatchForward()
  private var equivalent: EquivalentNetwork?

  /// The equivalent network's buffers for at least `batch` samples (kept between batches).
  func buffers(layers: [LayerInfo], batch: Int, workers: Int) -> EquivalentNetwork {
    if let e = equivalent, e.batch >= batch { return e }
    let e = EquivalentNetwork(layers: layers, batch: batch, workers: workers)
    equivalent = e
    return e
  }

  /// One training batch, the same for both methods but for the backward pass: the spiking
  /// forward (writing per-step state through `trace` when given), FI and mem, the scale
  /// factors when asked, the loss and statistics; then, if the loss is finite, `backward`
  /// adds ∂L/∂W to the zeroed `gradients` and Adam steps.
  func trainBatch(
    network: inout Network, optimizer: inout AdamOptimizer, gradients: inout [[Float]],
    settings: TrainerSettings, images: UnsafePointer<Float>, labels: [Int], seed: UInt64,
    updateScaleFactors: Bool, recordRaster: Bool, trace: ((Int) -> ForwardTrace)? = nil,
    backward: (EquivalentNetwork, Network, inout [[Float]]) -> Void
  ) -> BatchStatistics {
    let count = labels.count
    let eq = buffers(layers: network.layers, batch: count, workers: settings.workerCount)
    let clock = ContinuousClock()
    let start = clock.now
    let rasters = forward.run(
      network: network, settings: settings, images: images, count: count, seed: seed,
      counts: eq, recordRaster: recordRaster, trace: trace)
    let forwardEnd = clock.now
    eq.forward(weights: network.weights, samples: count)
    if updateScaleFactors { eq.updateScaleFactors(&network, samples: count) }
    let (loss, correct) = eq.lossAndCorrect(network: network, labels: labels, loss: settings.loss)
    var stats = BatchStatistics(
      network: network, flows: eq, samples: count, loss: loss, correct: correct, rasters: rasters)
    stats.spikingSeconds = seconds(forwardEnd - start)
    guard loss.isFinite else { return stats }
    for i in gradients.indices {
      gradients[i].withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
    }
    backward(eq, network, &gradients)
    optimizer.learningRate = settings.learningRate
    optimizer.weightDecay = settings.weightDecay
    optimizer.update(parameters: &network.weights, gradients: gradients)
    stats.equivalentSeconds = seconds(clock.now - forwardEnd)
    return stats
  }

  /// mem = W^N · FO^{N−1} of `count` samples from the counts of the last forward, written to
  /// the output layer's input flow.
  func outputMembrane(network: Network, counts eq: EquivalentNetwork, count: Int) {
    let last = network.layers.count - 1
    let (rows, cols) = network.layers[last].weightShape
    network.weights[last].withUnsafeBufferPointer { w in
      BLAS.gemm(
        m: count, n: cols, k: rows, a: eq.activation(last).baseAddress!, b: w.baseAddress!,
        c: eq.inputFlow(last).baseAddress!)
    }
  }

  /// Spiking inference of a batch: predictions (arg-max of mem) and the loss.
  func evaluate(
    network: Network, settings: TrainerSettings, images: UnsafePointer<Float>, labels: [Int],
    seed: UInt64
  ) -> (predictions: [Int], loss: Float) {
    let count = labels.count
    let eq = buffers(layers: network.layers, batch: count, workers: settings.workerCount)
    _ = forward.run(
      network: network, settings: settings, images: images, count: count, seed: seed,
      counts: eq, recordRaster: false)
    outputMembrane(network: network, counts: eq, count: count)
    let (loss, _) = eq.lossAndCorrect(network: network, labels: labels, loss: settings.loss)
    let mem = eq.inputFlow(network.layers.count - 1)
    let cols = network.classCount
    let predictions = (0..<count).map { s in
      var best = 0
      for j in 0..<cols where mem[s * cols + j] > mem[s * cols + best] { best = j }
      return best
    }
    return (predictions, loss)
  }
}
