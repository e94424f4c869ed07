// Tests of TextRenderer.

import TerminalKit
import XCTest

final class TextRendererTests: XCTestCase {
  func testLinesJoinedWithTrailingSpacesTrimmed() {
    var canvas = Canvas(width: 5, height: 3)
    canvas.put("ab", x: 0, y: 0, style: Style(reverse: true))
    canvas.put("c", x: 4, y: 2)
    XCTAssertEqual(TextRenderer.render(canvas), "ab\n\n    c")
  }
}
