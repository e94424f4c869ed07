// The mouse (issue 14, point 7): clicks land on tabs, panels and Experiments rows where the
// frame draws them; a click focuses, selects or opens; the wheel moves the list and the log.

import TerminalKit
import XCTest

@testable import Workbench
@testable import WorkbenchUI

final class MouseTests: XCTestCase {
  private func snapshot() -> SessionSnapshot {
    var s = SessionSnapshot(presetName: "p")
    s.state = .paused
    return s
  }

  /// The column and row of the first cell of `text` in the frame of `state`.
  private func locate(_ text: String, _ state: AppState) throws -> (x: Int, y: Int) {
    let frame = TextRenderer.render(
      WorkbenchScreens.render(
        snapshot: snapshot(), state: state, width: 120, height: 40, color: false))
    for (y, line) in frame.components(separatedBy: "\n").enumerated() {
      if let range = line.range(of: text) {
        return (line.distance(from: line.startIndex, to: range.lowerBound), y)
      }
    }
    throw XCTSkip("'\(text)' is not on the frame:\n\(frame)")
  }

  private func target(_ text: String, _ state: AppState) throws -> ClickTarget? {
    let (x, y) = try locate(text, state)
    return WorkbenchScreens.target(
      atX: x + 1, y: y, width: 120, height: 40, snapshot: snapshot(), state: state)
  }

  func testClicksLandWhereTheFrameDrawsThings() throws {
    var state = AppState()
    XCTAssertEqual(try target("3 Experiments", state), .screen(.experiments))
    XCTAssertEqual(try target("2 Neuron lab", state), .screen(.neuronLab))
    XCTAssertEqual(try target("Spikes", state), .panel(0))
    XCTAssertEqual(try target("Scale factors", state), .panel(2))
    XCTAssertEqual(try target("Accuracy and loss", state), .panel(3))
    XCTAssertNil(
      WorkbenchScreens.target(
        atX: 5, y: 39, width: 120, height: 40, snapshot: snapshot(), state: state),
      "the status bar is no target")

    _ = state.click(.panel(2), snapshot: snapshot())
    XCTAssertEqual(state.focus, 2)
    _ = state.click(.screen(.experiments), snapshot: snapshot())
    XCTAssertEqual(state.screen, .experiments)
    state.experiments = [
      ExperimentItem(kind: .run, name: "runs/a", detail: "first", data: "", time: ""),
      ExperimentItem(kind: .run, name: "runs/b", detail: "second", data: "", time: ""),
    ]
    state.selectedExperiment = 0
    XCTAssertEqual(try target("runs/b", state), .experimentRow(1))
    XCTAssertEqual(state.click(.experimentRow(1), snapshot: snapshot()), [])
    XCTAssertEqual(state.selectedExperiment, 1, "a click selects")
    XCTAssertEqual(
      state.click(.experimentRow(1), snapshot: snapshot()), [.open(state.experiments[1])],
      "a click on the selected row opens it")
  }

  func testTheWheelMovesTheListAndTheLog() {
    var state = AppState()
    state.screen = .experiments
    state.experiments = (0..<5).map {
      ExperimentItem(kind: .run, name: "runs/\($0)", detail: "", data: "", time: "")
    }
    state.selectedExperiment = 0
    _ = state.handle(.wheelDown, snapshot: snapshot())
    _ = state.handle(.wheelDown, snapshot: snapshot())
    XCTAssertEqual(state.selectedExperiment, 2)
    _ = state.handle(.wheelUp, snapshot: snapshot())
    XCTAssertEqual(state.selectedExperiment, 1)
    XCTAssertNil(state.notice, "the wheel is no unknown key")

    state.screen = .train
    for i in 0..<10 { state.log.add(.notice, "n\(i)", time: "t") }
    _ = state.handle(.wheelUp, snapshot: snapshot())
    XCTAssertEqual(state.logScroll, 0, "the log scrolls only when it has the focus")
    state.focus = TrainScreen.logPanel
    _ = state.handle(.wheelUp, snapshot: snapshot())
    _ = state.handle(.wheelUp, snapshot: snapshot())
    XCTAssertEqual(state.logScroll, 2)
  }
}
