// Tests of TooSmallView: the centred, wrapped size message.

import TerminalKit
import WidgetTestSupport
import XCTest

final class TooSmallViewTests: XCTestCase {
  func testCentredMessageNamesBothSizes() {
    XCTAssertEqual(
      renderLines(TooSmallView(), width: 50, height: 3),
      ["", "    terminal too small: need 80×24 (now 50×3)", ""])
  }

  func testWrapsWhenNarrowAndUsesAnXInAscii() {
    XCTAssertEqual(
      renderLines(TooSmallView(glyphs: .ascii), width: 20, height: 5),
      ["", "terminal too small:", "  need 80x24 (now", "       20x5)", ""])
  }

  func testFits() {
    let view = TooSmallView()
    XCTAssertTrue(view.fits(Rect(width: 80, height: 24)))
    XCTAssertFalse(view.fits(Rect(width: 79, height: 40)))
  }
}
