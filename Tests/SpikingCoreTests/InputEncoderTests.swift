// Rate coding: measured firing rates match the encoding rules within statistical bounds.

import XCTest

@testable import SpikingCore

final class InputEncoderTests: XCTestCase {
  func testRatesAndSignsFollowTheRules() {
    let values: [Float] = [0, 0.2, 0.5, 1, -0.6, -1.4, 2.5]
    let steps = 20_000
    for encoding in InputEncoding.allCases {
      var sample = EncodedSample()
      values.withUnsafeBufferPointer {
        sample.load($0.baseAddress!, count: values.count, encoding: encoding)
      }
      var positive = [Int32](repeating: 0, count: values.count)
      var negative = [Int32](repeating: 0, count: values.count)
      var counts = [Double](repeating: 0, count: values.count)
      for t in 0..<steps {
        var p = 0
        var n = 0
        sample.draw(
          step: SpikeHash.stepWord(key: 21, step: t), positive: &positive, positiveCount: &p,
          negativeSpikes: &negative, negativeCount: &n)
        for k in 0..<p { counts[Int(positive[k])] += 1 }
        for k in 0..<n { counts[Int(negative[k])] -= 1 }
      }
      for (i, x) in values.enumerated() {
        let expected = Double(encoding.probability(x)) * (x < 0 ? -1 : 1)
        let rate = counts[i] / Double(steps)
        let p = abs(expected)
        // Five standard deviations of a Bernoulli mean.
        let tolerance = max(1e-9, 5 * (p * (1 - p) / Double(steps)).squareRoot())
        XCTAssertEqual(rate, expected, accuracy: tolerance, "\(encoding) x=\(x)")
      }
    }
    XCTAssertEqual(InputEncoding.halfRate.probability(0.5), 0.25)
    XCTAssertEqual(InputEncoding.clampedRate.probability(-2.5), 1)
  }

  func testSameKeySameSpikes() {
    let values = [Float](repeating: 0.7, count: 50)
    var sample = EncodedSample()
    values.withUnsafeBufferPointer { sample.load($0.baseAddress!, count: 50, encoding: .halfRate) }
    func draw(seed: UInt64) -> [Int32] {
      var positive = [Int32](repeating: 0, count: 50)
      var negative = [Int32](repeating: 0, count: 50)
      var p = 0
      var n = 0
      sample.draw(
        step: SpikeHash.stepWord(key: seed, step: 0), positive: &positive, positiveCount: &p,
        negativeSpikes: &negative, negativeCount: &n)
      return Array(positive[0..<p])
    }
    XCTAssertEqual(draw(seed: 3), draw(seed: 3))
    XCTAssertNotEqual(draw(seed: 3), draw(seed: 4))
  }

  func testNextIntIsUniformOverItsRange() {
    var rng = RandomSource(seed: 1)
    var counts = [Int](repeating: 0, count: 10)
    for _ in 0..<10_000 { counts[rng.nextInt(below: 10)] += 1 }
    XCTAssertTrue(counts.allSatisfy { $0 > 850 && $0 < 1150 }, "\(counts)")
  }
}
