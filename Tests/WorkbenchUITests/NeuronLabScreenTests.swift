// The neuron lab screen: a golden text frame, and the lab's keys.

import Foundation
import TerminalKit
import XCTest

@testable import Workbench
@testable import WorkbenchUI

final class NeuronLabScreenTests: XCTestCase {
  func labState() -> AppState {
    var state = AppState()
    state.showNeuronLab(.table4())
    state.lab?.paused = true
    for _ in 0..<30 { _ = state.lab?.perform(.labStep) }
    return state
  }

  /// Tests/WorkbenchUITests/Golden/neuron-lab.txt; ASF_UPDATE_GOLDEN=1 rewrites it.
  func testGoldenFrame() throws {
    let canvas = WorkbenchScreens.render(
      snapshot: SessionSnapshot(presetName: "digits-lenet-if"), state: labState(), width: 100,
      height: 30, color: false)
    let text = TextRenderer.render(canvas) + "\n"
    let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .appendingPathComponent("Golden/neuron-lab.txt")
    if ProcessInfo.processInfo.environment["ASF_UPDATE_GOLDEN"] == "1" {
      try FileManager.default.createDirectory(
        at: golden.deletingLastPathComponent(), withIntermediateDirectories: true)
      try text.write(to: golden, atomically: true, encoding: .utf8)
    }
    let expected = try String(contentsOf: golden, encoding: .utf8)
    XCTAssertEqual(
      text, expected, "the lab frame changed; rerun with ASF_UPDATE_GOLDEN=1 if intended")
  }

  func testLabKeysChangeTheSettingsInForce() {
    var state = labState()
    let snapshot = SessionSnapshot(presetName: "p")
    _ = state.press(.right, snapshot: snapshot)
    _ = state.press(.character("+"), snapshot: snapshot)
    _ = state.press(.character("l"), snapshot: snapshot)
    _ = state.press(.character("x"), snapshot: snapshot)
    let s = state.lab!.lab.settings
    XCTAssertEqual(s.lower, 0.1, accuracy: 1e-6)
    XCTAssertEqual(s.upper, 0.6, accuracy: 1e-6)
    XCTAssertEqual(s.threshold, 1.1, accuracy: 1e-6)
    XCTAssertEqual(s.leak, 0.99)
    XCTAssertEqual(s.reset, .subtract)
    XCTAssertEqual(state.lab?.lab.history.count, 0, "a change starts a new window")
    _ = state.press(.character("t"), snapshot: snapshot)
    XCTAssertEqual(state.lab?.table.count, 6)
    let text = TextRenderer.render(
      WorkbenchScreens.render(
        snapshot: snapshot, state: state, width: 120, height: 40, color: false))
    XCTAssertTrue(text.contains("U(.5,1)") && text.contains("0.249"), text)
    XCTAssertTrue(text.contains("U(0.1,0.6)") && text.contains("Vth=1.10"), text)
    // Global keys still work in the lab.
    _ = state.press(.character("1"), snapshot: snapshot)
    XCTAssertEqual(state.screen, .train)
  }
}
