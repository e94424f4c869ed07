// Issue 25: every step of the shipped lesson, drawn at 80×24 and 120×40 (golden frames),
// with its whole text on screen; the faint trace under the live one, clipped to its range
// and cleared by r and c; the transfer plot; the title bar naming the lab's neuron.

import Foundation
import TerminalKit
import XCTest

@testable import SpikingCore
@testable import Workbench
@testable import WorkbenchUI

final class NeuronLabLessonFramesTests: XCTestCase {
  private func lab() -> AppState {
    var state = AppState()
    state.showNeuronLab(.table4())
    state.lab?.paused = true
    return state
  }

  private func frame(_ state: AppState, _ width: Int, _ height: Int) -> String {
    TextRenderer.render(
      WorkbenchScreens.render(
        snapshot: SessionSnapshot(presetName: "p"), state: state, width: width, height: height,
        color: false))
  }

  /// The lab on lesson step `number` (from 1), one and a half windows run.
  private func step(_ number: Int) -> AppState {
    var state = lab()
    _ = state.lab?.perform(.labLesson)
    for _ in 1..<number { _ = state.lab?.perform(.labNextStep) }
    let steps = state.lab?.lab.settings.timeSteps ?? 0
    for _ in 0..<(steps + steps / 2) { _ = state.lab?.perform(.labStep) }
    state.notice = nil
    return state
  }

  func testEveryStepAtBothSizesWithItsWholeText() throws {
    let lesson = try XCTUnwrap(
      lab().lab.flatMap { _ in
        try? NeuronLesson.load(path: nil, base: NeuronLabController.table4().tableSettings)
      })
    for (index, lessonStep) in lesson.steps.enumerated() {
      let state = step(index + 1)
      for (width, height) in [(80, 24), (120, 40)] {
        let text = frame(state, width, height)
        try checkGolden("lesson-\(index + 1)-\(width)x\(height)", text)
        XCTAssertFalse(text.contains("the text goes on"), "step \(index + 1) at \(width)×\(height)")
        // Every word of the step's text, in order, in the explanation panel's lines joined.
        let body = WorkbenchScreens.body(width: width, height: height)
        let controller = try XCTUnwrap(state.lab)
        let panel = try XCTUnwrap(
          NeuronLabScreen(controller: controller, theme: Theme(glyphs: .unicode, color: false))
            .layout(in: body).explanation)
        let lines = text.components(separatedBy: "\n")[panel.y..<panel.maxY].map {
          String(Array($0).dropFirst(panel.x).prefix(panel.width))
        }
        let screen = lines.joined(separator: " ").replacingOccurrences(of: "│", with: " ")
          .split(whereSeparator: \.isWhitespace).joined(separator: " ")
        let words = lessonStep.text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        XCTAssertTrue(
          screen.contains(words), "step \(index + 1) at \(width)×\(height): not whole\n\(text)")
      }
    }
  }

