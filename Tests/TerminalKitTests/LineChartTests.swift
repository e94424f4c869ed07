// Tests of LineChart: points on the diagonal, axis labels, legend, clipping, styles.

import TerminalKit
import WidgetTestSupport
import XCTest

final class LineChartTests: XCTestCase {
  /// y = x at x = 0, 1, …, 10.
  private let diagonal = LineChart.Series(
    name: "y=x", points: (0...10).map { (x: Double($0), y: Double($0)) },
    style: Style(foreground: .cyan))

  func testAsciiDiagonalWithAxisLabelsAndLegend() {
    // The plot is 11 × 11 cells, so each of the 11 points gets its own cell.
    let chart = LineChart(series: [diagonal], glyphs: .ascii)
    XCTAssertEqual(
      renderLines(chart, width: 14, height: 13),
      [
        "10+          *",
        "  |         *",
        "  |        *",
        "  |       *",
        "  |      *",
        "  |     *",
        "  |    *",
        "  |   *",
        "  |  *",
        "  | *",
        " 0+*",
        "   0        10",
        "* y=x",
      ])
  }

  func testBrailleDiagonal() {
    // 11 × 3 cells = 22 × 12 dots: the line runs from dot (0, 11) to dot (21, 0).
    let chart = LineChart(series: [diagonal])
    XCTAssertEqual(
      renderLines(chart, width: 14, height: 5),
      [
        "10┤       ⣀⠤⠒⠉",
        "  │   ⢀⣀⠤⠊",
        " 0┤⡠⠔⠊⠁",
        "   0        10",
        "── y=x",
      ])
  }

  func testEveryBrailleDotLiesOnTheDiagonal() {
    // 5 × 5 cells of plot = 10 × 20 dots; no labels, no legend.
    let square = LineChart.Series(name: "", points: [(x: 0, y: 0), (x: 1, y: 1)])
    let chart = LineChart(series: [square], showsLegend: false)
    let canvas = renderCanvas(chart, width: 5, height: 2)
    // Too small for labels: the plot fills the area, 10 × 8 dots.
    let bits: [[UInt32]] = [[0x01, 0x08], [0x02, 0x10], [0x04, 0x20], [0x40, 0x80]]
    var dots: [(x: Int, y: Int)] = []
    for row in 0..<2 {
      for column in 0..<5 {
        guard let scalar = canvas[x: column, y: row].character.unicodeScalars.first,
          scalar.value >= 0x2800
        else { continue }
        for dy in 0..<4 {
          for dx in 0..<2 where (scalar.value - 0x2800) & bits[dy][dx] != 0 {
            dots.append((column * 2 + dx, row * 4 + dy))
          }
        }
      }
    }
    XCTAssertEqual(dots.count, 10)  // one dot per column: the line is x-major
    for dot in dots {
      // The ideal line is y = 7 - x * 7 / 9; Bresenham stays within half a dot.
      XCTAssertEqual(Double(dot.y), 7 - Double(dot.x) * 7 / 9, accuracy: 0.5)
    }
  }

  func testFixedRangeClipsAndSeriesKeepTheirStyles() {
    let low = LineChart.Series(
      name: "a", values: [0, 0, 0], style: Style(foreground: .red), marker: "a")
    let high = LineChart.Series(
      name: "b", values: [5, 5, 5], style: Style(foreground: .blue), marker: "b")
    let chart = LineChart(series: [low, high], yRange: 0...1, glyphs: .ascii)
    let canvas = renderCanvas(chart, width: 8, height: 5)
    XCTAssertEqual(
      canvas.lines(),
      [
        "1+",
        " |",
        "0+aaaaaa",
        "  0    2",
        "a a  b b",
      ])
    XCTAssertEqual(canvas[x: 2, y: 2].style, Style(foreground: .red))
    XCTAssertEqual(canvas[x: 0, y: 4].style, Style(foreground: .red))
    XCTAssertEqual(canvas[x: 5, y: 4].style, Style(foreground: .blue))
  }

  func testNonFiniteAndHugeValuesDoNotCrash() {
    let wild = LineChart.Series(
      name: "w",
      points: [(x: 0, y: .nan), (x: 1, y: 1e300), (x: 2, y: -1e300), (x: .infinity, y: 0)])
    let chart = LineChart(series: [wild], yRange: -1...1)
    _ = renderLines(chart, width: 20, height: 6)
  }

  func testConstantSeriesGetsAWidenedRange() {
    let flat = LineChart.Series(name: "acc", values: [0.5, 0.5])
    let lines = renderLines(LineChart(series: [flat], glyphs: .ascii), width: 10, height: 5)
    XCTAssertEqual(lines[0], "0.55+")
    XCTAssertEqual(lines[2], "0.45+")
  }

  func testPointLabelsSitAboveTheirPointsInsideThePlot() {
    // Plot 11 × 11 cells as in the ASCII diagonal: the label of (5, 5) goes on the row above
    // the point, centred on its column; the top point's label goes below it, kept inside.
    let labelled = LineChart.Series(
      name: "y=x", points: [(0, 0), (5, 5), (10, 10)], marker: "*", labels: ["a", "mid", "top"])
    let lines = renderLines(
      LineChart(series: [labelled], showsLegend: false, glyphs: .ascii), width: 14, height: 12)
    XCTAssertEqual(lines[4], "  |    mid", "above (5, 5), which is on row 5")
    XCTAssertEqual(lines[1], "  |        top", "below the top point, cut to the plot's edge")
    XCTAssertEqual(lines[9], "  |a*", "above (0, 0), beside the line to (5, 5)")
    var short = Canvas(width: 14, height: 1)
    LineChart(series: [labelled], glyphs: .ascii).render(in: short.bounds, on: &short)
    XCTAssertFalse(TextRenderer.render(short).contains("mid"), "a one-row plot has no labels")
  }
}
