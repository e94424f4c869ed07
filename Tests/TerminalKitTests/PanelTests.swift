// Tests of Panel's border, title, footer and inner rect.

import TerminalKit
import WidgetTestSupport
import XCTest

final class PanelTests: XCTestCase {
  func testUnicodeBorderWithTitleAndFooter() {
    XCTAssertEqual(
      renderLines(Panel(title: "Spikes", footer: "T=8"), width: 14, height: 3),
      [
        "┌ Spikes ────┐",
        "│            │",
        "└─────── T=8 ┘",
      ])
  }

  func testAsciiBorderAndTruncatedTitle() {
    XCTAssertEqual(
      renderLines(Panel(title: "A long title", glyphs: .ascii), width: 9, height: 3),
      [
        "+ A lo~ +",
        "|       |",
        "+-------+",
      ])
  }

  func testInnerAreaIsInsetByOne() {
    XCTAssertEqual(
      Panel().innerArea(of: Rect(x: 2, y: 3, width: 10, height: 5)),
      Rect(x: 3, y: 4, width: 8, height: 3))
  }

  func testPanelLeavesItsInsideAlone() {
    var canvas = Canvas(width: 5, height: 3)
    canvas.fill(canvas.bounds, with: "x")
    Panel(glyphs: .ascii).render(in: canvas.bounds, on: &canvas)
    XCTAssertEqual(canvas.lines(), ["+---+", "|xxx|", "+---+"])
  }
}