  func testTheFaintTraceIsUnderTheLiveOneClippedAndCleared() throws {
    var state = lab()
    // A window of the Table 4 neuron at a strong input (u up to ~3 Vth), then a weak one.
    for _ in 0..<5 { _ = state.lab?.perform(.labRangeUp) }
    for _ in 0..<60 { _ = state.lab?.perform(.labStep) }
    for _ in 0..<5 { _ = state.lab?.perform(.labRangeDown) }
    _ = state.lab?.perform(.labLessWeight)
    for _ in 0..<40 { _ = state.lab?.perform(.labStep) }
    let controller = try XCTUnwrap(state.lab)
    let ghostPeak = controller.lab.ghost?.steps.map(\.membraneBeforeReset).max() ?? 0
    let screen = NeuronLabScreen(
      controller: controller, theme: Theme(glyphs: .unicode, color: true))
    XCTAssertLessThan(screen.top, Double(ghostPeak), "the ghost does not set the axis")
    let livePeak = controller.lab.history.map(\.membraneBeforeReset).max() ?? 0
    XCTAssertEqual(screen.top, max(1.5, Double(livePeak) * 1.05), accuracy: 1e-9)
    // Dim, never the live trace's style; present in the frame.
    let canvas = WorkbenchScreens.render(
      snapshot: SessionSnapshot(presetName: "p"), state: state, width: 120, height: 40,
      color: true)
    let theme = Theme(glyphs: .unicode, color: true)
    var faint = 0
    for y in 0..<canvas.height {
      for x in 0..<canvas.width where canvas[x: x, y: y].style == theme.dim {
        if let scalar = canvas[x: x, y: y].character.unicodeScalars.first,
          (0x2801...0x28FF).contains(scalar.value)
        {
          faint += 1
        }
      }
    }
    XCTAssertGreaterThan(faint, 10, "the faint trace is drawn, dim")
    var cleared = state
    XCTAssertEqual(cleared.lab?.perform(.labClearFaint), "faint trace cleared")
    XCTAssertNil(cleared.lab?.lab.ghost)
    XCTAssertEqual(cleared.lab?.perform(.labClearFaint), "no faint trace to clear")
    var renewed = state
    _ = renewed.lab?.perform(.labNewWindow)
    XCTAssertNil(renewed.lab?.lab.ghost, "r starts afresh, without the faint trace")
    // Presentation mode: the faint trace stays thin dots, the live one whole blocks.
    _ = state.lab?.perform(.labPresentation)
    let big = frame(state, 120, 40)
    XCTAssertTrue(big.contains("█"))
    XCTAssertTrue(
      big.unicodeScalars.contains { (0x2801...0x28FF).contains($0.value) }, "dots under blocks")
    XCTAssertTrue(KeyMap.help(for: .neuronLab).contains { $0.description.contains("faint") })
  }

  func testTheTransferPlot() throws {
    var state = lab()
    for _ in 0..<250 { _ = state.lab?.perform(.labStep) }  // two windows and a half
    XCTAssertEqual(state.lab?.perform(.labTransferPlot)?.hasPrefix("the transfer plot"), true)
    let controller = try XCTUnwrap(state.lab)
    XCTAssertEqual(controller.lab.windowFlows.count, 2)
    let flows = controller.lab.currentFlows
    let pooled = flows.map(\.output).reduce(0, +) / flows.map(\.input).reduce(0, +)
    XCTAssertEqual(controller.lab.pooledScaleFactor ?? 0, pooled, accuracy: 1e-6)
    state.notice = nil
    let text = frame(state, 120, 40)
    XCTAssertTrue(text.contains(String(format: "S = %.3f · 1/Vth = 1.000", pooled)), text)
    XCTAssertTrue(text.contains("─ 1/Vth") && text.contains("● window"), text)
    try checkGolden("lab-transfer-120x40", text)
    // A higher input range: new windows, the earlier ones stay (dim) beside them.
    for _ in 0..<5 { _ = state.lab?.perform(.labRangeUp) }
    for _ in 0..<201 { _ = state.lab?.perform(.labStep) }  // a window ends at the 101st
    XCTAssertEqual(state.lab?.lab.windowFlows.count, 4)
    XCTAssertEqual(state.lab?.lab.currentFlows.count, 2)
    XCTAssertLessThan(
      state.lab?.lab.pooledScaleFactor ?? 1, pooled, "S falls as the input grows")
    _ = state.lab?.perform(.labPresentation)
    state.notice = nil
    try checkGolden("lab-transfer-big-80x24", frame(state, 80, 24))
  }

  func testTheTitleNamesTheLabsNeuron() {
    var state = lab()
    XCTAssertTrue(
      frame(state, 120, 40).split(separator: "\n")[0].hasSuffix(
        "IF · hard reset · Vth=1 · input U(0, 0.5) · T=100"))
    _ = state.lab?.perform(.labReset)
    XCTAssertTrue(frame(state, 120, 40).split(separator: "\n")[0].contains("subtract reset"))
    XCTAssertFalse(frame(state, 120, 40).split(separator: "\n")[0].contains("digits"))
  }

  private func checkGolden(_ name: String, _ text: String) throws {
    let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .appendingPathComponent("Golden/\(name).txt")
    if ProcessInfo.processInfo.environment["ASF_UPDATE_GOLDEN"] == "1" {
      try (text + "\n").write(to: golden, atomically: true, encoding: .utf8)
    }
    let expected = try String(contentsOf: golden, encoding: .utf8)
    XCTAssertEqual(text + "\n", expected, "\(name) changed; ASF_UPDATE_GOLDEN=1 rewrites it")
  }
}
