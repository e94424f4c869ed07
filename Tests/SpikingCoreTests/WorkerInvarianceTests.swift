// The same seed gives the same bits on any number of worker threads: weights, scale factors,
// losses and predictions after a few batches of both methods are identical for 1, 2, 3 and 5
// workers (the batch of 21 samples makes blocks of 8, 8 and 5).

import XCTest

@testable import SpikingCore

final class WorkerInvarianceTests: XCTestCase {
  let spec = NetworkSpec(
    input: Shape(height: 8, width: 8, channels: 1),
    layers: [
      .conv(outChannels: 4, kernel: 3, padding: 1), .avgPool(size: 2),
      .conv(outChannels: 5, kernel: 3, padding: 1), .maxPool(size: 2), .flatten,
      .linear(outFeatures: 7), .linear(outFeatures: 3),
    ])

  private struct Outcome: Equatable {
    var weights: [[Float]]
    var scaleFactors: [Float]
    var losses: [Float]
    var predictions: [Int]
  }

  private func train(_ method: TrainingMethod, workers: Int) throws -> Outcome {
    let network = try Network(spec: spec, timeSteps: 6, threshold: 0.4, seed: 3)
    let trainer = makeTrainer(
      method: method, network: network,
      settings: TrainerSettings(learningRate: 1e-2, workerCount: workers))
    var rng = RandomSource(seed: 11)
    let images = (0..<(21 * 64)).map { _ in rng.nextUnit() }
    let labels = (0..<21).map { $0 % 3 }
    var losses: [Float] = []
    for step in 0..<3 {
      let stats = trainer.trainBatch(
        images: images, labels: labels, seed: UInt64(step), updateScaleFactors: true)
      losses.append(stats.loss)
    }
    let (predictions, loss, _) = trainer.evaluate(images: images, labels: labels, seed: 9)
    return Outcome(
      weights: trainer.network.weights, scaleFactors: trainer.network.scaleFactors,
      losses: losses + [loss], predictions: predictions)
  }

  func testEveryWorkerCountGivesTheSameBits() throws {
    for method in TrainingMethod.allCases {
      let one = try train(method, workers: 1)
      XCTAssertTrue(one.losses.allSatisfy(\.isFinite), "\(method): \(one.losses)")
      for workers in [2, 3, 5] {
        let other = try train(method, workers: workers)
        XCTAssertEqual(other.losses, one.losses, "\(method), \(workers) workers")
        XCTAssertEqual(other.scaleFactors, one.scaleFactors, "\(method), \(workers) workers")
        XCTAssertEqual(other.predictions, one.predictions, "\(method), \(workers) workers")
        XCTAssertTrue(other.weights == one.weights, "\(method), \(workers) workers: weights differ")
      }
    }
  }

  /// The blocks add up: the gradient of a batch of 21 (blocks of 8, 8 and 5) is the sum of
  /// the gradients of its samples trained alone (the loss is a sum over the batch; scale
  /// factors stay frozen), for both methods: a sample's input spikes are its own whatever
  /// its batch (the counter-based generator keys them by the sample's index).
  func testABatchGradientIsTheSumOfItsSamples() throws {
    let network = try Network(spec: spec, timeSteps: 6, threshold: 0.4, seed: 3)
    var rng = RandomSource(seed: 5)
    let images = (0..<(21 * 64)).map { _ in rng.nextUnit() }
    let labels = (0..<21).map { $0 % 3 }
    for method in TrainingMethod.allCases {
      func gradients(_ samples: Range<Int>, streams: InputStreams) -> [[Float]] {
        let trainer = makeTrainer(
          method: method, network: network, settings: TrainerSettings(workerCount: 2))
        _ = trainer.trainBatch(
          images: Array(images[(samples.lowerBound * 64)..<(samples.upperBound * 64)]),
          labels: Array(labels[samples]), streams: streams, updateScaleFactors: false)
        return trainer.gradients
      }
      let whole = gradients(0..<21, streams: InputStreams(seed: 17))
      var summed = whole.map { [Float](repeating: 0, count: $0.count) }
      for s in 0..<21 {
        let alone = gradients(s..<(s + 1), streams: InputStreams(seed: 17, indices: [s]))
        for l in summed.indices { for i in summed[l].indices { summed[l][i] += alone[l][i] } }
      }
      for l in whole.indices {
        let scale = whole[l].map(abs).max() ?? 0
        for i in whole[l].indices {
          XCTAssertEqual(
            whole[l][i], summed[l][i], accuracy: 1e-4 * max(1, scale), "\(method) layer \(l)")
        }
      }
      XCTAssertGreaterThan(whole.flatMap { $0 }.map(abs).max() ?? 0, 0, "\(method): a gradient")
    }
  }
}
