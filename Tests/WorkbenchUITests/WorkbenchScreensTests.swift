// Whole frames of the workbench through the text renderer: the too-small screen, the status
// bar with the values in force, the help overlay, and every size up to 250×70.

import TerminalKit
import XCTest

@testable import SpikingCore
@testable import Workbench
@testable import WorkbenchUI

final class WorkbenchScreensTests: XCTestCase {
  func sampleSnapshot() -> SessionSnapshot {
    var s = SessionSnapshot(presetName: "digits-lenet-if")
    s.state = .paused
    s.datasetName = "synthetic-digits-train"
    s.neuronModel = "IF"
    s.epochs = 2
    s.batchesPerEpoch = 10
    s.batch = 5
    s.timeSteps = 8
    s.learningRate = 8.5e-4
    s.layerNames = ["conv1", "fc1", "output"]
    s.thresholds = [1.25, 1, 1]
    var raster = SpikeRaster(layerName: "conv1", neuronTotal: 4, timeSteps: 8)
    raster.bits[0 * 8 + 1] = 1
    var histogram = Histogram(lower: 0, upper: 1, binCount: 4)
    [Float(0.1), 0.1, 0.6].withUnsafeBufferPointer { histogram.add($0) }
    let layer = LayerStatistics(
      name: "conv1", neuronCount: 4, threshold: 1.25, scaleFactor: 0.5, spikeRate: 0.25,
      inputFlow: histogram, outputFlow: histogram)
    s.last = BatchStatistics(
      samples: 2, timeSteps: 8, loss: 0.5, accuracy: 0.5, inputSpikeRate: 0.1, layers: [layer],
      rasters: [SpikeRaster(layerName: "input", neuronTotal: 3, timeSteps: 8), raster])
    for i in 0..<12 {
      s.accuracy.append(Float(i) / 12)
      s.loss.append(1 - Float(i) / 12)
    }
    s.scaleFactors = [DecimatedSeries()]
    for _ in 0..<12 { s.scaleFactors[0].append(0.5) }
    return s
  }

  func lines(_ canvas: Canvas) -> [String] {
    TextRenderer.render(canvas).components(separatedBy: "\n")
  }

  func testTooSmallBelow80x24() {
    let canvas = WorkbenchScreens.render(
      snapshot: sampleSnapshot(), state: AppState(), width: 79, height: 24, color: false)
    XCTAssertTrue(
      TextRenderer.render(canvas).contains("terminal too small: need 80×24 (now 79×24)"))
    let fits = WorkbenchScreens.render(
      snapshot: sampleSnapshot(), state: AppState(), width: 80, height: 24, color: false)
    XCTAssertFalse(TextRenderer.render(fits).contains("too small"))
  }

  /// Issue 12, point 15: a run that could not start shows its whole error, wrapped, once,
  /// with what to do, instead of one clipped line in each of four panels.
  func testAFailedStartShowsTheWholeErrorInOnePlace() {
    var snapshot = SessionSnapshot(presetName: "mnist-lenet-if")
    let message =
      "MNIST was not found. Looked in: /data/mnist, ../shared/datasets/mnist and ./data/mnist, "
      + "for train-images-idx3-ubyte(.gz) and the three other files. Hint: run "
      + "'asf-tui data fetch mnist --to DIR' and point --data-dir or ASF_DATA_DIR at DIR; end-of-message"
    snapshot.state = .failed(message)
    for (width, height) in [(80, 24), (120, 40)] {
      let text = TextRenderer.render(
        WorkbenchScreens.render(
          snapshot: snapshot, state: AppState(), width: width, height: height, color: false))
      let flat = text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        .joined(separator: " ")
      XCTAssertEqual(flat.components(separatedBy: "end-of-message").count, 2, text)
      XCTAssertEqual(flat.components(separatedBy: "The run could not start").count, 2, text)
      XCTAssertTrue(flat.contains("q quits"), text)
      XCTAssertFalse(text.contains("Spikes"), text)
    }
  }

  func testStatusBarShowsTheValuesInForce() {
    let canvas = WorkbenchScreens.render(
      snapshot: sampleSnapshot(), state: AppState(), width: 120, height: 40, color: true)
    let text = lines(canvas)
    let status = text[39]
    XCTAssertTrue(status.contains("paused"), status)
    XCTAssertTrue(status.contains("epoch 1/2 batch 5/10"), status)
    XCTAssertTrue(status.contains("T=8"), status)
    XCTAssertTrue(status.contains("Vth=1.25"), status)
    XCTAssertTrue(text[0].contains("1 Train") && text[0].contains("digits-lenet-if"), text[0])
    XCTAssertTrue(text[1].contains("Spikes · conv1 · sample 1/2 · 4 neurons × T=8"), text[1])
    XCTAssertTrue(text[1].contains("S=0.500"), text[1])
  }

