// The ASF-BP trainer: for each batch, the event-driven spiking forward of every sample
// (split over worker threads), the equivalent network (FI, scale factors, one backward pass),
// and an Adam step. Also spiking inference for evaluation. Owns the network's weights.

import Foundation

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

/// Trains a `Network` with ASF-BP.
public final class ASFTrainer: @unchecked Sendable {
  public var network: Network
  public var optimizer: AdamOptimizer
  public var settings: TrainerSettings
  /// ∂L/∂W of the last batch, shaped like `network.weights`.
  public private(set) var gradients: [[Float]]
  private var equivalent: EquivalentNetwork?
  private var workspaces: [ForwardWorkspace] = []

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

  /// Values per input frame (the input layer's size).
  public var inputSize: Int { network.layers[0].inputShape.count }
  /// Values per sample in the image buffers: frames × input size.
  public var sampleStride: Int { inputSize * max(1, settings.inputFrames) }

  private func buffers(batch: Int) -> EquivalentNetwork {
    if let e = equivalent, e.batch >= batch { return e }
    let e = EquivalentNetwork(layers: network.layers, batch: batch, workers: settings.workerCount)
    equivalent = e
    return e
  }

  /// Runs the spiking forward of `count` samples (`images`: [count][inputSize]) into the
  /// activation buffers; per-sample random streams come from `seed`, so results do not depend
  /// on the number of threads. Records the rasters of sample 0 when asked.
  private func spikingForward(
    images: UnsafePointer<Float>, count: Int, seed: UInt64, into eq: EquivalentNetwork,
    recordRaster: Bool
  ) -> [SpikeRaster] {
    let workers = min(settings.workerCount, count)
    while workspaces.count < workers { workspaces.append(ForwardWorkspace(layers: network.layers)) }
    let net = network
    let hidden = net.layers.count - 1
    var rasters: [SpikeRaster] = []
    if recordRaster {
      rasters.append(
        SpikeRaster(layerName: "input", neuronTotal: inputSize, timeSteps: net.timeSteps))
      for l in 0..<hidden {
        rasters.append(
          SpikeRaster(
            layerName: net.layers[l].name, neuronTotal: net.layers[l].outputShape.count,
            timeSteps: net.timeSteps))
      }
    }
    let sizes = [inputSize] + net.layers.map { $0.outputShape.count }
    let activationBases = (0...hidden).map { eq.activation($0).baseAddress! }
    let stride = sampleStride
    let frames = max(1, settings.inputFrames)
    let spaces = workspaces
    nonisolated(unsafe) let images = images
    nonisolated(unsafe) let bases = activationBases
    nonisolated(unsafe) var rasterStore = rasters
    net.weights.withUnsafePointers { weightPointers in
      nonisolated(unsafe) let weightPointers = weightPointers
      DispatchQueue.concurrentPerform(iterations: workers) { w in
        let first = count * w / workers
        let end = count * (w + 1) / workers
        for s in first..<end {
          var rng = RandomSource(seed: seed ^ (UInt64(s) &* 0x9E37_79B9_7F4A_7C15))
          let counts = (0...hidden).map { bases[$0] + s * sizes[$0] }
          if s == 0 && recordRaster {
            withUnsafeMutablePointer(to: &rasterStore) { r in
              spaces[w].run(
                network: net, weights: weightPointers, image: images + s * stride,
                encoding: settings.encoding, frames: frames, rng: &rng, counts: counts, rasters: r)
            }
          } else {
            spaces[w].run(
              network: net, weights: weightPointers, image: images + s * stride,
              encoding: settings.encoding, frames: frames, rng: &rng, counts: counts, rasters: nil)
          }
        }
      }
    }
    return rasterStore
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
    recordRaster: Bool = true
  ) -> BatchStatistics {
    let count = labels.count
    let eq = buffers(batch: count)
    let clock = ContinuousClock()
    let start = clock.now
    let rasters = spikingForward(
      images: images, count: count, seed: seed, into: eq, recordRaster: recordRaster)
    let forwardEnd = clock.now
    eq.forward(weights: network.weights, samples: count)
    if updateScaleFactors { eq.updateScaleFactors(&network, samples: count) }
    let (loss, correct) = eq.lossAndCorrect(network: network, labels: labels, loss: settings.loss)
    var stats = statistics(eq, samples: count, loss: loss, correct: correct, rasters: rasters)
    stats.spikingSeconds = seconds(forwardEnd - start)
    guard loss.isFinite else { return stats }
    for i in gradients.indices {
      gradients[i].withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
    }
    eq.backward(network: network, labels: labels, loss: settings.loss, gradients: &gradients)
    optimizer.learningRate = settings.learningRate
    optimizer.weightDecay = settings.weightDecay
    optimizer.update(parameters: &network.weights, gradients: gradients)
    stats.equivalentSeconds = seconds(clock.now - forwardEnd)
    return stats
  }

