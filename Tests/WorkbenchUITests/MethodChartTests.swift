// The method arena's cost table and chart: ratios to BPTT computed per row, the planned
// memory's growth from the first T to the last, one CSV line per (T, method), and a chart that
// names every method and draws at any size.

import TerminalKit
import WidgetTestSupport
import XCTest

@testable import SpikingCore
@testable import Workbench
@testable import WorkbenchUI

final class MethodChartTests: XCTestCase {
  var comparison: MethodComparison {
    var result = MethodComparison(
      architecture: "lenet", batchSize: 32, methods: [.asfBP, .bptt, .ottt])
    result.rows = [
      .init(
        timeSteps: 4,
        cells: [
          .init(secondsPerBatch: 0.1, plannedMiB: 20), .init(secondsPerBatch: 0.4, plannedMiB: 50),
          .init(secondsPerBatch: 0.2, plannedMiB: 60, peakMiB: 90),
        ]),
      .init(
        timeSteps: 100,
        cells: [
          .init(secondsPerBatch: 0.5, plannedMiB: 20), .init(secondsPerBatch: 8, plannedMiB: 900),
          .init(secondsPerBatch: 4, plannedMiB: 60),
        ]),
    ]
    return result
  }

  func testRatiosToBPTTAndGrowthInT() throws {
    let c = comparison
    XCTAssertEqual(try XCTUnwrap(c.timeRatio(c.rows[1], method: 0)), 0.5 / 8, accuracy: 1e-12)
    XCTAssertEqual(try XCTUnwrap(c.timeRatio(c.rows[0], method: 2)), 0.5, accuracy: 1e-12)
    XCTAssertEqual(try XCTUnwrap(c.plannedGrowth(method: 1)), 18, accuracy: 1e-12)
    XCTAssertEqual(try XCTUnwrap(c.plannedGrowth(method: 2)), 1, accuracy: 1e-12)
    var withoutBPTT = c
    withoutBPTT.methods = [.asfBP, .sltt, .ottt]
    XCTAssertNil(withoutBPTT.timeRatio(c.rows[0], method: 0), "no BPTT, no ratio")
    let lines = c.csv().split(separator: "\n")
    XCTAssertEqual(lines.count, 1 + 2 * 3)
    XCTAssertEqual(lines[3], "lenet,32,4,ottt,0.20000,160.0,0.500,60.0,90.0")
    XCTAssertTrue(lines[4].hasSuffix(",0.062,20.0,"), String(lines[4]))
  }

  func testTheChartNamesEveryMethodAndItsRatio() {
    let text = TextRenderer.render(
      renderCanvas(MethodChart(comparison: comparison), width: 140, height: 36))
    for name in ["ASF-BP", "BPTT", "OTTT", "lenet · batch 32"] {
      XCTAssertTrue(text.contains(name), name)
    }
    XCTAssertTrue(text.contains("0.500 (0.06)") && text.contains("4.000 (0.50)"), text)
    XCTAssertTrue(text.contains("900"), "planned MiB in the table")
  }

  func testDrawsAtAnySize() {
    for (w, h) in [(1, 1), (20, 6), (80, 24), (200, 60)] {
      _ = renderCanvas(MethodChart(comparison: comparison), width: w, height: h)
      var empty = comparison
      empty.rows = []
      let text = TextRenderer.render(
        renderCanvas(MethodChart(comparison: empty), width: w, height: h))
      if w >= 80 { XCTAssertTrue(text.contains("no measurements"), text) }
    }
  }
}
