// Tests of StatusBar: left and right groups on a reverse-video line.

import TerminalKit
import WidgetTestSupport
import XCTest

final class StatusBarTests: XCTestCase {
  private let bar = StatusBar(
    left: [
      StatusBar.Segment("TRAIN", style: Style(bold: true, reverse: true)), .init("epoch 1/5"),
    ],
    right: [.init("? help"), .init("q quit")])

  func testLeftAndRightGroups() {
    let canvas = renderCanvas(bar, width: 40, height: 2)
    XCTAssertEqual(canvas.lines(), [" TRAIN epoch 1/5          ? help q quit", ""])
    XCTAssertEqual(canvas[x: 39, y: 0].style, Style(reverse: true))
    XCTAssertEqual(canvas[x: 1, y: 0].style, Style(bold: true, reverse: true))
    XCTAssertEqual(canvas[x: 0, y: 1].style, .plain)
    for x in [0, 6, 16, 26, 32] {
      XCTAssertEqual(canvas[x: x, y: 0].style, Style(reverse: true), "column \(x)")
    }
  }

  func testRightSegmentsGiveWayToTheLeft() {
    XCTAssertEqual(renderLines(bar, width: 24, height: 1), [" TRAIN epoch 1/5 q quit"])
    XCTAssertEqual(renderLines(bar, width: 12, height: 1), [" TRAIN epoch"])
  }
}
