// The energy estimate: SOPs at 0.9 pJ against the ANN's MACs at 4.6 pJ, the MACs counted
// over every layer of the network (LeNet: 5.78 M, worked out by hand below).

import SpikingCore
import XCTest

@testable import Workbench

final class EnergyEstimateTests: XCTestCase {
  func testLeNetMACsAndEnergies() throws {
    let layers = try Network(spec: .lenet, timeSteps: 10, threshold: 1, seed: 1).layers
    let estimate = EnergyEstimate(synapticOperations: 2_000_000, layers: layers)
    // conv1 28·28·20·25·1, conv2 14·14·50·25·20, fc1 2450·200, output 200·10; pools none.
    let conv1: Double = 28 * 28 * 20 * 25
    let conv2: Double = 14 * 14 * 50 * 25 * 20
    let linear: Double = 2450 * 200 + 200 * 10
    let byHand = conv1 + conv2 + linear
    XCTAssertEqual(estimate.multiplyAccumulates, byHand)
    XCTAssertEqual(estimate.spikingMicrojoules, 2_000_000 * 0.9e-6, accuracy: 1e-9)
    XCTAssertEqual(estimate.denseMicrojoules, byHand * 4.6e-6, accuracy: 1e-9)
  }
}
