// A Train-like screen composed from the widgets, as a screen module would do it: layout is
// Rect arithmetic, each widget renders into its rect, a backend turns the canvas into output.

import Foundation
import TerminalKit
import WorkbenchUI
import XCTest

final class ScreenCompositionTests: XCTestCase {
  /// Draws an 80 × 24 Train screen (or the too-small message) with made-up data.
  private func drawTrainScreen(width: Int, height: Int, glyphs: GlyphSet) -> Canvas {
    var canvas = Canvas(width: width, height: height)
    let screen = canvas.bounds
    let tooSmall = TooSmallView(glyphs: glyphs)
    guard tooSmall.fits(screen) else {
      tooSmall.render(in: screen, on: &canvas)
      return canvas
    }
    let rows = screen.rows([.fixed(1), .weight(1), .weight(1), .fixed(1)])
    let (header, top, bottom, status) = (rows[0], rows[1], rows[2], rows[3])
    ProgressBar(
      fraction: 0.42, label: "epoch 1/5", style: Style(foreground: .green), glyphs: glyphs
    )
    .render(in: header, on: &canvas)

    let topColumns = top.columns([.weight(3), .weight(2)])
    let rasterPanel = Panel(title: "Spikes conv1 (T=30)", glyphs: glyphs)
    rasterPanel.render(in: topColumns[0], on: &canvas)
    SpikeRasterView(rows: 64, timeSteps: 30, style: Style(foreground: .yellow), glyphs: glyphs) {
      neuron, step in (neuron * 7 + step * 3) % 11 == 0
    }
    .render(in: rasterPanel.innerArea(of: topColumns[0]), on: &canvas)
    let histogramPanel = Panel(title: "FI histogram", glyphs: glyphs)
    histogramPanel.render(in: topColumns[1], on: &canvas)
    HistogramView(counts: [1, 4, 9, 16, 12, 7, 3, 1], lower: 0, upper: 4, glyphs: glyphs)
      .render(in: histogramPanel.innerArea(of: topColumns[1]), on: &canvas)

    let bottomColumns = bottom.columns([.weight(3), .weight(2)])
    let chartPanel = Panel(title: "Loss / accuracy", glyphs: glyphs)
    chartPanel.render(in: bottomColumns[0], on: &canvas)
    let loss = (0..<50).map { 1 / (1 + Double($0) / 5) }
    let accuracy = (0..<50).map { 1 - 0.9 / (1 + Double($0) / 3) }
    LineChart(
      series: [
        .init(name: "loss", values: loss, style: Style(foreground: .red), marker: "*"),
        .init(name: "accuracy", values: accuracy, style: Style(foreground: .cyan), marker: "+"),
      ], yRange: 0...1, glyphs: glyphs
    )
    .render(in: chartPanel.innerArea(of: bottomColumns[0]), on: &canvas)
    let ratePanel = Panel(title: "Spike rate", glyphs: glyphs)
    ratePanel.render(in: bottomColumns[1], on: &canvas)
    BarChart(
      bars: [
        .init(label: "conv1", value: 0.12), .init(label: "conv2", value: 0.08),
        .init(label: "fc1", value: 0.05), .init(label: "out", value: 0.21),
      ], glyphs: glyphs
    )
    .render(in: ratePanel.innerArea(of: bottomColumns[1]), on: &canvas)

    StatusBar(
      left: [.init("TRAIN", style: Style(bold: true, reverse: true)), .init("loss 0.213")],
      right: [.init("? help"), .init("q quit")]
    )
    .render(in: status, on: &canvas)
    return canvas
  }

  func testTrainScreenComposesAtFullSize() throws {
    for glyphs in GlyphSet.allCases {
      let canvas = drawTrainScreen(width: 80, height: 24, glyphs: glyphs)
      let lines = canvas.lines()
      XCTAssertEqual(lines.count, 24)
      XCTAssertTrue(lines[0].hasPrefix("epoch 1/5 "))
      XCTAssertTrue(lines[0].hasSuffix(" 42%"))
      XCTAssertTrue(lines[23].hasPrefix(" TRAIN loss 0.213"))
      XCTAssertTrue(lines[1].contains("Spikes conv1 (T=30)"))
      XCTAssertTrue(lines.contains { $0.contains("accuracy") })
      if glyphs == .ascii {
        XCTAssertTrue(lines.allSatisfy { $0.allSatisfy(\.isASCII) }, lines.joined(separator: "\n"))
      }
      let svg = SVGRenderer.render(canvas, title: "asf-tui train")
      if let directory = ProcessInfo.processInfo.environment["TERMINALUI_SNAPSHOT_DIR"] {
        let name = "train-\(glyphs)"
        try svg.write(toFile: "\(directory)/\(name).svg", atomically: true, encoding: .utf8)
        try TextRenderer.render(canvas).write(
          toFile: "\(directory)/\(name).txt", atomically: true, encoding: .utf8)
      }
    }
  }

  func testTrainScreenShowsTheTooSmallMessageBelowMinimum() {
    let lines = drawTrainScreen(width: 60, height: 10, glyphs: .unicode).lines()
    XCTAssertEqual(lines[4], "         terminal too small: need 80×24 (now 60×10)")
  }
}
