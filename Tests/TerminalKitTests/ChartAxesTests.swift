// Plots that can be read without the README (issue 14, point 2): a legend wraps so every
// series is named, the x axis says what it counts, and a histogram labels its count axis and
// its bin edges at round values.

import TerminalKit
import WidgetTestSupport
import XCTest

final class ChartAxesTests: XCTestCase {
  func testTheLegendWrapsAndTheXAxisIsNamed() {
    let series = ["conv1", "avgpool1", "conv2", "fc1"].enumerated().map { i, name in
      LineChart.Series(name: name, values: [Double(i), Double(i + 1)], marker: "x")
    }
    let chart = LineChart(series: series, glyphs: .ascii, xLabel: "batch")
    let lines = renderCanvas(chart, width: 30, height: 9).lines()
    XCTAssertEqual(lines.suffix(2), ["x conv1  x avgpool1  x conv2", "x fc1"])
    XCTAssertEqual(lines[lines.count - 3], "  0          batch           1")
  }

  func testAHistogramLabelsCountsAndRoundEdges() {
    // 24 bins over [-1, 2]: edges every 0.125; the labels go where they do not touch.
    var counts = [Int](repeating: 0, count: 24)
    counts[8] = 1200
    counts[9] = 300
    let view = HistogramView(
      counts: counts, lower: -1, upper: 2, glyphs: .ascii, showsAxes: true)
    let lines = renderCanvas(view, width: 55, height: 5).lines()
    XCTAssertTrue(lines[0].hasPrefix("1200+"), lines[0])
    XCTAssertTrue(lines[3].hasPrefix("   0+"), lines[3])
    let edges = lines[4].split(separator: " ").map(String.init)
    XCTAssertEqual(edges, ["-1", "-0.5", "0", "0.5", "1", "1.5", "2"])
    // The tallest bar sits over the bin [0, 0.125): two columns right of the "0" edge label.
    let zero =
      lines[4].range(of: " 0 ").map {
        lines[4].distance(from: lines[4].startIndex, to: $0.lowerBound) + 1
      } ?? -1
    XCTAssertEqual(Array(lines[1])[zero], "#")
  }
}
