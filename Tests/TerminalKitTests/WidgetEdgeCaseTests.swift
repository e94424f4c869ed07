// Every kit widget in tiny, empty and off-canvas rectangles: no crash, nothing drawn outside.

import TerminalKit
import WidgetTestSupport
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
    ]
  }

  func testTinyAndOffCanvasRectsNeverCrashOrDrawOutside() {
    XCTAssertEqual(edgeCaseViolations(of: widgets), [])
  }

  func testTheCheckSeesAWidgetThatDrawsOutside() {
    struct Sloppy: Widget {
      func render(in area: Rect, on canvas: inout Canvas) {
        canvas.put("x", x: area.x - 1, y: area.y)
      }
    }
    XCTAssertFalse(edgeCaseViolations(of: [Sloppy()]).isEmpty)
  }
}
