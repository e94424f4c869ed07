// Key handling of the workbench: which keys send which commands, and how overlays behave.

import TerminalKit
import XCTest

@testable import SpikingCore
@testable import Workbench
@testable import WorkbenchUI

final class AppStateTests: XCTestCase {
  func snapshot(_ state: SessionState, timeSteps: Int = 30) -> SessionSnapshot {
    var s = SessionSnapshot(presetName: "p")
    s.state = state
    s.timeSteps = timeSteps
    s.layerNames = ["conv1", "avgpool1", "fc1", "output"]
    s.thresholds = [1, 0.75, 1, 1]
    return s
  }

  func testSpaceAndDotControlTraining() {
    var app = AppState()
    XCTAssertEqual(app.press(.character(" "), snapshot: snapshot(.running)), [.send(.pause)])
    XCTAssertEqual(app.press(.character(" "), snapshot: snapshot(.paused)), [.send(.resume)])
    XCTAssertEqual(app.press(.character("."), snapshot: snapshot(.paused)), [.send(.step)])
    XCTAssertEqual(app.press(.character("."), snapshot: snapshot(.running)), [])
    XCTAssertNotNil(app.notice)
  }

  func testQuittingAPlayingReplayDoesNotAsk() {
    var app = AppState()
    var replay = snapshot(.running)
    replay.source = .replay(speed: 1, position: 1, length: 2)
    XCTAssertEqual(app.press(.character("q"), snapshot: replay), [.quit])
    XCTAssertEqual(app.press(.character("q"), snapshot: snapshot(.running)), [])
    XCTAssertEqual(app.overlay, .confirmQuit, "training asks first")
  }

  func testParenthesesHalveAndDoubleTheLearningRate() {
    var app = AppState()
    XCTAssertEqual(
      app.press(.character("("), snapshot: snapshot(.running)),
      [.send(.scaleLearningRate(by: 0.5))])
    XCTAssertEqual(
      app.press(.character(")"), snapshot: snapshot(.paused)), [.send(.scaleLearningRate(by: 2))])
    var replay = snapshot(.running)
    replay.source = .replay(speed: 1, position: 1, length: 2)
    XCTAssertEqual(app.press(.character(")"), snapshot: replay), [])
    XCTAssertEqual(app.notice, "a replay shows a recorded run: it cannot change it")
  }

  /// Issue 14, point 8: < > choose the sample, j k move a window of 256 neurons of the
  /// selected layer, o and another layer go back to the whole layer.
  func testRasterKeysChooseTheSampleAndNeurons() {
    var app = AppState()
    var s = snapshot(.running)
    s.last = BatchStatistics(
      samples: 4, timeSteps: 30, loss: 1, accuracy: 0, inputSpikeRate: 0, layers: [],
      rasters: [
        SpikeRaster(layerName: "input", neuronTotal: 784, timeSteps: 30),
        SpikeRaster(layerName: "conv1", neuronTotal: 1000, timeSteps: 30),
        SpikeRaster(layerName: "fc1", neuronTotal: 200, timeSteps: 30),
      ])
    XCTAssertEqual(
      app.press(.character(">"), snapshot: s), [.send(.setRasterView(RasterView(sample: 1)))])
    XCTAssertEqual(app.notice, "rasters of sample 2 of 4 from the next batch")
    _ = app.press(.character("<"), snapshot: s)
    _ = app.press(.character("<"), snapshot: s)
    XCTAssertEqual(app.rasterView.sample, 3, "wraps around the batch")
    XCTAssertEqual(
      app.press(.character("j"), snapshot: s),
      [.send(.setRasterView(RasterView(sample: 3, activation: 1, firstNeuron: 0)))])
    _ = app.press(.character("j"), snapshot: s)
    _ = app.press(.character("j"), snapshot: s)
    _ = app.press(.character("j"), snapshot: s)
    XCTAssertEqual(app.rasterView.firstNeuron, 744, "stops at the last full page")
    XCTAssertEqual(app.notice, "conv1: neurons 744–999 of 1000 from the next batch")
    _ = app.press(.character("k"), snapshot: s)
    XCTAssertEqual(app.rasterView.firstNeuron, 488)
    XCTAssertEqual(
      app.press(.character("n"), snapshot: s),
      [.send(.setRasterView(RasterView(sample: 3)))], "another layer starts whole")
    XCTAssertEqual(app.press(.character("j"), snapshot: s), [])
    XCTAssertEqual(app.notice, "fc1 has 200 neurons: the raster shows them all")
    var replay = s
    replay.source = .replay(speed: 1, position: 1, length: 2)
    XCTAssertEqual(app.press(.character("j"), snapshot: replay), [])
  }

