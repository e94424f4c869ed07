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
    var state = TrainerState(network: try makeNetwork(), settings: TrainerSettings(workerCount: 1))
    let before = state.network.weights
    let images = [Float](repeating: 1, count: 2 * 16)
    let stats = images.withUnsafeBufferPointer { buffer in
      BatchStep(method: .asfBP).trainBatch(
        state: &state, images: buffer.baseAddress!, labels: [0, 1], streams: InputStreams(seed: 3),
        updateScaleFactors: true, recordRaster: false)
    }
    XCTAssertTrue(stats.loss.isFinite)
    XCTAssertGreaterThan(state.gradients.flatMap { $0 }.map(abs).max() ?? 0, 0, "backward ran")
    XCTAssertEqual(state.optimizer.step, 1)
    XCTAssertNotEqual(state.network.weights, before, "a finite loss takes an Adam step")

    // Now a NaN threshold of the output layer makes mem / (Vth·T) and the loss NaN.
    var poisoned = try makeNetwork()
    poisoned.thresholds[poisoned.layers.count - 1] = .nan
    var nanState = TrainerState(network: poisoned, settings: TrainerSettings(workerCount: 1))
    let nanStats = images.withUnsafeBufferPointer { buffer in
      BatchStep(method: .asfBP).trainBatch(
        state: &nanState, images: buffer.baseAddress!, labels: [0, 1],
        streams: InputStreams(seed: 3),
        updateScaleFactors: false, recordRaster: false)
    }
    XCTAssertTrue(nanStats.loss.isNaN)
    XCTAssertTrue(nanState.gradients.allSatisfy { $0.allSatisfy { $0 == 0 } }, "no backward")
    XCTAssertEqual(nanState.network.weights, poisoned.weights, "the weights stay as they were")
    XCTAssertEqual(
      nanState.network.scaleFactors, poisoned.scaleFactors, "frozen scale factors stay")
    XCTAssertEqual(nanState.optimizer.step, 0, "Adam did not step")
  }
}
