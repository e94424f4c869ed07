// Golden text frames of the Train screen's panels (issue 14): the default layout at 120×40
// and the wide one at 250×70 (layer table and log beside the plots), each panel zoomed (the
// per-layer table, the log, the latency curve, the curves with a compared run), a raster
// window, and the first batch's progress at 80×24. The snapshot is built from formulas, not
// trained, so the frames do not depend on floating-point details of a machine.
// Tests/WorkbenchUITests/Golden/train-*.txt; ASF_UPDATE_GOLDEN=1 rewrites them.

import Foundation
import SpikingCore
import TerminalKit
import WidgetTestSupport
import XCTest

@testable import Workbench
@testable import WorkbenchUI

final class GoldenFramesTests: XCTestCase {
  static let layerNames = ["conv1", "avgpool1", "conv2", "avgpool2", "fc1"]
  static let sizes = [15680, 3920, 9800, 2450, 200]

  /// One batch's statistics: histograms, rates and rasters from simple formulas.
  /// With `window`, conv1's raster is the window of 256 neurons from neuron 512.
  static func statistics(timeSteps: Int, window: Bool = false) -> BatchStatistics {
    var layers: [LayerStatistics] = []
    for (l, name) in layerNames.enumerated() {
      let counts = (0..<16).map { bin in max(0, 400 - (bin - 2 - l) * (bin - 2 - l) * 25) }
      let outputs = (0..<16).map { bin in bin == 0 ? 900 - 100 * l : max(0, 160 - bin * 10) }
      var layer = LayerStatistics(
        name: name, neuronCount: sizes[l], threshold: l % 2 == 1 ? 0.75 : 1,
        scaleFactor: 0.62 - Float(l) * 0.05, spikeRate: 0.09 - Float(l) * 0.012,
        inputFlow: Histogram(lower: -1, upper: 3, counts: counts),
        outputFlow: Histogram(lower: 0, upper: Float(timeSteps), counts: outputs))
      layer.meanInputFlow = 0.21 - Float(l) * 0.03
      layer.silentShare = 0.35 + Float(l) * 0.08
      layer.saturatedShare = l == 4 ? 0.015 : 0
      layer.synapticOperations = Double(sizes[l]) * 9.5
      layers.append(layer)
    }
    let totals = [784] + sizes.dropLast()
    let rasters = zip(["input"] + layerNames.dropLast(), totals).enumerated().map { a, pair in
      var bits = [UInt8](repeating: 0, count: 256 * timeSteps)
      for row in 0..<256 {
        for step in 0..<timeSteps where (row * 7 + step * (3 + a)) % (11 + row % 5) == 0 {
          bits[row * timeSteps + step] = 1
        }
      }
      return SpikeRaster(
        layerName: pair.0, neuronTotal: pair.1, timeSteps: timeSteps,
        window: window && a == 1 ? 512 : nil, bits: bits)
    }
    var stats = BatchStatistics(
      samples: 60, timeSteps: timeSteps, loss: 21.3, accuracy: 0.9, inputSpikeRate: 0.066,
      layers: layers, rasters: rasters)
    stats.outputSynapticOperations = 2_000
    return stats
  }

  /// A paused run in its second epoch with 300 batches of curves behind it.
  static func snapshot() -> SessionSnapshot {
    var s = SessionSnapshot(presetName: "digits-lenet-if")
    s.state = .paused
    s.datasetName = "synthetic-digits-train"
    s.neuronModel = "IF"
    s.epoch = 1
    s.epochs = 3
    s.batch = 112
    s.batchesPerEpoch = 188
    s.samplesPerSecond = 412
    s.secondsRemaining = 95
    s.timeSteps = 30
    s.learningRate = 8.5e-4
    s.layerNames = layerNames
    s.thresholds = [1, 0.75, 1, 0.75, 1]
    s.last = statistics(timeSteps: 30)
    s.scaleFactors = layerNames.map { _ in DecimatedSeries() }
    for b in 0..<300 {
      let x = Float(b) / 300
      s.loss.append(1.0 - 0.8 * x + 0.05 * sin(Float(b)))
      s.accuracy.append(0.1 + 0.8 * x * (2 - x) + 0.03 * cos(Float(b)))
      for l in layerNames.indices {
        s.scaleFactors[l].append(0.62 - Float(l) * 0.05 + 0.1 * x * Float(l % 3))
      }
    }
    s.batchesDone = 300
    s.testAccuracy = [0.91]
    s.latency = [(1, 0.1), (2, 0.35), (5, 0.78), (15, 0.9), (30, 0.91)].map {
      InferencePoint(
        timeSteps: $0.0, accuracy: $0.1, synapticOperations: Double($0.0) * 61_000, seconds: 0.1)
    }
    s.runFolder = "runs/digits-lenet-if"
    return s
  }

