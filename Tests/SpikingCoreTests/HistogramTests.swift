// Histograms of the flows: every value lands in the bin a plain floor of its position gives,
// values below the range (and NaN) in the first bin, above it in the last; adding in parts
// equals adding at once.

import XCTest

@testable import SpikingCore

final class HistogramTests: XCTestCase {
  /// The bin of `v · scale` by a plain loop: ⌊(v·scale − lower) / width⌋, clamped.
  private func naiveBin(_ v: Float, scale: Float, lower: Float, upper: Float, bins: Int) -> Int {
    let x =
      (Double(v) * Double(scale) - Double(lower)) / ((Double(upper) - Double(lower)) / Double(bins))
    if x.isNaN || x < 0 { return 0 }
    return min(bins - 1, Int(x.rounded(.down)))
  }

  func testValuesLandWhereAPlainLoopPutsThem() {
    var rng = RandomSource(seed: 4)
    // Random values away from the bin edges (where float rounding may pick either side).
    var values: [Float] = []
    while values.count < 1001 {
      let v = rng.nextUnit() * 5 - 1.5
      let position = (Double(v) * 0.5 + 1) / (3.0 / 24)
      if abs(position - position.rounded()) > 1e-3 { values.append(v) }
    }
    var histogram = Histogram(lower: -1, upper: 2, binCount: 24)
    values.withUnsafeBufferPointer { histogram.add($0, scale: 0.5) }
    var expected = [Int](repeating: 0, count: 24)
    for v in values { expected[naiveBin(v, scale: 0.5, lower: -1, upper: 2, bins: 24)] += 1 }
    XCTAssertEqual(histogram.counts, expected)
    XCTAssertEqual(histogram.total, 1001)
  }

  func testOutOfRangeAndNaNGoToTheEnds() {
    var histogram = Histogram(lower: 0, upper: 1, binCount: 20)
    let values: [Float] = [-3, .nan, -.infinity, 0, 0.999, 1, 7, .infinity]
    values.withUnsafeBufferPointer { histogram.add($0) }
    XCTAssertEqual(histogram.counts[0], 4, "below the range, NaN, −∞ and exactly the lower edge")
    XCTAssertEqual(histogram.counts[19], 4, "0.999, the upper edge, above it and +∞")
    XCTAssertEqual(histogram.total, 8)
  }

  func testAddingInPartsEqualsAddingAtOnce() {
    var rng = RandomSource(seed: 9)
    let values = (0..<999).map { _ in rng.nextUnit() }
    var whole = Histogram(lower: 0, upper: 1, binCount: 20)
    values.withUnsafeBufferPointer { whole.add($0) }
    var parts = Histogram(lower: 0, upper: 1, binCount: 20)
    for start in stride(from: 0, to: 999, by: 250) {
      Array(values[start..<min(999, start + 250)]).withUnsafeBufferPointer { parts.add($0) }
    }
    XCTAssertEqual(parts, whole)
  }
}
