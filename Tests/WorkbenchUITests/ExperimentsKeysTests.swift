// Keys of the Experiments screen: Enter starts a preset, replays a run or charts a result;
// long presets ask first; a pause requested early says when it takes effect; and the test
// helper that presses a key as the loop would.

import TerminalKit
import XCTest

@testable import SpikingCore
@testable import Workbench
@testable import WorkbenchUI

final class ExperimentsKeysTests: XCTestCase {
  func testEnterStartsThePresetOrReplaysTheRun() {
    var app = AppState()
    let snapshot = SessionSnapshot(presetName: "p")
    _ = app.press(.character("3"), snapshot: snapshot)
    XCTAssertEqual(app.screen, .experiments)
    XCTAssertTrue(app.experiments.contains { $0.name == "digits-lenet-if" && $0.kind == .preset })
    let run = ExperimentItem(kind: .run, name: "runs/x", detail: "", data: "", time: "")
    app.experiments.append(run)
    for _ in 0..<(app.experiments.count + 3) { _ = app.press(.down, snapshot: snapshot) }
    XCTAssertEqual(app.selectedExperiment, app.experiments.count - 1, "stops at the last row")
    XCTAssertEqual(app.press(.enter, snapshot: snapshot), [.open(run)])
    XCTAssertEqual(app.screen, .train)
    _ = app.press(.character("3"), snapshot: snapshot)
    let table4 = app.experiments.firstIndex { $0.name == "table4-scale-factor" }!
    app.selectedExperiment = table4
    XCTAssertEqual(app.press(.enter, snapshot: snapshot), [], "Table 4 opens in the lab")
    XCTAssertEqual(app.screen, .neuronLab)
    XCTAssertEqual(app.lab?.table.count, 6)
  }

  /// Issue 14, point 10: the cursor starts on the quick default preset; a preset that would
  /// take more than ten minutes here asks first, with the estimate.
  func testLongPresetsAskBeforeTheyStart() {
    var app = AppState()
    let snapshot = SessionSnapshot(presetName: "p")
    _ = app.press(.character("3"), snapshot: snapshot)
    XCTAssertEqual(app.experiments[app.selectedExperiment].name, PresetLibrary.defaultName)
    let long = app.experiments.first { $0.name == "mnist-lenet-if" }!
    XCTAssertGreaterThan(long.seconds ?? 0, AppState.longStart)
    app.selectedExperiment = app.experiments.firstIndex(of: long)!
    XCTAssertEqual(app.press(.enter, snapshot: snapshot), [], "asks first")
    XCTAssertEqual(app.overlay, .confirmStart(long))
    let frame = TextRenderer.render(
      WorkbenchScreens.render(snapshot: snapshot, state: app, width: 80, height: 24, color: false))
    XCTAssertTrue(frame.contains("Start mnist-lenet-if? It takes about \(long.time) here"), frame)
    XCTAssertEqual(app.press(.character("x"), snapshot: snapshot), [])
    XCTAssertNil(app.overlay)
    XCTAssertEqual(app.notice, "not started")
    XCTAssertEqual(app.screen, .experiments)
    _ = app.press(.enter, snapshot: snapshot)
    XCTAssertEqual(app.press(.enter, snapshot: snapshot), [.open(long)], "Enter confirms")
    XCTAssertEqual(app.screen, .train)
    // The quick default starts at once.
    _ = app.press(.character("3"), snapshot: snapshot)
    app.selectedExperiment = app.experiments.firstIndex { $0.name == PresetLibrary.defaultName }!
    XCTAssertEqual(
      app.press(.enter, snapshot: snapshot), [.open(app.experiments[app.selectedExperiment])])
  }

  func testAPauseSaysWhenItWillTakeEffect() {
    var app = AppState()
    var snapshot = SessionSnapshot(presetName: "p")
    snapshot.state = .running
    XCTAssertEqual(app.press(.character(" "), snapshot: snapshot), [.send(.pause)])
    XCTAssertEqual(app.notice, "pausing after this batch")
    snapshot.state = .idle
    XCTAssertEqual(app.press(.character(" "), snapshot: snapshot), [.send(.pause)])
    XCTAssertEqual(app.notice, "pausing as soon as the data is read, before the first batch")
  }

  func testEnterOnTheFigureThreePresetStartsAMeasurement() {
    var app = AppState()
    let snapshot = SessionSnapshot(presetName: "p")
    _ = app.press(.character("3"), snapshot: snapshot)
    let fig3 = app.experiments.firstIndex { $0.name == "fig3-training-time" }!
    app.selectedExperiment = fig3
    XCTAssertEqual(app.press(.enter, snapshot: snapshot), [.measureSpeed])
    XCTAssertEqual(app.screen, .experiments, "the chart of the measurement shows here")
  }