  static func appState() -> AppState {
    var state = AppState()
    state.log.add(
      .notice, "training digits-lenet-if: 10000 train / 2000 test samples", time: "09:14:02")
    state.log.add(.epoch, "epoch 1: test accuracy 91.00 %, S = 0.62 0.57 0.52", time: "09:14:40")
    state.log.add(
      .checkpoint, "checkpoint saved: runs/digits-lenet-if/checkpoint.asfck", time: "09:14:40")
    state.log.add(.warning, "T 30 → 50 refused: batch memory above the limit", time: "09:15:03")
    state.log.add(.notice, "paused", time: "09:15:10")
    return state
  }

  /// A recorded run to compare with: 200 batches, lower accuracy, two scale factors.
  static func compared() -> (name: String, snapshot: SessionSnapshot) {
    var s = SessionSnapshot(presetName: "baseline")
    s.scaleFactors = [DecimatedSeries(), DecimatedSeries()]
    for b in 0..<200 {
      let x = Float(b) / 200
      s.loss.append(1.0 - 0.6 * x)
      s.accuracy.append(0.1 + 0.6 * x)
      s.scaleFactors[0].append(0.5 + 0.1 * x)
      s.scaleFactors[1].append(0.7 - 0.1 * x)
    }
    s.batchesDone = 200
    s.batchesPerEpoch = 100
    return ("baseline-run", s)
  }

  private func check(
    _ name: String, snapshot: SessionSnapshot = snapshot(), state: AppState = appState(),
    width: Int = 120, height: Int = 40, file: StaticString = #filePath, line: UInt = #line
  ) throws {
    let canvas = WorkbenchScreens.render(
      snapshot: snapshot, state: state, width: width, height: height, color: false)
    let text = TextRenderer.render(canvas) + "\n"
    let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .appendingPathComponent("Golden/\(name).txt")
    if ProcessInfo.processInfo.environment["ASF_UPDATE_GOLDEN"] == "1" {
      try text.write(to: golden, atomically: true, encoding: .utf8)
    }
    let expected = try String(contentsOf: golden, encoding: .utf8)
    XCTAssertEqual(
      text, expected, "\(name) changed; rerun with ASF_UPDATE_GOLDEN=1 if intended", file: file,
      line: line)
  }

  private func pressed(_ keys: [Key], _ state: AppState = appState()) -> AppState {
    var state = state
    for key in keys { _ = state.press(key, snapshot: Self.snapshot()) }
    state.notice = nil
    return state
  }

  func testTheTrainScreenAt120And250Columns() throws {
    try check("train-120x40")
    try check("train-250x70", width: 250, height: 70)
  }

  func testZoomedPanels() throws {
    try check("train-layers-zoomed", state: pressed([.character("L")]))
    try check("train-log-zoomed", state: pressed([.character("l")]))
    try check("train-latency-zoomed", state: pressed([.character("t")]))
  }

  func testTheComparisonOverlay() throws {
    var state = Self.appState()
    state.comparison = Self.compared()
    try check("train-compare-120x40", state: state)
    try check(
      "train-compare-curves-zoomed", state: pressed([.tab, .tab, .tab, .character("z")], state))
  }

