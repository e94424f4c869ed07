// The BPTT trainer end to end: it shares the forward with ASF-BP (so the output layer's
// gradient, which both methods compute as FOᵀ·δmem, agrees), and it learns.

import XCTest

@testable import SpikingCore

final class BPTTTrainerTests: XCTestCase {
  /// Two classes of 4×4 images: the bright half is the left or the right one.
  func halves(count: Int, seed: UInt64) -> (images: [Float], labels: [Int]) {
    var rng = RandomSource(seed: seed)
    var images: [Float] = []
    var labels: [Int] = []
    for i in 0..<count {
      let label = i % 2
      labels.append(label)
      for _ in 0..<4 {
        for x in 0..<4 {
          let bright = (x < 2) == (label == 0)
          images.append(bright ? rng.nextFloat(in: 0.7, 1) : rng.nextFloat(in: 0, 0.2))
        }
      }
    }
    return (images, labels)
  }

  let spec = NetworkSpec(
    input: Shape(height: 4, width: 4, channels: 1),
    layers: [
      .conv(outChannels: 3, kernel: 3, padding: 1), .avgPool(size: 2), .flatten,
      .linear(outFeatures: 8), .linear(outFeatures: 2),
    ])

  func testOutputLayerGradientEqualsASFBPs() throws {
    let network = try Network(spec: spec, timeSteps: 12, threshold: 0.5, seed: 2)
    let settings = TrainerSettings(encoding: .clampedRate, workerCount: 2)
    let (images, labels) = halves(count: 6, seed: 1)
    let asf = ASFTrainer(network: network, settings: settings)
    let bptt = BPTTTrainer(network: network, settings: settings)
    let a = images.withUnsafeBufferPointer {
      asf.trainBatch(
        images: $0.baseAddress!, labels: labels, seed: 5, updateScaleFactors: false,
        recordRaster: false)
    }
    let b = images.withUnsafeBufferPointer {
      bptt.trainBatch(
        images: $0.baseAddress!, labels: labels, seed: 5, updateScaleFactors: false,
        recordRaster: false)
    }
    XCTAssertEqual(a.loss, b.loss, "same forward, same loss")
    let last = network.layers.count - 1
    XCTAssertGreaterThan(asf.gradients[last].map(abs).max() ?? 0, 0)
    for (x, y) in zip(asf.gradients[last], bptt.gradients[last]) {
      XCTAssertEqual(x, y, accuracy: 1e-5)
    }
    // The hidden layers differ: one pass through flows against one pass per step.
    XCTAssertNotEqual(asf.gradients[0], bptt.gradients[0])
  }

  func testBPTTLearnsToTellTheHalvesApart() throws {
    let network = try Network(spec: spec, timeSteps: 8, threshold: 0.5, seed: 4)
    let trainer = BPTTTrainer(
      network: network,
      settings: TrainerSettings(encoding: .clampedRate, learningRate: 5e-3, workerCount: 2))
    let (test, testLabels) = halves(count: 64, seed: 99)
    func accuracy() -> Double {
      let predictions = test.withUnsafeBufferPointer {
        trainer.evaluate(images: $0.baseAddress!, labels: testLabels, seed: 7).predictions
      }
      return Double(zip(predictions, testLabels).filter { $0 == $1 }.count) / 64
    }
    let before = accuracy()
    for batch in 0..<40 {
      let (images, labels) = halves(count: 16, seed: UInt64(batch + 10))
      _ = images.withUnsafeBufferPointer {
        trainer.trainBatch(
          images: $0.baseAddress!, labels: labels, seed: UInt64(batch), updateScaleFactors: false)
      }
    }
    let after = accuracy()
    print("BPTT on the halves task: test accuracy \(before) before, \(after) after 40 batches")
    XCTAssertGreaterThanOrEqual(after, 0.9)
  }
}
