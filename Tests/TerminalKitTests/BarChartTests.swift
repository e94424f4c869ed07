// Tests of BarChart: labelled bars in eighths and in ASCII.

import TerminalKit
import WidgetTestSupport
import XCTest

final class BarChartTests: XCTestCase {
  private let bars = [
    BarChart.Bar(label: "conv1", value: 0.5),
    BarChart.Bar(label: "fc", value: 0.125, text: "12.5%"),
    BarChart.Bar(label: "out", value: 1),
  ]

  func testUnicodeBars() {
    XCTAssertEqual(
      renderLines(BarChart(bars: bars), width: 20, height: 3),
      [
        "conv1 ████       0.5",
        "fc    █        12.5%",
        "out   ████████     1",
      ])
  }

  func testAsciiBarsAgainstAFixedMaximumWithPartialCells() {
    let chart = BarChart(bars: bars, maximum: 2, glyphs: .ascii)
    XCTAssertEqual(
      renderLines(chart, width: 20, height: 2),
      [
        "conv1 ##         0.5",
        "fc    #        12.5%",
      ])
    let unicode = BarChart(bars: [BarChart.Bar(label: "x", value: 0.3)], maximum: 1)
    // 0.3 of 16 cells = 4.8 cells = 38 eighths: 4 full cells and a ¾ cell.
    XCTAssertEqual(renderLines(unicode, width: 22, height: 1), ["x ████▊            0.3"])
  }

  func testBarsBeyondTheHeightAreDropped() {
    XCTAssertEqual(renderLines(BarChart(bars: bars, glyphs: .ascii), width: 20, height: 1).count, 1)
  }

  func testABarIsCountedInEighthsOrWholeCellsInASCII() {
    // 10 cells: 0.3 is 24 eighths (3 cells), 0.33 is 26.4 → 26 (3 cells and ▎).
    XCTAssertEqual(BarChart.barText(fraction: 0.3, width: 10, glyphs: .unicode), "███")
    XCTAssertEqual(BarChart.barText(fraction: 0.33, width: 10, glyphs: .unicode), "███▎")
    XCTAssertEqual(BarChart.barText(fraction: 0.33, width: 10, glyphs: .ascii), "###")
    XCTAssertEqual(BarChart.barText(fraction: 0.37, width: 10, glyphs: .ascii), "####")
    XCTAssertEqual(BarChart.barText(fraction: 2, width: 4, glyphs: .ascii), "####")
    XCTAssertEqual(BarChart.barText(fraction: -1, width: 4, glyphs: .unicode), "")
  }
}