  func testARasterWindowAndTheFirstBatch() throws {
    var windowed = Self.snapshot()
    windowed.last = Self.statistics(timeSteps: 30, window: true)
    var state = Self.appState()
    state.selectedRaster = 1
    try check("train-raster-window", snapshot: windowed, state: state, width: 100, height: 30)

    var first = SessionSnapshot(presetName: "cifar10-vgg7-if")
    first.state = .running
    first.datasetName = "cifar10-train"
    first.neuronModel = "IF"
    first.epochs = 100
    first.batchesPerEpoch = 100
    first.timeSteps = 400
    first.learningRate = 5e-4
    first.layerNames = ["conv1"]
    first.thresholds = [2]
    first.work = .init(stage: WorkProgress.forwardStage, done: 37, total: 100)
    try check("train-first-batch-80x24", snapshot: first, state: AppState(), width: 80, height: 24)
  }

  /// Issue 26, point 9: the Train screen and its comparison overlay as pictures drawn by
  /// librsvg (image viewers, slide tools): no ink of a plot, bar or text on any panel border.
  func testLibrsvgDrawsTheTrainScreenInsideItsPanels() throws {
    var compared = Self.appState()
    compared.comparison = Self.compared()
    for (name, state) in [("train", Self.appState()), ("compare", compared)] {
      let canvas = WorkbenchScreens.render(
        snapshot: Self.snapshot(), state: state, width: 120, height: 40, color: true)
      let picture: RenderedPicture
      do {
        picture = try RenderedPicture.rendering(svg: SVGRenderer.render(canvas, title: name))
      } catch RenderedPicture.Failure.noRenderer {
        throw XCTSkip("rsvg-convert is not here (apt librsvg2-bin)")
      }
      XCTAssertEqual(picture.inkOffBorders(of: canvas), [], name)
    }
  }

  /// Issue 26, point 8: at 80×24 the Help page scrolls through every key of the context, the
  /// mouse, the glossary and where to start; golden frames of its top, a page down and the
  /// glossary.
  func testTheHelpPageScrollsAt80x24() throws {
    var state = AppState()
    (state.terminalWidth, state.terminalHeight) = (80, 24)
    let snapshot = Self.snapshot()
    _ = state.handle(.character("?"), snapshot: snapshot)
    try check("help-80x24", snapshot: snapshot, state: state, width: 80, height: 24)
    var seen = Set<String>()
    var previous = -1
    while state.helpScroll != previous {
      previous = state.helpScroll
      let canvas = WorkbenchScreens.render(
        snapshot: snapshot, state: state, width: 80, height: 24, color: false)
      seen.formUnion(TextRenderer.render(canvas).components(separatedBy: "\n"))
      _ = state.handle(.down, snapshot: snapshot)
    }
    let text = seen.joined(separator: "\n")
    for entry in KeyMap.help(for: .train) {
      XCTAssertTrue(text.contains("│ \(entry.key) "), "\(entry.key) never shows")
    }
    for word in ["click a panel", "wheel", "saturated", "SOPs", "FI ", "new to spikes?"] {
      XCTAssertTrue(text.contains(word), word)
    }
    XCTAssertTrue(
      text.range(of: #"1–19 of \d+ · Esc closes"#, options: .regularExpression) != nil,
      "the footer counts the rows")
    _ = state.handle(.home, snapshot: snapshot)
    _ = state.handle(.pageDown, snapshot: snapshot)
    try check("help-80x24-page-2", snapshot: snapshot, state: state, width: 80, height: 24)
    while !(try frameText(snapshot, state).contains("Words on the screens")) {
      _ = state.handle(.down, snapshot: snapshot)
    }
    for _ in 0..<15 { _ = state.handle(.down, snapshot: snapshot) }
    try check("help-glossary-80x24", snapshot: snapshot, state: state, width: 80, height: 24)
    _ = state.handle(.escape, snapshot: snapshot)
    XCTAssertNil(state.overlay)
  }

  /// The Train screen at 80×24.
  func testTheTrainScreenAt80x24() throws {
    try check("train-80x24", width: 80, height: 24)
  }

  private func frameText(_ snapshot: SessionSnapshot, _ state: AppState) throws -> String {
    TextRenderer.render(
      WorkbenchScreens.render(snapshot: snapshot, state: state, width: 80, height: 24, color: false)
    )
  }
}
