// The per-layer table (issue 14, point 1): its rows follow the batch's statistics, "—" marks
// what an older recording lacks, the total adds every layer and the output; Tab reaches it,
// z zooms the focused panel and Esc goes back; wide terminals give it a column of its own.

import TerminalKit
import XCTest

@testable import SpikingCore
@testable import Workbench
@testable import WorkbenchUI

final class LayerTableTests: XCTestCase {
  private func statistics(recorded: Bool) -> BatchStatistics {
    let histogram = Histogram(lower: 0, upper: 1, binCount: 4)
    var conv = LayerStatistics(
      name: "conv1", neuronCount: 3920, threshold: 1, scaleFactor: 0.6923, spikeRate: 0.0412,
      inputFlow: histogram, outputFlow: histogram)
    var fc = LayerStatistics(
      name: "fc1", neuronCount: 200, threshold: 1.5, scaleFactor: 0.78, spikeRate: 0.5,
      inputFlow: histogram, outputFlow: histogram)
    if recorded {
      conv.meanInputFlow = 0.25
      conv.silentShare = 0.5
      conv.saturatedShare = 0
      conv.synapticOperations = 125_000
      fc.meanInputFlow = -0.125
      fc.silentShare = 0.02
      fc.saturatedShare = 0.1
      fc.synapticOperations = 40_000
    }
    var stats = BatchStatistics(
      samples: 4, timeSteps: 100, loss: 1, accuracy: 0.5, inputSpikeRate: 0.06,
      layers: [conv, fc], rasters: [])
    if recorded { stats.outputSynapticOperations = 2_000 }
    return stats
  }

  func testRowsFollowTheStatistics() {
    let rows = LayerTable(statistics: statistics(recorded: true)).rows
    XCTAssertEqual(
      rows[0], ["conv1", "3920", "1.00", "0.692", "4.1 %", "0.250", "50.0 %", "0.0 %", "125k"])
    XCTAssertEqual(
      rows[1], ["fc1", "200", "1.50", "0.780", "50.0 %", "-0.125", "2.0 %", "10.0 %", "40k"])
    XCTAssertEqual(rows[2].first, "output")
    XCTAssertEqual(rows[2].last, "2000")
    XCTAssertEqual(rows[3].first, "total")
    XCTAssertEqual(rows[3].last, "167k")
  }

  func testOlderRecordingsShowDashes() {
    let table = LayerTable(statistics: statistics(recorded: false))
    XCTAssertEqual(Array(table.rows[0][5...]), ["—", "—", "—", "—"])
    XCTAssertNil(table.totalOperations)
    XCTAssertEqual(table.rows[3].last, "—")
  }

  private func frame(_ state: AppState, width: Int, height: Int) -> String {
    var snapshot = SessionSnapshot(presetName: "p")
    snapshot.state = .paused
    snapshot.last = statistics(recorded: true)
    let canvas = WorkbenchScreens.render(
      snapshot: snapshot, state: state, width: width, height: height, color: false)
    return TextRenderer.render(canvas)
  }

  func testWideScreensShowTheTableBesideThePlots() {
    let state = AppState()
    XCTAssertTrue(frame(state, width: 200, height: 60).contains("Layers · last batch"))
    XCTAssertTrue(frame(state, width: 200, height: 60).contains("Flows · conv1"))
    XCTAssertFalse(frame(state, width: 120, height: 40).contains("Layers · last batch"))
  }

  func testTabReachesTheTableAndZoomFillsTheScreen() {
    var app = AppState()
    var snapshot = SessionSnapshot(presetName: "p")
    snapshot.state = .running
    for _ in 0..<4 { _ = app.press(.tab, snapshot: snapshot) }
    XCTAssertEqual(app.focus, TrainScreen.layerTablePanel)
    let narrow = frame(app, width: 120, height: 40)
    XCTAssertTrue(narrow.contains("Layers · last batch"), "takes the flows' place when focused")
    XCTAssertFalse(narrow.contains("Flows · conv1"))

    _ = app.press(.character("z"), snapshot: snapshot)
    XCTAssertTrue(app.zoomed)
    let zoomed = frame(app, width: 120, height: 40)
    XCTAssertTrue(zoomed.contains("Layers · last batch"))
    XCTAssertFalse(zoomed.contains("Spikes"), "only the zoomed panel is drawn")
    XCTAssertTrue(zoomed.contains("silent: never fired"), "the zoomed table explains its columns")

    _ = app.press(.escape, snapshot: snapshot)
    XCTAssertFalse(app.zoomed)
    XCTAssertEqual(app.screen, .train)
    _ = app.press(.character("1"), snapshot: snapshot)
    _ = app.press(.tab, snapshot: snapshot)  // the log
    _ = app.press(.tab, snapshot: snapshot)  // the latency curve
    _ = app.press(.tab, snapshot: snapshot)  // the raster again
    XCTAssertEqual(app.focus, 0)
    _ = app.press(.enter, snapshot: snapshot)
    XCTAssertTrue(app.zoomed, "Enter zooms too")
    XCTAssertTrue(frame(app, width: 80, height: 24).contains("Spikes"))

    var other = AppState()
    _ = other.press(.character("L"), snapshot: snapshot)
    XCTAssertTrue(other.zoomed)
    XCTAssertEqual(other.focus, TrainScreen.layerTablePanel)
  }

  /// The method arena: a run with gradient checks gets a "cos BPTT" column (a dash for layers
  /// without weights) and, zoomed, each weight layer's cosine at every check; a run without
  /// keeps the table as it was.
  func testGradientChecksAddAColumnAndACurve() {
    let plain = LayerTable(statistics: statistics(recorded: true))
    XCTAssertFalse(plain.columns.map(\.title).contains("cos BPTT"))
    let checked = LayerTable(statistics: statistics(recorded: true), agreement: [0.912, nil, 0.5])
    XCTAssertEqual(checked.columns.last?.title, "cos BPTT")
    XCTAssertEqual(checked.rows.map { $0.last }, ["0.912", "—", "0.500", ""])
    var snapshot = SessionSnapshot(presetName: "p")
    snapshot.state = .paused
    snapshot.last = statistics(recorded: true)
    snapshot.agreement = [0.912, nil, 0.5]
    snapshot.agreementLayers = ["conv1", "output"]
    snapshot.agreementHistory = [DecimatedSeries(), DecimatedSeries()]
    for k in 0..<5 {
      snapshot.agreementHistory[0].append(0.9 + 0.01 * Float(k))
      snapshot.agreementHistory[1].append(0.4)
    }
    var app = AppState()
    _ = app.press(.character("L"), snapshot: snapshot)
    let text = TextRenderer.render(
      WorkbenchScreens.render(snapshot: snapshot, state: app, width: 120, height: 40, color: false))
    XCTAssertTrue(text.contains("cos BPTT") && text.contains("0.912"), text)
    XCTAssertTrue(text.contains("gradient check") && text.contains("conv1"), text)
  }
}
