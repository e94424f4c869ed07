// Tests of HistogramView: eighth-block bars, ASCII bars, edge labels, bin merging.

import TerminalKit
import WidgetTestSupport
import XCTest

final class HistogramViewTests: XCTestCase {
  private let counts = [1, 2, 4, 8, 3]

  func testUnicodeBarsInEighthsWithEdgeLabels() {
    let histogram = HistogramView(counts: counts, lower: 0, upper: 2.5)
    XCTAssertEqual(
      renderLines(histogram, width: 10, height: 3),
      [
        "      ██",
        "▂▂▄▄████▆▆",
        "0      2.5",
      ])
  }

  func testAsciiBarsKeepSmallCountsVisible() {
    let histogram = HistogramView(counts: counts, lower: -1, upper: 1, glyphs: .ascii)
    XCTAssertEqual(
      renderLines(histogram, width: 10, height: 5),
      [
        "      ##",
        "      ##",
        "    ######",
        "##########",
        "-1       1",
      ])
  }

  func testWideBinsGetAGap() {
    let histogram = HistogramView(counts: [2, 4], lower: 0, upper: 1, glyphs: .ascii)
    XCTAssertEqual(renderLines(histogram, width: 6, height: 3), ["   ##", "## ##", "0   1"])
  }

  func testMoreBinsThanColumnsAreSummed() {
    let histogram = HistogramView(counts: [1, 1, 0, 0, 2, 2], lower: 0, upper: 6, glyphs: .ascii)
    // Two bins per column: sums 2, 0, 4.
    XCTAssertEqual(renderLines(histogram, width: 3, height: 3), ["  #", "# #", "0 6"])
  }

  func testAllZeroCountsDrawOnlyLabels() {
    let histogram = HistogramView(counts: [0, 0], lower: 0, upper: 1)
    XCTAssertEqual(renderLines(histogram, width: 4, height: 2), ["", "0  1"])
  }
}