  /// Spiking inference: the predicted class (arg-max of the output membrane) of each sample,
  /// and the batch loss against `labels`.
  public func evaluate(images: UnsafePointer<Float>, labels: [Int], seed: UInt64) -> (
    predictions: [Int], loss: Float
  ) {
    let count = labels.count
    let eq = buffers(batch: count)
    _ = spikingForward(images: images, count: count, seed: seed, into: eq, recordRaster: false)
    // Only the output layer's current is needed: mem = W^N · FO^{N−1}.
    let last = network.layers.count - 1
    let (rows, cols) = network.layers[last].weightShape
    let mem = eq.inputFlow(last).baseAddress!
    network.weights[last].withUnsafeBufferPointer { w in
      BLAS.gemm(
        m: count, n: cols, k: rows, a: eq.activation(last).baseAddress!, b: w.baseAddress!, c: mem)
    }
    let (loss, _) = eq.lossAndCorrect(network: network, labels: labels, loss: settings.loss)
    let predictions = (0..<count).map { s in
      var best = 0
      for j in 0..<cols where mem[s * cols + j] > mem[s * cols + best] { best = j }
      return best
    }
    return (predictions, loss)
  }

  private func statistics(
    _ eq: EquivalentNetwork, samples: Int, loss: Float, correct: Int, rasters: [SpikeRaster]
  ) -> BatchStatistics {
    let steps = Float(network.timeSteps)
    var layers: [LayerStatistics] = []
    for (l, layer) in network.layers.enumerated() where !layer.isOutput {
      let n = samples * layer.outputShape.count
      let fo = UnsafeBufferPointer(start: eq.activation(l + 1).baseAddress!, count: n)
      let fi = UnsafeBufferPointer(start: eq.inputFlow(l).baseAddress!, count: n)
      var outputFlow = Histogram(lower: 0, upper: 1, binCount: 20)
      outputFlow.add(fo, scale: 1 / steps)
      var inputFlow = Histogram(lower: -1, upper: 2, binCount: 24)
      inputFlow.add(fi, scale: 1 / (steps * network.thresholds[l]))
      let total = fo.reduce(0, +)
      layers.append(
        LayerStatistics(
          name: layer.name, neuronCount: layer.outputShape.count, threshold: network.thresholds[l],
          scaleFactor: network.scaleFactors[l], spikeRate: total / (Float(n) * steps),
          inputFlow: inputFlow, outputFlow: outputFlow))
    }
    let input = eq.activation(0)
    let inputCount = samples * inputSize
    var inputSpikes: Float = 0
    for i in 0..<inputCount { inputSpikes += abs(input[i]) }
    return BatchStatistics(
      samples: samples, timeSteps: network.timeSteps, loss: loss,
      accuracy: Float(correct) / Float(max(1, samples)),
      inputSpikeRate: inputSpikes / (Float(max(1, inputCount)) * steps), layers: layers,
      rasters: rasters)
  }
}

private func seconds(_ d: Duration) -> Double {
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
