// Tests of Canvas: clipping, fill, lines and diff.

import TerminalKit
import XCTest

final class CanvasTests: XCTestCase {
  func testPutWritesOneCellPerCharacterAndReturnsTheNextColumn() {
    var canvas = Canvas(width: 6, height: 2)
    let next = canvas.put("ab", x: 1, y: 1, style: Style(bold: true))
    XCTAssertEqual(next, 3)
    XCTAssertEqual(canvas[x: 1, y: 1], Cell("a", style: Style(bold: true)))
    XCTAssertEqual(canvas.lines(), ["", " ab"])
  }

  func testWritingPastTheEdgesDoesNothing() {
    var canvas = Canvas(width: 4, height: 2)
    canvas.put("abcdef", x: 2, y: 0)
    canvas.put("xyz", x: -2, y: 1)
    canvas.put("never", x: 0, y: 2)
    canvas.put("never", x: 0, y: -1)
    canvas.put("never", x: 100, y: 0)
    canvas[x: 4, y: 0] = Cell("!")
    canvas[x: -1, y: -1] = Cell("!")
    canvas.fill(Rect(x: -5, y: -5, width: 3, height: 3), with: "!")
    XCTAssertEqual(canvas.lines(), ["  ab", "z"])
    XCTAssertEqual(canvas[x: 9, y: 9], .blank)
  }

  func testPutRespectsTheClipRect() {
    var canvas = Canvas(width: 8, height: 3)
    let clip = Rect(x: 2, y: 1, width: 3, height: 1)
    canvas.put("abcdefgh", x: 0, y: 1, clip: clip)
    canvas.put("abcdefgh", x: 0, y: 0, clip: clip)
    canvas.put("zz", x: 0, y: 2, clip: Rect(x: 50, y: 50, width: 2, height: 2))
    XCTAssertEqual(canvas.lines(), ["", "  cde", ""])
  }

  func testControlCharactersBecomeSpaces() {
    var canvas = Canvas(width: 5, height: 1)
    canvas.put("a\nb\tc", x: 0, y: 0)
    XCTAssertEqual(canvas.lines(), ["a b c"])
  }

  func testFillClipsAndLinesTrimTrailingSpaces() {
    var canvas = Canvas(width: 5, height: 3)
    canvas.fill(Rect(x: 3, y: 1, width: 10, height: 10), with: "#")
    canvas.fill(Rect(x: 0, y: 0, width: 2, height: 1), with: " ", style: Style(reverse: true))
    XCTAssertEqual(canvas.lines(), ["", "   ##", "   ##"])
    XCTAssertEqual(canvas[x: 1, y: 0].style, Style(reverse: true))
  }

  func testZeroSizedCanvasIsHarmless() {
    var canvas = Canvas(width: 0, height: 0)
    canvas.put("x", x: 0, y: 0)
    canvas.fill(canvas.bounds, with: "x")
    XCTAssertEqual(canvas.lines(), [])
    XCTAssertEqual(canvas.diff(from: Canvas(width: 0, height: 0)), [])
  }

  func testDiffReturnsExactlyTheChangedCells() {
    var before = Canvas(width: 4, height: 3)
    before.put("abcd", x: 0, y: 0)
    var after = before
    after.put("X", x: 1, y: 0)
    after[x: 3, y: 2] = Cell("Y", style: Style(foreground: .red))
    after.put("c", x: 2, y: 0)  // same as before: no change
    after.setStyle(Style(bold: true), in: Rect(x: 0, y: 1, width: 1, height: 1))
    XCTAssertEqual(
      after.diff(from: before),
      [
        CellChange(x: 1, y: 0, cell: Cell("X")),
        CellChange(x: 0, y: 1, cell: Cell(" ", style: Style(bold: true))),
        CellChange(x: 3, y: 2, cell: Cell("Y", style: Style(foreground: .red))),
      ])
    XCTAssertEqual(after.diff(from: after), [])
  }

  func testDiffAfterAResizeReturnsEveryCell() {
    let canvas = Canvas(width: 3, height: 2)
    XCTAssertEqual(canvas.diff(from: Canvas(width: 2, height: 2)).count, 6)
  }
}

final class CanvasASCIITests: XCTestCase {
  func testFoldKeepsASCIIAndStylesAndReplacesTheRest() {
    var canvas = Canvas(width: 8, height: 1)
    canvas.put("a→·×█λ☃", x: 0, y: 0, style: Style(bold: true))
    canvas.foldToASCII()
    XCTAssertEqual(canvas.lines(), ["a>.x#l?"])
    XCTAssertEqual(canvas[x: 1, y: 0].style, Style(bold: true))
  }
}
