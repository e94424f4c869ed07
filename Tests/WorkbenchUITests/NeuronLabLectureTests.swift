// The neuron lab in front of a class (issue 15): the text follows the settings, S is "—"
// until there is input, every key answers with a notice, the lab opens on the Table 4
// neuron and e switches, a change leaves a labelled ghost, Table 4 fits with the paper's
// value marked, the lesson moves step by step, and presentation mode has golden frames.

import Foundation
import TerminalKit
import XCTest

@testable import SpikingCore
@testable import Workbench
@testable import WorkbenchUI

final class NeuronLabLectureTests: XCTestCase {
  private func lab() -> AppState {
    var state = AppState()
    state.showNeuronLab(.table4())
    state.lab?.paused = true
    return state
  }

  private func frame(_ state: AppState, _ width: Int = 120, _ height: Int = 40) -> String {
    TextRenderer.render(
      WorkbenchScreens.render(
        snapshot: SessionSnapshot(presetName: "p"), state: state, width: width, height: height,
        color: false))
  }

  func testTheLabOpensOnTheTable4NeuronAndESwitches() throws {
    var state = lab()
    let settings = try XCTUnwrap(state.lab?.lab.settings)
    XCTAssertEqual(settings.synapses, 40)
    XCTAssertEqual(settings.weight, 0.14375, accuracy: 1e-6, "Table 4's 5.75/40")
    XCTAssertEqual(settings.timeSteps, 100)
    XCTAssertTrue(state.lab?.isTable4Neuron ?? false)
    XCTAssertTrue(frame(state).contains("Table 4 neuron"))
    let notice = state.lab?.perform(.labSwitchNeuron)
    XCTAssertTrue(notice?.hasPrefix("the free neuron: IF") ?? false, notice ?? "")
    XCTAssertFalse(state.lab?.isTable4Neuron ?? true)
    _ = state.lab?.perform(.labRaiseThreshold)
    _ = state.lab?.perform(.labSwitchNeuron)
    XCTAssertTrue(state.lab?.isTable4Neuron ?? false)
    _ = state.lab?.perform(.labSwitchNeuron)
    XCTAssertEqual(state.lab?.lab.settings.threshold ?? 0, 1.1, accuracy: 1e-6, "kept")
    XCTAssertNil(state.lab?.lab.ghost, "another neuron's trace explains no change")
  }

  func testSIsADashUntilThereIsInput() {
    let state = lab()
    let text = frame(state)
    XCTAssertTrue(text.contains("S = FO/FI = —"), text)
    XCTAssertTrue(text.contains("S=—"), "the status bar too")
    XCTAssertFalse(text.contains("1.000   S=1"), text)
  }

  func testTheTextFollowsTheSettings() throws {
    var state = lab()
    func explanation() throws -> String {
      NeuronLabScreen(
        controller: try XCTUnwrap(state.lab), theme: Theme(glyphs: .unicode, color: false)
      ).explanation
    }
    for _ in 0..<5 { _ = state.lab?.perform(.labStep) }
    XCTAssertTrue(try explanation().contains("whatever exceeded Vth is lost"))
    XCTAssertFalse(try explanation().contains("LIF"))
    XCTAssertTrue(frame(state, 200, 50).contains("Each step the synapses that fire"))
    _ = state.lab?.perform(.labLeak)
    _ = state.lab?.perform(.labReset)
    for _ in 0..<5 { _ = state.lab?.perform(.labStep) }
    let text = try explanation()
    XCTAssertFalse(text.contains("whatever exceeded Vth is lost"), text)
    XCTAssertTrue(text.contains("Vth is subtracted from u"), text)
    XCTAssertTrue(text.contains("keeps only 99 % of itself"), text)
    let changed = frame(state, 200, 50)
    XCTAssertTrue(changed.contains("LIF λ=0.99 · subtract reset (u − Vth)"), changed)
    XCTAssertTrue(changed.contains("not the neuron above"), "the Table 4 panel says so")
  }

  func testEveryKeyAnswersWithANotice() throws {
    let commands = Set(KeyMap.neuronLab.map(\.command)).subtracting([.showTrain])
    for command in commands {
      var state = lab()
      let notice = state.lab?.perform(command)
      XCTAssertFalse((notice ?? "").isEmpty, "\(command) gave no notice")
    }
    var state = lab()
    XCTAssertEqual(
      state.lab?.perform(.labLeak), "IF → LIF λ=0.99 (the faint trace is the window before)")
    for _ in 0..<10 { _ = state.lab?.perform(.labRangeUp) }
    XCTAssertEqual(state.lab?.perform(.labRangeUp), "no change: the range already ends at 1")
  }

