// The live gradient check: the cosine helper against a hand-worked case; at T = 1 nothing
// goes back through time, so SLTT, OTTT and rate-BP give BPTT's gradient exactly (cos 1 in
// every layer), while ASF-BP's S·1[FI > 0] does not; over more steps every approximation
// departs from BPTT somewhere; the trainer is left as it was.

import XCTest

@testable import SpikingCore

final class GradientAgreementTests: XCTestCase {
  let spec = NetworkSpec(
    input: Shape(height: 6, width: 6, channels: 2),
    layers: [
      .conv(outChannels: 3, kernel: 3, padding: 1), .avgPool(size: 2), .flatten,
      .linear(outFeatures: 8), .linear(outFeatures: 3),
    ])

  func testCosineWorkedByHand() {
    // (1, 2, 2)·(2, 0, 1) = 4; norms 3 and √5.
    XCTAssertEqual(
      try XCTUnwrap(ASFTrainer.cosine([1, 2, 2], [2, 0, 1])), Float(4 / (3 * 5.0.squareRoot())),
      accuracy: 1e-6)
    XCTAssertNil(ASFTrainer.cosine([0, 0], [1, 2]), "a zero gradient has no direction")
  }

  func agreement(_ method: TrainingMethod, steps: Int) throws -> ([Float?], any SpikingTrainer) {
    let network = try Network(spec: spec, timeSteps: steps, threshold: 0.25, seed: 4)
    let trainer = makeTrainer(
      method: method, network: network,
      settings: TrainerSettings(encoding: .clampedRate, workerCount: 2))
    var rng = RandomSource(seed: 8)
    let images = (0..<(12 * 72)).map { _ in rng.nextFloat(in: 0, 1) }
    let labels = (0..<12).map { $0 % 3 }
    let result = images.withUnsafeBufferPointer {
      trainer.gradientAgreement(
        images: $0.baseAddress!, labels: labels, streams: InputStreams(seed: 3))
    }
    return (result, trainer)
  }

  func testAtOneStepTheOnlineAndRateMethodsAreBPTT() throws {
    for method in [TrainingMethod.sltt, .ottt, .rateBP, .bptt] {
      let (cosines, _) = try agreement(method, steps: 1)
      XCTAssertEqual(
        cosines.map { $0 == nil }, [false, true, false, false], "\(method) \(cosines)")
      for case let value? in cosines {
        XCTAssertEqual(value, 1, accuracy: 1e-5, "\(method)")
      }
    }
    let (asf, _) = try agreement(.asfBP, steps: 1)
    XCTAssertLessThan(asf[0] ?? 1, 0.9999, "ASF-BP's S·1[FI > 0] is not the surrogate")
  }

  func testOverManyStepsEachApproximationDepartsAndTheTrainerIsUntouched() throws {
    for method in [TrainingMethod.asfBP, .sltt, .ottt, .rateBP] {
      let (cosines, trainer) = try agreement(method, steps: 12)
      let values = cosines.compactMap { $0 }
      XCTAssertEqual(values.count, 3, "\(method)")
      XCTAssertTrue(values.allSatisfy { (-1.0001...1.0001).contains($0) }, "\(method)")
      XCTAssertLessThan(values.min() ?? 1, 0.9999, "\(method) differs from BPTT somewhere")
      let fresh = try Network(spec: spec, timeSteps: 12, threshold: 0.25, seed: 4)
      XCTAssertEqual(trainer.network.weights, fresh.weights, "\(method): no step was taken")
      XCTAssertEqual(trainer.optimizer.step, 0)
    }
  }

  /// BPTT with the per-step loss (the check of OTTT and SLTT) writes the output layer's
  /// rows (b, t) of a block, chunk·T·classes floats, into its scratch: the plan makes room for
  /// them, however long T is against the widest layer (here T·classes = 240 > 2·108).
  func testBPTTsPerStepScratchHoldsEveryRowOfABlock() throws {
    let network = try Network(spec: spec, timeSteps: 80, threshold: 0.25, seed: 4)
    let plan = BufferPlan(layers: network.layers, batch: 12, steps: 80, method: .bptt, workers: 2)
    let trace = try XCTUnwrap(plan.trace)
    for slice in trace.sampleVectors {
      XCTAssertGreaterThanOrEqual(slice.count, plan.chunk * 80 * network.classCount)
    }
    let (cosines, _) = try agreement(.sltt, steps: 80)
    XCTAssertEqual(cosines.compactMap { $0 }.count, 3)
  }
}
