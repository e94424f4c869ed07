// The shared training step: a non-finite loss leaves the weights and Adam untouched, a
// finite one changes them, and the scale factors move only when asked.

import XCTest

@testable import SpikingCore

final class BatchStepTests: XCTestCase {
  func makeNetwork() throws -> Network {
    let spec = NetworkSpec(
      input: Shape(height: 4, width: 4, channels: 1),
      layers: [.flatten, .linear(outFeatures: 6), .linear(outFeatures: 2)])
    return try Network(spec: spec, timeSteps: 8, threshold: 0.3, seed: 2)
  }

  func testANonFiniteLossTouchesNothing() throws {
    var network = try makeNetwork()
    let before = network.weights
    var optimizer = AdamOptimizer(
      parameterCounts: network.weights.map(\.count), learningRate: 1e-2, weightDecay: 0)
    var gradients = network.weights.map { [Float](repeating: 0, count: $0.count) }
    let images = [Float](repeating: 1, count: 2 * 16)
    var backwardRan = false
    let stats = images.withUnsafeBufferPointer { buffer in
      BatchStep(method: .asfBP).trainBatch(
        network: &network, optimizer: &optimizer, gradients: &gradients,
        settings: TrainerSettings(workerCount: 1), images: buffer.baseAddress!, labels: [0, 1],
        seed: 3, updateScaleFactors: true, recordRaster: false
      ) { _, _, _ in backwardRan = true }
    }
    XCTAssertTrue(stats.loss.isFinite)
    XCTAssertTrue(backwardRan)
    XCTAssertNotEqual(network.weights, before, "a finite loss takes an Adam step")

    // Now a NaN threshold of the output layer makes mem / (Vth·T) and the loss NaN.
    var poisoned = try makeNetwork()
    poisoned.thresholds[poisoned.layers.count - 1] = .nan
    let untouched = poisoned.weights
    let scales = poisoned.scaleFactors
    var ran = false
    let nanStats = images.withUnsafeBufferPointer { buffer in
      BatchStep(method: .asfBP).trainBatch(
        network: &poisoned, optimizer: &optimizer, gradients: &gradients,
        settings: TrainerSettings(workerCount: 1), images: buffer.baseAddress!, labels: [0, 1],
        seed: 3, updateScaleFactors: false, recordRaster: false
      ) { _, _, _ in ran = true }
    }
    XCTAssertTrue(nanStats.loss.isNaN)
    XCTAssertFalse(ran, "no backward pass on a non-finite loss")
    XCTAssertEqual(poisoned.weights, untouched, "the weights stay as they were")
    XCTAssertEqual(poisoned.scaleFactors, scales, "frozen scale factors stay")
  }
}
