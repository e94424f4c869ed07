// The loss and prediction count of a batch's flows, worked by hand on a two-class output.

import XCTest

@testable import SpikingCore

final class BatchActivationsTests: XCTestCase {
  func testLossAndCorrectOnHandWorkedMembranes() throws {
    // flatten · linear 2 · linear 2 (output); Vth = 2, T = 5: out = mem / 10.
    let spec = NetworkSpec(
      input: Shape(height: 1, width: 1, channels: 2),
      layers: [.flatten, .linear(outFeatures: 2), .linear(outFeatures: 2)])
    let network = try Network(spec: spec, timeSteps: 5, threshold: 2, seed: 1)
    let flows = BatchActivations(layers: network.layers, batch: 2)
    // Sample 0: mem (10, 2) → out (1, 0.2), label 0: correct, (0)² + (0.2)² = 0.04.
    // Sample 1: mem (4, 3) → out (0.4, 0.3), label 1: wrong, (0.4)² + (0.7)² = 0.65.
    let mem: [Float] = [10, 2, 4, 3]
    for i in mem.indices { flows.inputFlow(1)[i] = mem[i] }
    let sse = flows.lossAndCorrect(network: network, labels: [0, 1], loss: .sse)
    XCTAssertEqual(sse.loss, 2 * 0.5 * (0.04 + 0.65), accuracy: 1e-5)
    XCTAssertEqual(sse.correct, 1)
    let half = flows.lossAndCorrect(network: network, labels: [0, 1], loss: .halfSSE)
    XCTAssertEqual(half.loss, 0.5 * (0.04 + 0.65), accuracy: 1e-5)
    // Cross-entropy: log(e^1 + e^0.2) − 1 for sample 0, log(e^0.4 + e^0.3) − 0.3 for sample 1.
    let entropy = flows.lossAndCorrect(network: network, labels: [0, 1], loss: .crossEntropy)
    let expected = (log(exp(1) + exp(0.2)) - 1) + (log(exp(0.4) + exp(0.3)) - 0.3)
    XCTAssertEqual(Double(entropy.loss), expected, accuracy: 1e-5)
    XCTAssertEqual(entropy.correct, 1, "the same arg-max whatever the loss")
    // Buffers start at zero: a fresh batch's flows read 0 everywhere.
    let fresh = BatchActivations(layers: network.layers, batch: 3)
    withExtendedLifetime(fresh) {
      XCTAssertTrue(fresh.activation(0).allSatisfy { $0 == 0 })
      XCTAssertTrue(fresh.inputFlow(1).allSatisfy { $0 == 0 })
    }
  }
}
