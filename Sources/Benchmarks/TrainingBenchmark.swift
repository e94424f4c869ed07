// `bench train`: ASF-BP training throughput of LeNet, and in the same process the OpenBLAS
// sgemm rate and the dense roofline it implies (samples/s if every synaptic operation of the
// forward over T ran as dense GEMM at that rate), so the ratio holds on a noisy machine.

import Datasets
import Foundation
import SpikingCore
import Workbench

/// Figures of one training benchmark.
public struct TrainingBenchmarkResult: Sendable {
  public let dataName: String
  public let timeSteps: Int
  public let batchSize: Int
  public let batches: Int
  public let samplesPerSecond: Double
  /// Spiking inference (the forward and the output layer only) on the same batches.
  public let inferenceSamplesPerSecond: Double
  public let gemmGFLOPS: Double
  /// Dense forward FLOPs of one sample over T (2 · MACs · T).
  public let denseFLOPsPerSample: Double
  public var rooflineSamplesPerSecond: Double { gemmGFLOPS * 1e9 / denseFLOPsPerSample }
  /// Mean spike rate of the input and each hidden layer in the last batch.
  public let spikeRates: [(name: String, rate: Float)]
  /// Seconds spent in the spiking forward and in the equivalent network (all timed batches).
  public let spikingSeconds: Double
  public let equivalentSeconds: Double
}

/// Measures training throughput against the dense roofline.
public enum TrainingBenchmark {
  /// Dense multiply–accumulates of one forward step of `network` (conv and linear layers).
  public static func multiplyAccumulates(_ network: Network) -> Double {
    network.layers.reduce(0) { total, layer in
      switch layer.kind {
      case .conv(let g): total + Double(g.positions * g.patchSize * g.outChannels)
      case .linear: total + Double(layer.inputShape.count * layer.outputShape.count)
      default: total
      }
    }
  }

  /// Measured sgemm GFLOP/s on a square product of side `size` (best of `repeats`).
  /// OpenBLAS uses one thread per core for this measurement.
  public static func gemmRate(size: Int = 2048, repeats: Int = 3) -> Double {
    let threads = BLAS.threadCount
    BLAS.setThreadCount(ProcessInfo.processInfo.activeProcessorCount)
    defer { BLAS.setThreadCount(threads) }
    var rng = RandomSource(seed: 42)
    let a = (0..<(size * size)).map { _ in rng.nextUnit() }
    let b = (0..<(size * size)).map { _ in rng.nextUnit() }
    var c = [Float](repeating: 0, count: size * size)
    var best = Double.infinity
    for _ in 0..<repeats {
      let start = Date()
      a.withUnsafeBufferPointer { pa in
        b.withUnsafeBufferPointer { pb in
          c.withUnsafeMutableBufferPointer { pc in
            guard let a = pa.baseAddress, let b = pb.baseAddress, let c = pc.baseAddress else {
              return
            }
            BLAS.gemm(m: size, n: size, k: size, a: a, b: b, c: c)
          }
        }
      }
      best = min(best, Date().timeIntervalSince(start))
    }
    return 2 * pow(Double(size), 3) / best / 1e9
  }

  /// Trains LeNet for `batches` batches (after one warm-up batch) on `data` and measures.
  public static func run(
    data: ImageDataset, timeSteps: Int, batchSize: Int, batches: Int, neuron: NeuronModel,
    workers: Int? = nil
  ) throws -> TrainingBenchmarkResult {
    let network = try Network(
      spec: .lenet, neuronModel: neuron, timeSteps: timeSteps, threshold: 1, seed: 1)
    var settings = TrainerSettings()
    if let workers { settings.workerCount = workers }
    let trainer = ASFTrainer(network: network, settings: settings)
    let sampler = BatchSampler(count: data.count, batchSize: batchSize, seed: 7, shuffle: true)
    let order = sampler.batches(epoch: 0).filter { $0.count == batchSize }
    var buffer: [Float] = []
    var stats: BatchStatistics?
    var samples = 0
    var spiking = 0.0
    var equivalent = 0.0
    var start = Date()
    for b in 0...batches {
      if b == 1 {
        start = Date()
        samples = 0
      }
      let indices = order[b % order.count]
      data.gather(indices, into: &buffer)
      let labels = indices.map { Int(data.labels[$0]) }
      stats = trainer.trainBatch(
        images: buffer, labels: labels, seed: UInt64(b), updateScaleFactors: true,
        recordRaster: false)
      samples += labels.count
      if b > 0 {
        spiking += stats?.spikingSeconds ?? 0
        equivalent += stats?.equivalentSeconds ?? 0
      }
    }
    let seconds = Date().timeIntervalSince(start)
    let inferenceStart = Date()
    var inferred = 0
    for b in 1...batches {
      let indices = order[b % order.count]
      data.gather(indices, into: &buffer)
      let labels = indices.map { Int(data.labels[$0]) }
      _ = trainer.evaluate(images: buffer, labels: labels, seed: UInt64(b))
      inferred += labels.count
    }
    let inferenceSeconds = Date().timeIntervalSince(inferenceStart)
    let gemm = gemmRate()
    var rates: [(String, Float)] = [("input", stats?.inputSpikeRate ?? 0)]
    rates += stats?.layers.map { ($0.name, $0.spikeRate) } ?? []
    return TrainingBenchmarkResult(
      dataName: data.name, timeSteps: timeSteps, batchSize: batchSize, batches: batches,
      samplesPerSecond: Double(samples) / seconds,
      inferenceSamplesPerSecond: Double(inferred) / inferenceSeconds, gemmGFLOPS: gemm,
      denseFLOPsPerSample: 2 * multiplyAccumulates(network) * Double(timeSteps),
      spikeRates: rates, spikingSeconds: spiking, equivalentSeconds: equivalent)
  }
}
