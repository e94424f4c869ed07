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

  /// The method arena: a sweep over methods draws each method's accuracy against the seconds
  /// it took (the slowest method's point furthest right); other sweeps stay per epoch.
  func testAMethodSweepIsDrawnAgainstTheClock() {
    let runs = [
      SweepRun(
        key: "method", value: "asf-bp", folder: "", testAccuracy: [0.97], seconds: 60,
        elapsed: [60]),
      SweepRun(
        key: "method", value: "bptt", folder: "", testAccuracy: [0.975], seconds: 600,
        elapsed: [600]),
    ]
    var canvas = Canvas(width: 120, height: 30)
    SweepChart(runs: runs, title: "methods").render(in: canvas.bounds, on: &canvas)
    let text = TextRenderer.render(canvas)
    XCTAssertTrue(text.contains("methods · test accuracy against training time"), text)
    XCTAssertTrue(text.contains("seconds of training and testing"), text)
    XCTAssertTrue(text.contains("600"), "the axis reaches the slowest run's seconds")
    // Without the seconds (an earlier sweep.csv) the chart goes back to epochs.
    let untimed = runs.map {
      SweepRun(key: $0.key, value: $0.value, folder: "", testAccuracy: $0.testAccuracy, seconds: 1)
    }
    var plain = Canvas(width: 120, height: 30)
    SweepChart(runs: untimed, title: "methods").render(in: plain.bounds, on: &plain)
    XCTAssertTrue(TextRenderer.render(plain).contains("methods · test accuracy per epoch"))
    // A budget cut an epoch short: any sweep is then drawn against the clock.
    let stop = BudgetStop(epoch: 2, batch: 5, batches: 9, trainingSeconds: 30)
    let budgeted = [
      SweepRun(
        key: "time-steps", value: "4", folder: "", testAccuracy: [0.9, 0.92], seconds: 40,
        elapsed: [20, 33], stoppedAt: stop),
      SweepRun(
        key: "time-steps", value: "8", folder: "", testAccuracy: [0.93], seconds: 35,
        elapsed: [34], stoppedAt: BudgetStop(epoch: 1, batch: 7, batches: 9, trainingSeconds: 30)),
    ]
    var cut = Canvas(width: 120, height: 30)
    SweepChart(runs: budgeted, title: "fig4").render(in: cut.bounds, on: &cut)
    XCTAssertTrue(
      TextRenderer.render(cut).contains("fig4 · test accuracy against training time"),
      TextRenderer.render(cut))
  }

  /// Issue 26, point 6: runs over seeds are drawn as the mean per value with the spread
  /// (sample standard deviation) in its bar; a one-epoch sweep still draws its points.
  func testSeedsGiveTheMeanAndSpread() {
    let runs = [
      SweepRun(
        key: "time-steps", value: "4", folder: "", testAccuracy: [0.90], seconds: 1, seed: 1),
      SweepRun(
        key: "time-steps", value: "4", folder: "", testAccuracy: [0.94], seconds: 2, seed: 2),
      SweepRun(
        key: "time-steps", value: "8", folder: "", testAccuracy: [0.95], seconds: 3, seed: 1),
      SweepRun(
        key: "time-steps", value: "8", folder: "", testAccuracy: [0.97], seconds: 4, seed: 2),
    ]
    let chart = SweepChart(runs: runs, title: "fig4")
    XCTAssertEqual(chart.groups.map(\.label), ["T=4", "T=8"])
    // Mean 92, sd √((2² + 2²) / 1) = 2.83 for T=4; 96 ± 1.41 for T=8.
    XCTAssertEqual(chart.groups[0].mean, 92, accuracy: 1e-9)
    XCTAssertEqual(chart.groups[0].spread, 8.0.squareRoot(), accuracy: 1e-9)
    var canvas = Canvas(width: 120, height: 30)
    chart.render(in: canvas.bounds, on: &canvas)
    let text = TextRenderer.render(canvas)
    XCTAssertTrue(text.contains("92.00 ± 2.83 % (2 seeds) · 3.0 s"), text)
    XCTAssertTrue(text.contains("96.00 ± 1.41 % (2 seeds) · 7.0 s"), text)
    XCTAssertTrue(text.contains("lowest and highest seed"), text)
    // One epoch each: the left panel's points are drawn (braille in the plot).
    let left = text.split(separator: "\n").map { String($0.prefix(60)) }
    XCTAssertTrue(
      left.dropFirst().contains {
        $0.unicodeScalars.contains { (0x2801...0x28FF).contains($0.value) }
      }, text)
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