  func testEnterChartsASweepOrSpeedComparisonAndBackReturnsToTheList() throws {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("experiments-\(UUID())").path
    defer { try? FileManager.default.removeItem(atPath: folder) }
    for name in ["sweep", "speed", "broken"] {
      try FileManager.default.createDirectory(
        atPath: folder + "/" + name, withIntermediateDirectories: true)
    }
    let runs = [SweepRun(timeSteps: 100, folder: "", testAccuracy: [0.5, 0.875], seconds: 1)]
    try TimeWindowSweep.csv(runs).write(
      toFile: folder + "/sweep/sweep.csv", atomically: true, encoding: .utf8)
    let comparison = SpeedComparison(
      architecture: "lenet", batchSize: 64,
      rows: [.init(timeSteps: 200, asfSecondsPerBatch: 0.5, bpttSecondsPerBatch: 1.7)])
    try comparison.csv().write(
      toFile: folder + "/speed/asf-vs-bptt.csv", atomically: true, encoding: .utf8)
    try "time_steps,epoch\n".write(
      toFile: folder + "/broken/sweep.csv", atomically: true, encoding: .utf8)

    var app = AppState()
    let snapshot = SessionSnapshot(presetName: "p")
    _ = app.press(.character("3"), snapshot: snapshot)
    app.experiments = [
      ExperimentItem(kind: .sweep, name: folder + "/sweep", detail: "", data: "", time: ""),
      ExperimentItem(kind: .speed, name: folder + "/speed", detail: "", data: "", time: ""),
      ExperimentItem(kind: .sweep, name: folder + "/broken", detail: "", data: "", time: ""),
    ]
    app.selectedExperiment = 0
    func frame() -> String {
      TextRenderer.render(
        WorkbenchScreens.render(snapshot: snapshot, state: app, width: 80, height: 24, color: false)
      )
    }

    XCTAssertEqual(app.press(.enter, snapshot: snapshot), [], "a chart starts no session")
    XCTAssertEqual(app.screen, .experiments)
    XCTAssertEqual(
      app.openResult,
      .sweep(
        folder: folder + "/sweep",
        runs: runs.map {
          SweepRun(
            timeSteps: $0.timeSteps, folder: folder + "/sweep/T100",
            testAccuracy: $0.testAccuracy, seconds: $0.seconds)
        }))
    XCTAssertTrue(frame().contains("sweep · test accuracy per epoch"), frame())
    XCTAssertTrue(frame().contains("87.50 %") && frame().contains("back to the list"), frame())
    XCTAssertEqual(app.press(.down, snapshot: snapshot), [])
    XCTAssertEqual(app.selectedExperiment, 0, "the list does not move under a chart")
    _ = app.press(.escape, snapshot: snapshot)
    XCTAssertNil(app.openResult)
    XCTAssertEqual(app.screen, .experiments, "Esc goes back to the list, not to Train")
    XCTAssertTrue(frame().contains("Experiments · ↑/↓ choose"), frame())

    _ = app.press(.down, snapshot: snapshot)
    _ = app.press(.enter, snapshot: snapshot)
    XCTAssertEqual(app.openResult, .speed(folder: folder + "/speed", comparison: comparison))
    XCTAssertTrue(frame().contains("T=200 ASF-BP") && frame().contains("3.4x"), frame())
    _ = app.press(.enter, snapshot: snapshot)
    XCTAssertNil(app.openResult, "Enter goes back too")

    _ = app.press(.down, snapshot: snapshot)
    _ = app.press(.enter, snapshot: snapshot)
    guard case .unreadable(_, let reason) = app.openResult else {
      return XCTFail("a broken folder opens as an error: \(String(describing: app.openResult))")
    }
    XCTAssertTrue(reason.contains("broken/sweep.csv"), reason)
    XCTAssertTrue(frame().contains("Cannot show") && frame().contains("not a sweep CSV"), frame())
    _ = app.press(.backspace, snapshot: snapshot)
    XCTAssertNil(app.openResult)

    _ = app.press(.enter, snapshot: snapshot)
    XCTAssertEqual(app.press(.character("q"), snapshot: snapshot), [.quit], "q still quits")
    _ = app.press(.character("3"), snapshot: snapshot)
    XCTAssertNil(app.openResult, "3 reopens the list")
  }
}

extension AppState {
  /// A key as the loop handles it: the UI-only effects (catalogue, charts, the lab) carried
  /// out, the others returned. The catalogue lists the shipped presets and no recorded runs,
  /// whatever the working directory's runs/ holds.
  mutating func press(_ key: Key, snapshot: SessionSnapshot) -> [AppAction] {
    carryOut(
      handle(key, snapshot: snapshot),
      catalogue: { ExperimentCatalogue.items(runsFolder: "/nonexistent/asf-tui-test-runs") })
  }
}
