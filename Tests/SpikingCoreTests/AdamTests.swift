// Adam with L2 weight decay against a step worked by hand.

import XCTest

@testable import SpikingCore

final class AdamTests: XCTestCase {
  func testTwoStepsByHand() {
    var adam = AdamOptimizer(parameterCounts: [2, 0], learningRate: 0.1, weightDecay: 0.5)
    var weights: [[Float]] = [[1, -2], []]
    // Step 1: g = (0.2 + 0.5·1, −0.4 + 0.5·(−2)) = (0.7, −1.4). m = 0.1g, v = 0.001g²;
    // m̂ = g, v̂ = g², so w −= 0.1 · g/(|g| + 1e-8) = 0.1·sign(g).
    adam.update(parameters: &weights, gradients: [[0.2, -0.4], []])
    XCTAssertEqual(weights[0][0], 0.9, accuracy: 1e-6)
    XCTAssertEqual(weights[0][1], -1.9, accuracy: 1e-6)
    // Step 2: g = (0 + 0.5·0.9, 0 + 0.5·(−1.9)) = (0.45, −0.95).
    adam.update(parameters: &weights, gradients: [[0, 0], []])
    func expected(_ w: Double, _ g1: Double, _ g2: Double) -> Double {
      let m = 0.9 * 0.1 * g1 + 0.1 * g2
      let v = 0.999 * 0.001 * g1 * g1 + 0.001 * g2 * g2
      let mHat = m / (1 - 0.81)
      let vHat = v / (1 - 0.999 * 0.999)
      return w - 0.1 * mHat / (vHat.squareRoot() + 1e-8)
    }
    XCTAssertEqual(Double(weights[0][0]), expected(0.9, 0.7, 0.45), accuracy: 1e-5)
    XCTAssertEqual(Double(weights[0][1]), expected(-1.9, -1.4, -0.95), accuracy: 1e-5)
    XCTAssertEqual(adam.step, 2)
  }
}
