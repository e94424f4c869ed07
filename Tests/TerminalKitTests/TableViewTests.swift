// Tests of TableView: alignment, truncation, scrolling and selection.

import TerminalKit
import WidgetTestSupport
import XCTest

final class TableViewTests: XCTestCase {
  private let table = TableView(
    columns: [
      TableView.Column("layer"), TableView.Column("rate", alignment: .right),
      TableView.Column("S", alignment: .right),
    ],
    rows: [["conv1", "0.12", "1.5"], ["fully-connected", "0.05", "12.25"], ["out", "0.3"]])

  func testColumnsAreAlignedUnderABoldHeader() {
    let canvas = renderCanvas(table, width: 30, height: 4)
    XCTAssertEqual(
      canvas.lines(),
      [
        "layer           rate     S",
        "conv1           0.12   1.5",
        "fully-connected 0.05 12.25",
        "out              0.3",
      ])
    XCTAssertTrue(canvas[x: 0, y: 0].style.bold)
    XCTAssertFalse(canvas[x: 0, y: 1].style.bold)
  }

  func testCellsAreTruncatedToTheArea() {
    XCTAssertEqual(
      renderLines(table, width: 14, height: 3), ["layer", "conv1", "fully-connect…"])
  }

  func testFixedWidthTruncatesWithAnEllipsis() {
    var narrow = table
    narrow.columns[0].width = 4
    narrow.glyphs = .ascii
    XCTAssertEqual(
      renderLines(narrow, width: 30, height: 2), ["lay~ rate     S", "con~ 0.12   1.5"])
  }

  func testScrolledAndSelectedRows() {
    var scrolled = table
    scrolled.firstRow = 1
    scrolled.selectedRow = 2
    let canvas = renderCanvas(scrolled, width: 30, height: 3)
    XCTAssertEqual(
      canvas.lines(),
      ["layer           rate     S", "fully-connected 0.05 12.25", "out              0.3"])
    XCTAssertTrue(canvas[x: 29, y: 2].style.reverse)
    XCTAssertFalse(canvas[x: 29, y: 1].style.reverse)
  }
}
