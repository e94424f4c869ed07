// Issue 26, point 1: the accuracy axis fits the data in view and says its range; `a` shows
// all batches, the last epoch or the batches since the last change; the loss is on a log
// axis; every applied change is a numbered tick on the curves and "[n]" in the log.

import SpikingCore
import TerminalKit
import XCTest

@testable import Workbench
@testable import WorkbenchUI

final class CurvesTests: XCTestCase {
  private func lines(_ snapshot: SessionSnapshot, _ state: AppState) -> [String] {
    TextRenderer.render(
      WorkbenchScreens.render(
        snapshot: snapshot, state: state, width: 120, height: 40, color: false)
    ).components(separatedBy: "\n")
  }

  /// A run late in training: accuracy between 98.9 % and 99.5 %, loss from 1 down to 0.01.
  private func lateRun() -> SessionSnapshot {
    var s = GoldenFramesTests.snapshot()
    s.testAccuracy = [0.992]
    s.accuracy = DecimatedSeries()
    s.loss = DecimatedSeries()
    for b in 0..<300 {
      s.accuracy.append(0.989 + 0.006 * Float(b) / 299)
      s.loss.append(pow(10, -2 * Float(b) / 299))
    }
    return s
  }

  func testTheAccuracyAxisFitsTheDataAndSaysItsRange() {
    let title = lines(lateRun(), AppState()).first { $0.contains("Accuracy and loss") } ?? ""
    // The 8-batch mean runs from 98.9 to 99.5; a tenth of the span, at least 1 point wide in
    // all: 0.6 + 2 × 0.2 = 1.0 → 98.7 … 99.7.
    XCTAssertTrue(title.contains("y 98.7–99.7 %"), title)
    let range = TrainScreen.fittedRange(
      [LineChart.Series(name: "a", points: [(0, 98.9), (10, 99.5), (20, 40)])], in: 0...10,
      within: 0...100, least: 1)
    XCTAssertEqual(
      range.lowerBound, 98.7, accuracy: 1e-9, "the point outside the window is left out")
    XCTAssertEqual(range.upperBound, 99.7, accuracy: 1e-9)
    let full = TrainScreen.fittedRange(
      [LineChart.Series(name: "a", points: [(0, 5), (1, 99.9)])], in: 0...1, within: 0...100,
      least: 1)
    XCTAssertEqual(full.upperBound, 100, "kept within 0–100")
  }

  func testTheLossAxisIsLogarithmic() {
    let frame = lines(lateRun(), AppState()).joined(separator: "\n")
    // From 1 down to 0.01 over 300 batches, 16-batch smoothing: the axis is labelled with the
    // values and the legend says log.
    XCTAssertTrue(frame.contains("── loss, log"), frame)
    XCTAssertTrue(frame.contains("0.00909┤") || frame.contains("0.0091┤"), frame)
  }

  func testChangesAreNumberedTicksAndTheWindowKeyCycles() {
    var snapshot = lateRun()
    snapshot.batchesDone = 300
    snapshot.recordChange("T 30 → 50 from the next batch")
    snapshot.batchesDone = 300
    XCTAssertEqual(snapshot.notices.entries.last, "[1] T 30 → 50 from the next batch")
    XCTAssertEqual(snapshot.changes, [300])
    var changed = lateRun()
    changed.changes = [120, 240]
    var state = AppState()
    let all = lines(changed, state)
    let curves = all.filter { $0.contains("┆") }
    XCTAssertGreaterThan(curves.count, 6, "ticks through the accuracy and the loss plots")
    XCTAssertTrue(all.contains { $0.contains("┆n change [n] of the log") })
    XCTAssertEqual(state.handle(.character("a"), snapshot: changed), [])
    XCTAssertEqual(state.curveWindow, .lastEpoch)
    let lastEpoch = lines(changed, state)
    XCTAssertTrue(lastEpoch.contains { $0.contains("· last epoch") })
    // The last epoch: batches 112 … 300 (188 a epoch) on the x axis.
    XCTAssertTrue(
      lastEpoch.contains { $0.contains(" 112 ") && $0.contains("batch") },
      lastEpoch.joined(separator: "\n"))
    _ = state.handle(.character("a"), snapshot: changed)
    let since = lines(changed, state)
    XCTAssertTrue(since.contains { $0.contains("· since change") })
    XCTAssertTrue(
      since.contains { $0.contains(" 240 ") && $0.contains("batch") }, since.joined(separator: "\n")
    )
    _ = state.handle(.character("a"), snapshot: changed)
    XCTAssertEqual(state.curveWindow, .all)
  }

  func testComparedRunsLineUpInEpochsWithATableOfFinalFigures() {
    var state = GoldenFramesTests.appState()
    state.comparison = GoldenFramesTests.compared()
    let frame = lines(GoldenFramesTests.snapshot(), state)
    // 300 batches of 188 are 1.6 epochs; the compared 200 batches of 100 are 2.0.
    XCTAssertTrue(
      frame.contains { $0.contains("digits-lenet-i   1.6  89.40  91.00") },
      frame.joined(separator: "\n"))
    XCTAssertTrue(frame.contains { $0.contains("baseline-run     2.0  68.65      –") })
    XCTAssertEqual(frame.filter { $0.contains("── baseline-run") }.count, 1, "a one-line legend")
    XCTAssertTrue(frame.contains { $0.contains("epoch") && $0.contains(" 2│") })
  }
}
