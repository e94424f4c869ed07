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
