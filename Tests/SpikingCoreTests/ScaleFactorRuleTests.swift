// The scale-factor rule on hand-made FI/FO.

import XCTest

@testable import SpikingCore

final class ScaleFactorRuleTests: XCTestCase {
  func measure(_ fo: [Float], _ fi: [Float], masked: Bool) -> Float {
    fo.withUnsafeBufferPointer { o in
      fi.withUnsafeBufferPointer { i in
        ScaleFactorRule.measure(outputFlow: o, inputFlow: i, masked: masked)
      }
    }
  }

  func testOnlyNeuronsWithInputAtLeastOutputCount() {
    // Neurons (FO, FI): (2, 4) counts, (3, 3) counts, (5, 1) is excluded (FI < FO), (0, −2) excluded.
    let fo: [Float] = [2, 3, 5, 0]
    let fi: [Float] = [4, 3, 1, -2]
    XCTAssertEqual(measure(fo, fi, masked: true), 5 / 7, accuracy: 1e-6)
    // Spiking pools use every neuron: (2+3+5+0)/(4+3+1−2) = 10/6.
    XCTAssertEqual(measure(fo, fi, masked: false), 10 / 6, accuracy: 1e-6)
  }

  func testTinyInputGivesOne() {
    XCTAssertEqual(measure([0, 0], [0.0004, 0.0005], masked: true), 1)
    XCTAssertEqual(measure([], [], masked: false), 1)
  }

  func testSmoothingAndUpdateEpochs() {
    XCTAssertEqual(ScaleFactorRule.smoothed(old: 1, new: 0.5), 0.7, accuracy: 1e-6)
    XCTAssertEqual(
      (0..<12).filter { ScaleFactorRule.updates(inEpoch: $0, period: 5) }, [0, 5, 10])
  }

  func testTrainerUpdatesFactorsOnlyWhenAsked() throws {
    let spec = NetworkSpec(
      input: Shape(height: 4, width: 4, channels: 1),
      layers: [.conv(outChannels: 2, kernel: 3, padding: 1), .flatten, .linear(outFeatures: 3)])
    // Vth = 2: neurons fire about FI/2 times, so FI ≥ FO holds and they count.
    let network = try Network(spec: spec, timeSteps: 10, threshold: 2, seed: 2)
    let trainer = ASFTrainer(network: network, settings: TrainerSettings(workerCount: 1))
    let images = [Float](repeating: 0.9, count: 32)
    _ = trainer.trainBatch(images: images, labels: [0, 1], seed: 1, updateScaleFactors: false)
    XCTAssertEqual(trainer.network.scaleFactors[0], 1, "frozen")
    _ = trainer.trainBatch(images: images, labels: [0, 1], seed: 1, updateScaleFactors: true)
    XCTAssertNotEqual(trainer.network.scaleFactors[0], 1, "recomputed")
    XCTAssertGreaterThan(trainer.network.scaleFactors[0], 0)
  }
}