  func testThresholdKeysSendOneRelativeStepPerPress() {
    var app = AppState()
    XCTAssertEqual(app.selectedLayer, 0)
    // Five quick presses are five commands of +0.1, whatever the snapshot still says.
    let presses = (0..<5).flatMap { _ in app.press(.character("+"), snapshot: snapshot(.paused)) }
    XCTAssertEqual(presses, Array(repeating: .send(.nudgeThreshold(layer: 0, by: 0.1)), count: 5))
    _ = app.press(.character("n"), snapshot: snapshot(.running))
    XCTAssertEqual(
      app.press(.character("-"), snapshot: snapshot(.running)),
      [.send(.nudgeThreshold(layer: 1, by: -0.1))])
    _ = app.press(.character("*"), snapshot: snapshot(.running))
    XCTAssertEqual(
      app.press(.character("+"), snapshot: snapshot(.running)),
      [.send(.nudgeThreshold(layer: nil, by: 0.1))])
    // The input layer has no threshold.
    var input = AppState()
    input.selectedRaster = 0
    XCTAssertEqual(input.press(.character("+"), snapshot: snapshot(.running)), [])
    XCTAssertNotNil(input.notice)
  }

  func testTimeWindowKeysSendOneRelativeStepPerPress() {
    var app = AppState()
    let presses = (0..<3).flatMap { _ in app.press(.character("]"), snapshot: snapshot(.paused)) }
    XCTAssertEqual(presses, Array(repeating: .send(.longerTimeWindow), count: 3))
    XCTAssertEqual(
      app.press(.character("["), snapshot: snapshot(.running)), [.send(.shorterTimeWindow)])
  }

  func testADivergedRunResumesAndStepsLikeAPausedOne() {
    var app = AppState()
    let diverged = snapshot(.diverged(epoch: 0, batch: 3, loss: .nan))
    XCTAssertEqual(app.press(.character(" "), snapshot: diverged), [.send(.resume)])
    XCTAssertEqual(app.press(.character("."), snapshot: diverged), [.send(.step)])
  }

  func testLayerSelectionWraps() {
    var app = AppState()
    for _ in 0..<4 { _ = app.press(.character("n"), snapshot: snapshot(.running)) }
    XCTAssertEqual(app.selectedRaster, 1, "4 rasters: input + 3 hidden layers")
    _ = app.press(.character("p"), snapshot: snapshot(.running))
    _ = app.press(.character("p"), snapshot: snapshot(.running))
    XCTAssertEqual(app.selectedRaster, 3)
  }

  func testQuitAsksWhileRunning() {
    var app = AppState()
    XCTAssertEqual(app.press(.character("q"), snapshot: snapshot(.running)), [])
    XCTAssertEqual(app.overlay, .confirmQuit)
    XCTAssertEqual(app.press(.character("x"), snapshot: snapshot(.running)), [])
    XCTAssertNil(app.overlay, "any other key goes on training")
    _ = app.press(.character("q"), snapshot: snapshot(.running))
    XCTAssertEqual(app.press(.character("y"), snapshot: snapshot(.running)), [.quit])
    var paused = AppState()
    XCTAssertEqual(paused.press(.character("q"), snapshot: snapshot(.paused)), [.quit])
  }

  func testHelpOverlayAndOtherKeys() {
    var app = AppState()
    _ = app.press(.character("?"), snapshot: snapshot(.running))
    XCTAssertEqual(app.overlay, .help)
    XCTAssertEqual(
      app.press(.character(" "), snapshot: snapshot(.running)), [], "keys wait while help is shown"
    )
    _ = app.press(.escape, snapshot: snapshot(.running))
    XCTAssertNil(app.overlay)
    XCTAssertEqual(
      app.press(.character("s"), snapshot: snapshot(.running)), [.send(.saveCheckpoint(path: nil))]
    )
    _ = app.press(.character("3"), snapshot: snapshot(.running))
    XCTAssertEqual(app.screen, .experiments)
    _ = app.press(.character("2"), snapshot: snapshot(.running))
    XCTAssertEqual(app.screen, .neuronLab)
    XCTAssertNotNil(app.lab)
    _ = app.press(.character("1"), snapshot: snapshot(.running))
    XCTAssertEqual(app.screen, .train)
    _ = app.press(.tab, snapshot: snapshot(.running))
    XCTAssertEqual(app.focus, 1)
    _ = app.press(.character("Z"), snapshot: snapshot(.running))
    XCTAssertTrue(app.notice?.contains("unknown key") ?? false)
  }
}

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
