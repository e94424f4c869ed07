// The Figure 4 chart: both panels, the legend per T, and the final accuracies as bars.

import TerminalKit
import XCTest

@testable import Workbench
@testable import WorkbenchUI

final class SweepChartTests: XCTestCase {
  func testBothPanelsShowEveryTimeWindow() {
    let runs = [
      SweepRun(timeSteps: 100, folder: "a", testAccuracy: [0.9, 0.95], seconds: 1),
      SweepRun(timeSteps: 300, folder: "b", testAccuracy: [0.92, 0.975], seconds: 2),
    ]
    var canvas = Canvas(width: 100, height: 24)
    SweepChart(runs: runs, title: "fig4").render(in: canvas.bounds, on: &canvas)
    let text = TextRenderer.render(canvas)
    XCTAssertTrue(text.contains("fig4 · test accuracy per epoch"))
    XCTAssertTrue(text.contains("T=100") && text.contains("T=300"))
    XCTAssertTrue(text.contains("95.00 %") && text.contains("97.50 %"), text)
    var tiny = Canvas(width: 3, height: 2)
    SweepChart(runs: runs, title: "x").render(in: tiny.bounds, on: &tiny)
    SweepChart(runs: [], title: "x").render(in: canvas.bounds, on: &canvas)
  }

  /// Issue 14, point 2: the accuracy axis starts at a round baseline under the data, and
  /// each window's bar gives its training time.
  func testBaselineAndTimePerWindow() {
    XCTAssertEqual(SweepChart.baselineRange([94.3, 95.1]), 92...96)
    XCTAssertEqual(SweepChart.baselineRange([60, 95]), 0...100)
    XCTAssertEqual(SweepChart.baselineRange([99.5, 99.5]), 98...100)
    XCTAssertNil(SweepChart.baselineRange([]))
    let runs = [
      SweepRun(timeSteps: 100, folder: "a", testAccuracy: [0.943], seconds: 38.7),
      SweepRun(timeSteps: 200, folder: "b", testAccuracy: [0.951], seconds: 252),
    ]
    var canvas = Canvas(width: 120, height: 24)
    SweepChart(runs: runs, title: "fig4").render(in: canvas.bounds, on: &canvas)
    let text = TextRenderer.render(canvas)
    XCTAssertTrue(text.contains("94.30 % · 38.7 s") && text.contains("95.10 % · 4m 12s"), text)
    XCTAssertTrue(text.contains("time window T") && text.contains("epoch"), text)
  }
}
