// Comparing two runs (issue 14, point 12): c on a recorded run of the Experiments screen
// overlays its accuracy, loss and scale-factor curves, dim and named, on the Train screen; c
// again stops; a preset cannot be compared.

import Foundation
import TerminalKit
import XCTest

@testable import Workbench
@testable import WorkbenchUI

final class CompareRunsTests: XCTestCase {
  func testCOverlaysARecordedRunAndCAgainStops() throws {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("cmp-\(UUID())").path
    defer { try? FileManager.default.removeItem(atPath: root) }
    let folder = root + "/baseline-run"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    try Preset(name: "recorded").yaml.write(
      toFile: folder + "/preset.yaml", atomically: true, encoding: .utf8)
    let lines = (0..<20).map { batch in
      "{\"type\":\"batch\",\"epoch\":0,\"batch\":\(batch),\"loss\":1,\"accuracy\":0.5,\"lr\":0.001,\"T\":10,\"samples_per_s\":5,\"scale\":[0.5,0.7],\"spike_rate\":[0.1,0.1],\"vth\":[1,1]}"
    }
    try (lines.joined(separator: "\n") + "\n").write(
      toFile: folder + "/metrics.jsonl", atomically: true, encoding: .utf8)

    var app = AppState()
    var live = SessionSnapshot(presetName: "p")
    live.state = .paused
    app.screen = .experiments
    let run = ExperimentItem(kind: .run, name: folder, detail: "", data: "", time: "")
    let preset = ExperimentItem(
      kind: .preset, name: "digits-lenet-if", detail: "", data: "", time: "")
    app.experiments = [preset, run]
    app.selectedExperiment = 0
    XCTAssertEqual(app.press(.character("c"), snapshot: live), [])
    XCTAssertEqual(app.notice, "only a recorded run can be compared: digits-lenet-if is a preset")

    app.selectedExperiment = 1
    let actions = app.handle(.character("c"), snapshot: live)
    XCTAssertEqual(actions, [.compare(run)])
    XCTAssertEqual(app.carryOut(actions), [], "the UI reads the recording itself")
    XCTAssertEqual(app.comparison?.name, "baseline-run")
    XCTAssertEqual(app.comparison?.snapshot.batchesDone, 20)

    // The live run has no curves yet, the compared one does: its legend entries are named.
    for i in 0..<5 {
      live.accuracy.append(Float(i) / 5)
      live.loss.append(1)
    }
    live.batchesDone = 5
    live.scaleFactors = [DecimatedSeries(), DecimatedSeries()]
    live.last = app.comparison?.snapshot.last
    for s in live.scaleFactors.indices { live.scaleFactors[s].append(0.6) }
    app.screen = .train
    let frame = TextRenderer.render(
      WorkbenchScreens.render(snapshot: live, state: app, width: 200, height: 60, color: false))
    // Issue 26, point 2: both runs in the one-line legend and the table of final figures.
    XCTAssertTrue(frame.contains("── p (this run)  ── baseline-run"), frame)
    XCTAssertTrue(frame.contains("epoch train%  test%   loss"), frame)

    app.screen = .experiments
    XCTAssertEqual(app.handle(.character("c"), snapshot: live), [])
    XCTAssertNil(app.comparison, "c again stops comparing it")
    XCTAssertEqual(app.notice, "no comparison")
  }
}