  func testAChangeLeavesALabelledGhost() throws {
    var state = lab()
    for _ in 0..<30 { _ = state.lab?.perform(.labStep) }
    let before = try XCTUnwrap(state.lab?.lab.history)
    _ = state.lab?.perform(.labRaiseThreshold)
    XCTAssertEqual(state.lab?.lab.ghost?.steps, before)
    XCTAssertEqual(state.lab?.lab.history.count, 0)
    for _ in 0..<10 { _ = state.lab?.perform(.labStep) }
    let text = frame(state)
    XCTAssertTrue(text.contains("faint: before Vth 1 → 1.1"), text)
    // The ghost is drawn: more of the plot is inked than the 10 new steps alone need.
    var alone = state
    alone.lab?.lab.clearGhost()
    XCTAssertGreaterThan(inked(frame(state)), inked(frame(alone)))
  }

  private func inked(_ text: String) -> Int {
    text.unicodeScalars.filter { (0x2801...0x28FF).contains($0.value) }.count
  }

  func testTable4FitsWithThePaperMarked() throws {
    for (width, height) in [(80, 24), (120, 40)] {
      var state = lab()
      _ = state.lab?.perform(.labTable4)
      let lines = frame(state, width, height).components(separatedBy: "\n")
      for row in state.lab?.table ?? [] {
        let line = try XCTUnwrap(
          lines.first { $0.contains(row.label + " ") }, "\(row.label) at \(width)×\(height)")
        XCTAssertTrue(line.contains(String(format: "%.3f", row.paper)), line)
        XCTAssertTrue(line.contains(String(format: "%.3f", row.mean)), line)
        // The bar, then the paper's mark (│) inside the right panel.
        let right = String(line.suffix(from: line.index(line.startIndex, offsetBy: width / 2)))
        XCTAssertTrue(right.contains("█") && right.dropFirst().contains("│"), line)
      }
    }
  }

  func testTheLessonMovesStepByStep() throws {
    var state = lab()
    XCTAssertEqual(state.lab?.perform(.labNextStep), "n and p move through the lesson: g starts it")
    XCTAssertEqual(state.lab?.perform(.labLesson), "lesson 1/10: Integrate")
    XCTAssertEqual(state.lab?.lab.settings.threshold, 10)
    XCTAssertTrue(frame(state).contains("Lesson 1/10 · Integrate"))
    for _ in 0..<20 { state.lab?.tick() }
    XCTAssertEqual(state.lab?.perform(.labNextStep), "lesson 2/10: Fire")
    XCTAssertEqual(state.lab?.lab.settings.threshold, 1)
    XCTAssertEqual(state.lab?.lab.ghost?.steps.count, 20, "step 1's trace stays, faint")
    XCTAssertEqual(state.lab?.perform(.labPreviousStep), "lesson 1/10: Integrate")
    XCTAssertEqual(state.lab?.perform(.labPreviousStep), "the first step: n goes on, g leaves")
    for _ in 0..<9 { _ = state.lab?.perform(.labNextStep) }
    XCTAssertEqual(state.lab?.perform(.labNextStep), "the last step of 10: p goes back, g leaves")
    XCTAssertTrue(frame(state).contains("How ASF-BP uses S"))
    XCTAssertEqual(
      state.lab?.perform(.labLesson), "lesson left; the neuron stays as the last step set it")
    XCTAssertTrue(frame(state).contains("What you see"))
  }

  /// Golden frames: presentation mode at 80×24 and 120×40, and a lesson step at 120×40.
  func testGoldenFramesOfPresentationAndLesson() throws {
    var big = lab()
    _ = big.lab?.perform(.labLesson)
    _ = big.lab?.perform(.labNextStep)
    _ = big.lab?.perform(.labPresentation)
    for _ in 0..<30 { _ = big.lab?.perform(.labStep) }
    big.notice = nil
    try check("neuron-lab-big-80x24", frame(big, 80, 24))
    try check("neuron-lab-big-120x40", frame(big, 120, 40))
    XCTAssertTrue(frame(big, 120, 40).contains("━"), "a solid threshold line")
    XCTAssertTrue(frame(big, 120, 40).contains("█▀█"), "S in large figures")
    var lesson = lab()
    _ = lesson.lab?.perform(.labLesson)
    _ = lesson.lab?.perform(.labNextStep)
    _ = lesson.lab?.perform(.labNextStep)
    for _ in 0..<35 { _ = lesson.lab?.perform(.labStep) }
    lesson.notice = nil
    try check("neuron-lab-lesson", frame(lesson, 120, 40))
  }

  private func check(_ name: String, _ text: String) throws {
    let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .appendingPathComponent("Golden/\(name).txt")
    if ProcessInfo.processInfo.environment["ASF_UPDATE_GOLDEN"] == "1" {
      try (text + "\n").write(to: golden, atomically: true, encoding: .utf8)
    }
    let expected = try String(contentsOf: golden, encoding: .utf8)
    XCTAssertEqual(text + "\n", expected, "\(name) changed; ASF_UPDATE_GOLDEN=1 rewrites it")
  }
}