  func testHelpOverlayAndHintLineComeFromTheKeyTable() {
    // Each context's overlay lists every described binding of the table, and the hint line
    // below the panels is the table's; the Experiments screen shows its own keys.
    var state = AppState()
    let contexts: [(ScreenKind, KeyContext)] = [(.train, .train), (.experiments, .experimentsList)]
    for (screen, context) in contexts {
      state.screen = screen
      state.overlay = nil
      let plain = TextRenderer.render(
        WorkbenchScreens.render(
          snapshot: sampleSnapshot(), state: state, width: 120, height: 40, color: false))
      XCTAssertTrue(plain.contains(KeyMap.hintLine(for: context)), plain)
      state.overlay = .help
      let text = TextRenderer.render(
        WorkbenchScreens.render(
          snapshot: sampleSnapshot(), state: state, width: 120, height: 40, color: false))
      XCTAssertTrue(text.contains(context.helpTitle), text)
      let entries = KeyMap.help(for: context)
      XCTAssertGreaterThan(entries.count, 4)
      // Long descriptions wrap: their start is on the key's row.
      for (key, description) in entries {
        XCTAssertTrue(
          text.contains("\(key)  ") && text.contains(String(description.prefix(30))),
          "\(key): \(description)")
      }
    }
    XCTAssertFalse(KeyMap.hintLine(for: .experimentsList).contains("Vth"))
    XCTAssertTrue(KeyMap.hintLine(for: .train).contains("+/- Vth"))
  }

  func testNoKeyIsBoundTwiceInOneScreensTable() {
    // A screen's own binding may take over a global key (Esc goes back to the list under a
    // chart), but within a screen's table a key bound twice would reach only the first.
    let global = KeyMap.bindings(for: .train).suffix(KeyMap.global.count)
    for context in [KeyContext.train, .replay, .experimentsList, .experimentsChart, .neuronLab] {
      let own = KeyMap.bindings(for: context).dropLast(global.count).flatMap(\.keys)
      XCTAssertEqual(Set(own).count, own.count, "a key bound twice in \(context)")
    }
    XCTAssertEqual(KeyMap.command(for: .escape, in: .experimentsChart), .backToList)
    XCTAssertEqual(KeyMap.command(for: .escape, in: .train), .showTrain)
  }

  func testAsciiFramesUseOnlyAscii() {
    // Every screen and the help, with a notice holding arrows: nothing but ASCII.
    var state = AppState(ascii: true)
    state.notice = "conv1 Vth 1.00 → 1.10 from the next batch · ×2"
    var frames: [String] = []
    for screen in [ScreenKind.train, .experiments, .neuronLab] {
      state.screen = screen
      if screen == .neuronLab { state.showNeuronLab(.table4()) }
      for overlay in [nil, Overlay.help] {
        state.overlay = overlay
        frames.append(
          TextRenderer.render(
            WorkbenchScreens.render(
              snapshot: sampleSnapshot(), state: state, width: 100, height: 30, color: false)))
      }
    }
    for text in frames {
      let nonAscii = text.unicodeScalars.filter { !$0.isASCII }
      XCTAssertTrue(nonAscii.isEmpty, "non-ASCII glyphs: \(Set(nonAscii.map(String.init)))")
    }
    XCTAssertTrue(frames[0].contains("conv1 Vth 1.00 > 1.10 from the next batch . x2"), frames[0])
  }

  func testEverySizeFromTooSmallToHuge() {
    let snapshots = [SessionSnapshot(presetName: "empty"), sampleSnapshot()]
    for snapshot in snapshots {
      for (width, height) in [(0, 0), (1, 1), (40, 10), (80, 24), (81, 25), (133, 41), (250, 70)] {
        let canvas = WorkbenchScreens.render(
          snapshot: snapshot, state: AppState(), width: width, height: height, color: true)
        XCTAssertEqual(canvas.width, width)
        if width >= 80 && height >= 24 {
          // Before its data is read a session has no T yet: the bar says it is loading.
          let expected = snapshot.state == .idle ? "reading the data set" : "T="
          XCTAssertTrue(lines(canvas)[height - 1].contains(expected), "\(width)×\(height)")
        }
      }
    }
  }
}
