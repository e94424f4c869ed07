// The log (issue 14, point 5): notices, epoch summaries, checkpoints, warnings and errors
// with their time, kept instead of wiped by the next notice; a failed start's whole error;
// beside the plots on wide terminals, zoomed with l and scrolled with ↑/↓.

import TerminalKit
import XCTest

@testable import Workbench
@testable import WorkbenchUI

final class LogPanelTests: XCTestCase {
  func testTheLogKeepsTheLatestEntriesInOrder() {
    var log = EventLog(capacity: 4)
    for i in 1...9 { log.add(.notice, "n\(i)", time: "00:00:0\(i)") }
    XCTAssertEqual(log.visible(rows: 10, scroll: 0).map(\.text), ["n6", "n7", "n8", "n9"])
    XCTAssertEqual(log.visible(rows: 2, scroll: 0).map(\.text), ["n8", "n9"])
    XCTAssertEqual(log.visible(rows: 2, scroll: 1).map(\.text), ["n7", "n8"])
    XCTAssertEqual(log.visible(rows: 2, scroll: 9).map(\.text), [])
    XCTAssertLessThanOrEqual(log.entries.count, 5, "old entries go")
  }

  func testMessagesEpochsNoticesAndAFailureAreLoggedOnce() {
    var state = AppState()
    var snapshot = SessionSnapshot(presetName: "p")
    snapshot.state = .running
    snapshot.message = "checkpoint saved: runs/p/checkpoint.asfck"
    state.observe(snapshot, now: 1, time: "10:00:01")
    state.observe(snapshot, now: 2, time: "10:00:02")
    snapshot.testAccuracy = [0.9512, 0.97]
    state.observe(snapshot, now: 3, time: "10:00:03")
    state.notice = "pausing after this batch"
    state.observe(snapshot, now: 4, time: "10:00:04")
    state.observe(snapshot, now: 5, time: "10:00:05")
    snapshot.state = .failed("cannot read /data/train-images-idx3-ubyte: no such file")
    state.observe(snapshot, now: 6, time: "10:00:06")
    state.observe(snapshot, now: 7, time: "10:00:07")
    XCTAssertEqual(
      state.log.entries.map { "\($0.time) \($0.kind) \($0.text)" },
      [
        "10:00:01 checkpoint checkpoint saved: runs/p/checkpoint.asfck",
        "10:00:03 epoch epoch 1: test accuracy 95.12 %",
        "10:00:03 epoch epoch 2: test accuracy 97.00 %",
        "10:00:04 notice pausing after this batch",
        "10:00:06 error cannot read /data/train-images-idx3-ubyte: no such file",
      ])
  }

  private func frame(_ state: AppState, width: Int, height: Int) -> String {
    var snapshot = SessionSnapshot(presetName: "p")
    snapshot.state = .paused
    return TextRenderer.render(
      WorkbenchScreens.render(
        snapshot: snapshot, state: state, width: width, height: height, color: false))
  }

  func testWideScreensShowTheLogAndLZoomsAndScrollsIt() {
    var state = AppState()
    for i in 1...40 { state.log.add(.notice, "entry \(i)", time: "09:00:\(i)") }
    let wide = frame(state, width: 200, height: 60)
    XCTAssertTrue(wide.contains("Log · l full view"), wide)
    XCTAssertTrue(wide.contains("09:00:40 entry 40"))
    XCTAssertFalse(frame(state, width: 120, height: 40).contains("Log · l full view"))

    let snapshot = SessionSnapshot(presetName: "p")
    _ = state.handle(.character("l"), snapshot: snapshot)
    XCTAssertTrue(state.zoomed)
    var zoomed = frame(state, width: 80, height: 24)
    XCTAssertTrue(zoomed.contains("09:00:40 entry 40"), zoomed)
    XCTAssertFalse(zoomed.contains("Spikes"))
    for _ in 0..<5 { _ = state.handle(.up, snapshot: snapshot) }
    zoomed = frame(state, width: 80, height: 24)
    XCTAssertTrue(zoomed.contains("09:00:35 entry 35"), zoomed)
    XCTAssertFalse(zoomed.contains("entry 40"))
    XCTAssertTrue(zoomed.contains("5 newer below"), zoomed)
    _ = state.handle(.down, snapshot: snapshot)
    XCTAssertEqual(state.logScroll, 4)
    XCTAssertEqual(state.selectedRaster, 1, "↑/↓ scroll the zoomed log, not the layers")
  }
}

final class LatencyPanelTests: XCTestCase {
  func testTheLatencyPanelShowsTheLastCurve() {
    var snapshot = SessionSnapshot(presetName: "p")
    snapshot.state = .paused
    snapshot.testAccuracy = [0.9, 0.95]
    snapshot.latency = [
      InferencePoint(timeSteps: 5, accuracy: 0.214, synapticOperations: 580_000, seconds: 1),
      InferencePoint(timeSteps: 50, accuracy: 0.95, synapticOperations: 9_810_000, seconds: 1),
      InferencePoint(timeSteps: 100, accuracy: 0.96, synapticOperations: 20_100_000, seconds: 1),
    ]
    var state = AppState()
    func frame(_ width: Int, _ height: Int) -> String {
      TextRenderer.render(
        WorkbenchScreens.render(
          snapshot: snapshot, state: state, width: width, height: height, color: false))
    }
    XCTAssertTrue(frame(200, 60).contains("Latency · accuracy against inference steps T"))
    XCTAssertFalse(frame(120, 40).contains("Latency ·"))
    _ = state.handle(.character("t"), snapshot: snapshot)
    let zoomed = frame(120, 40)
    XCTAssertTrue(zoomed.contains("20.1M SOPs at T=100"), zoomed)
    XCTAssertTrue(zoomed.contains("test accuracy % after epoch 2"), zoomed)
    XCTAssertTrue(zoomed.contains("21.4") && zoomed.contains("96.0"), "points are labelled")
    XCTAssertTrue(
      zoomed.contains("test accuracy T=5: 21.4 % · T=50: 95.0 % · T=100: 96.0 %"),
      "and listed under the chart:\n\(zoomed)")
  }
}
