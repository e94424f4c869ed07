// The Figure 3 chart: paired bars per T, the labelled speed-up line, the table, and sizes
// from tiny to large.

import TerminalKit
import WidgetTestSupport
import XCTest

@testable import Workbench
@testable import WorkbenchUI

final class SpeedChartTests: XCTestCase {
  let comparison = SpeedComparison(
    architecture: "lenet", batchSize: 64,
    rows: [
      .init(
        timeSteps: 100, asfSecondsPerBatch: 0.41, bpttSecondsPerBatch: 0.86, asfPeakMiB: 120.5,
        bpttPeakMiB: 610),
      .init(timeSteps: 300, asfSecondsPerBatch: 0.5, bpttSecondsPerBatch: 1.7),
    ])

  func testShowsEveryTimeWindowSpeedupAndTable() {
    let text = TextRenderer.render(
      renderCanvas(SpeedChart(comparison: comparison), width: 120, height: 30))
    XCTAssertTrue(text.contains("ASF-BP vs BPTT · lenet · batch 64"), text)
    XCTAssertTrue(text.contains("T=100 ASF-BP") && text.contains("T=300 ASF-BP"), text)
    XCTAssertTrue(text.contains("0.41 s") && text.contains("1.7 s"), text)
    // 0.86 / 0.41 and 1.7 / 0.5, on the line and in the table.
    for ratio in ["2.1x", "3.4x"] {
      XCTAssertGreaterThanOrEqual(text.components(separatedBy: ratio).count - 1, 2, ratio)
    }
    XCTAssertTrue(text.contains("ASF-BP peak MiB") && text.contains("610.0"), text)
    XCTAssertTrue(text.contains("120.5") && text.contains("—"), "an unmeasured peak is a dash")
    XCTAssertTrue(text.contains("0.4100") && text.contains("1.7000"), text)
  }

  func testTheSlowerMethodHasTheLongerBar() {
    let lines = renderLines(SpeedChart(comparison: comparison), width: 100, height: 30)
    func barLength(_ label: String, after: Int = 0) -> Int {
      let line = lines.dropFirst(after).first { $0.contains(label) } ?? ""
      return line.filter { "▏▎▍▌▋▊▉█".contains($0) }.count
    }
    let asfRow = lines.firstIndex { $0.contains("T=100 ASF-BP") } ?? 0
    let asf = barLength("T=100 ASF-BP")
    let bptt = barLength("BPTT ", after: asfRow + 1)
    XCTAssertGreaterThan(asf, 0)
    XCTAssertGreaterThan(bptt, asf, lines.joined(separator: "\n"))
  }

  func testSecondsTexts() {
    XCTAssertEqual(SpeedChart.secondsText(0.41), "0.41 s")
    XCTAssertEqual(SpeedChart.secondsText(1.25), "1.2 s")
    XCTAssertEqual(SpeedChart.secondsText(42), "42 s")
    XCTAssertEqual(SpeedChart.secondsText(0.0042), "4.2 ms")
  }

  func testEverySizeAndEmptyOrDegenerateRows() {
    let empty = SpeedComparison(architecture: "x", batchSize: 1, rows: [])
    let zero = SpeedComparison(
      architecture: "x", batchSize: 1,
      rows: [.init(timeSteps: 5, asfSecondsPerBatch: 0, bpttSecondsPerBatch: 0)])
    let many = SpeedComparison(
      architecture: "resnet", batchSize: 8,
      rows: (1...20).map {
        .init(timeSteps: $0 * 50, asfSecondsPerBatch: 0.1, bpttSecondsPerBatch: Double($0) * 0.1)
      })
    for glyphs in GlyphSet.allCases {
      for chart in [comparison, empty, zero, many].map({
        SpeedChart(comparison: $0, glyphs: glyphs)
      }) {
        for (width, height) in [(0, 0), (1, 1), (3, 2), (20, 5), (80, 21), (200, 60)] {
          var canvas = Canvas(width: width, height: height)
          chart.render(in: canvas.bounds, on: &canvas)
        }
        var offCanvas = Canvas(width: 4, height: 3)
        chart.render(in: Rect(x: -3, y: -2, width: 90, height: 30), on: &offCanvas)
      }
    }
    let text = TextRenderer.render(
      renderCanvas(SpeedChart(comparison: empty), width: 80, height: 21))
    XCTAssertTrue(text.contains("no measurements"), text)
  }

  func testFitsEightyByTwentyOne() {
    // The Experiments screen gives it 80 × 21 on the smallest terminal.
    let lines = renderLines(SpeedChart(comparison: comparison), width: 80, height: 21)
    let text = lines.joined(separator: "\n")
    XCTAssertTrue(text.contains("T=300 ASF-BP"), text)
    XCTAssertTrue(text.contains("BPTT peak MiB"), text)
    XCTAssertTrue(text.contains("3.4x"), text)
  }
}
