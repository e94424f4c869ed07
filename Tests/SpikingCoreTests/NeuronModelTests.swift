// Integrate-and-fire dynamics against hand-worked traces.

import XCTest

@testable import SpikingCore

final class NeuronModelTests: XCTestCase {
  func testIFTraceFiresAtThresholdAndResetsToZero() {
    // Vth = 1, inputs 0.4 each step: u = 0.4, 0.8, 1.2 → spike, reset 0; 0.4, 0.8, 1.2 → spike.
    var neuron = SingleNeuron(threshold: 1, leak: 1)
    var spikes: [Bool] = []
    var membranes: [Float] = []
    for _ in 0..<6 {
      spikes.append(neuron.step(current: 0.4))
      membranes.append(neuron.membrane)
    }
    XCTAssertEqual(spikes, [false, false, true, false, false, true])
    XCTAssertEqual(membranes[0], 0.4, accuracy: 1e-6)
    XCTAssertEqual(membranes[1], 0.8, accuracy: 1e-6)
    XCTAssertEqual(membranes[2], 0)
    XCTAssertEqual(neuron.accumulatedOutput, 2)
    XCTAssertEqual(neuron.accumulatedInput, 2.4, accuracy: 1e-5)
  }

  func testNoSpikeAtExactlyThresholdOnlyAbove() {
    // The reference fires where u > Vth: u = 0.5 = Vth stays, the next 0.25 gives 0.75 > Vth.
    var neuron = SingleNeuron(threshold: 0.5, leak: 1)
    XCTAssertFalse(neuron.step(current: 0.5), "u == Vth must not fire")
    XCTAssertEqual(neuron.membrane, 0.5)
    XCTAssertTrue(neuron.step(current: 0.25), "u > Vth fires")
    XCTAssertEqual(neuron.membrane, 0)
  }

  func testLIFTraceLeaksAfterEachStep() {
    // λ = 0.5 for round numbers: u1 = 0.6 → 0.3 after leak; u2 = 0.3 + 0.6 = 0.9 → 0.45;
    // u3 = 1.05 ≥ 1 → spike, reset 0; u4 = 0.6.
    var neuron = SingleNeuron(threshold: 1, leak: 0.5)
    XCTAssertFalse(neuron.step(current: 0.6))
    XCTAssertEqual(neuron.membrane, 0.3, accuracy: 1e-6)
    XCTAssertFalse(neuron.step(current: 0.6))
    XCTAssertEqual(neuron.peak, 0.9, accuracy: 1e-6)
    XCTAssertEqual(neuron.membrane, 0.45, accuracy: 1e-6)
    XCTAssertTrue(neuron.step(current: 0.6))
    XCTAssertEqual(neuron.peak, 1.05, accuracy: 1e-6)
    XCTAssertEqual(neuron.membrane, 0)
    XCTAssertFalse(neuron.step(current: 0.6))
    XCTAssertEqual(neuron.peak, 0.6, accuracy: 1e-6)
  }

  func testPaperLeakValue() {
    XCTAssertEqual(NeuronModel.leakyIntegrateAndFire.leak, 0.99)
    XCTAssertEqual(NeuronModel.integrateAndFire.leak, 1)
  }

  func testSubtractiveResetKeepsTheRemainder() {
    var neuron = SingleNeuron(threshold: 1, leak: 1, reset: .subtract)
    XCTAssertTrue(neuron.step(current: 1.5))
    XCTAssertEqual(neuron.membrane, 0.5, accuracy: 1e-6)
  }

  func testScaleFactorIsOneOverInputForConstantSuprathresholdInput() {
    // A constant input x > Vth fires every step: FO = T, FI = x·T, S = 1/x.
    for x: Float in [1.25, 2, 3.5] {
      var neuron = SingleNeuron(threshold: 1, leak: 1)
      for _ in 0..<100 { _ = neuron.step(current: x) }
      XCTAssertEqual(neuron.accumulatedOutput, 100)
      XCTAssertEqual(neuron.scaleFactor, 1 / x, accuracy: 1e-5)
    }
  }

  func testInputEqualToThresholdFiresEverySecondStep() {
    // x = Vth exactly: u = 1 stays, then 2 > 1 fires and resets; every second step fires.
    var neuron = SingleNeuron(threshold: 1, leak: 1)
    let spikes = (0..<6).map { _ in neuron.step(current: 1) }
    XCTAssertEqual(spikes, [false, true, false, true, false, true])
    XCTAssertEqual(neuron.scaleFactor, 0.5, accuracy: 1e-6)
  }

  func testPopulationKernelMatchesScalarRule() {
    // fireAndReset on 37 neurons (SIMD blocks of 16 plus a tail) against a plain loop; every
    // fifth membrane sits exactly on the threshold and must not fire (u > Vth only).
    var rng = RandomSource(seed: 8)
    for leak: Float in [1, 0.9] {
      var u = (0..<37).map { i in i % 5 == 0 ? 1 : rng.nextFloat(in: -0.5, 2) }
      var expected = u
      var expectedCounts = [Float](repeating: 0, count: 37)
      var expectedSpikes: [Int32] = []
      for i in 0..<37 {
        if expected[i] > 1 {
          expected[i] = 0
          expectedCounts[i] = 1
          expectedSpikes.append(Int32(i))
        }
        expected[i] *= leak
      }
      var counts = [Float](repeating: 0, count: 37)
      var spikes = [Int32](repeating: -1, count: 37)
      var n = 0
      fireAndReset(
        membrane: &u, count: 37, threshold: 1, leak: leak, counts: &counts, spikes: &spikes,
        spikeCount: &n)
      XCTAssertEqual(u, expected)
      XCTAssertEqual(counts, expectedCounts)
      XCTAssertEqual(Array(spikes[0..<n]), expectedSpikes)
      XCTAssertTrue(stride(from: 0, to: 37, by: 5).allSatisfy { counts[$0] == 0 })
    }
  }
}
