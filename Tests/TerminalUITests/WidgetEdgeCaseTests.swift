// Every widget in tiny, empty and off-canvas rectangles: no crash, nothing drawn outside.

import TerminalUI
import Workbench
import XCTest

final class WidgetEdgeCaseTests: XCTestCase {
  private let widgets: [any Widget] = GlyphSet.allCases.flatMap { glyphs -> [any Widget] in
    [
      Panel(title: "Title", footer: "foot", glyphs: glyphs),
      SpikeRasterView(
        rows: 3, timeSteps: 5, bits: [UInt8](repeating: 1, count: 15), glyphs: glyphs),
      SpikeRasterView(rows: 0, timeSteps: 0, bits: [], glyphs: glyphs),
      HistogramView(counts: [3, 1, 4, 1, 5], lower: 0, upper: 1, glyphs: glyphs),
      HistogramView(counts: [], lower: 0, upper: 0, glyphs: glyphs),
      LineChart(series: [.init(name: "s", values: [1, 3, 2])], glyphs: glyphs),
      LineChart(series: [], glyphs: glyphs),
      BarChart(
        bars: [.init(label: "layer", value: 2), .init(label: "", value: -1)], glyphs: glyphs),
      TableView(
        columns: [.init("a"), .init("b", alignment: .right)], rows: [["1", "2"]], glyphs: glyphs),
      StatusBar(left: [.init("left")], right: [.init("right")]),
      ProgressBar(fraction: 0.5, label: "label", glyphs: glyphs),
      HelpOverlay(entries: [(key: "q", description: "quit")], glyphs: glyphs),
      TooSmallView(glyphs: glyphs),
      SweepChart(
        runs: [SweepRun(timeSteps: 100, folder: "T100", testAccuracy: [0.5, 0.9], seconds: 1)],
        title: "sweep", glyphs: glyphs),
      SweepChart(runs: [], title: "", glyphs: glyphs),
      SpeedChart(
        comparison: SpeedComparison(
          architecture: "lenet", batchSize: 64,
          rows: [.init(timeSteps: 100, asfSecondsPerBatch: 0.4, bpttSecondsPerBatch: 1.2)]),
        glyphs: glyphs),
      SpeedChart(
        comparison: SpeedComparison(architecture: "", batchSize: 0, rows: []), glyphs: glyphs),
    ]
  }

  func testTinyRectsNeverCrashOrDrawOutside() {
    let sizes = [(0, 0), (1, 1), (2, 1), (1, 2), (3, 3)]
    for widget in widgets {
      for (width, height) in sizes {
        var canvas = Canvas(width: 7, height: 7)
        canvas.fill(canvas.bounds, with: ".")
        let area = Rect(x: 2, y: 2, width: width, height: height)
        widget.render(in: area, on: &canvas)
        for y in 0..<7 {
          for x in 0..<7 where !area.contains(x: x, y: y) {
            XCTAssertEqual(canvas[x: x, y: y].character, ".", "\(widget) drew outside \(area)")
          }
        }
      }
    }
  }

  func testRectsPartlyOrWhollyOffTheCanvas() {
    for widget in widgets {
      var canvas = Canvas(width: 4, height: 3)
      widget.render(in: Rect(x: -3, y: -2, width: 10, height: 10), on: &canvas)
      widget.render(in: Rect(x: 50, y: 50, width: 10, height: 10), on: &canvas)
      var empty = Canvas(width: 0, height: 0)
      widget.render(in: Rect(width: 5, height: 5), on: &empty)
    }
  }
}
