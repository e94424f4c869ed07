// Tests of ProgressBar at 0, ½ and 1, in Unicode and ASCII.

import TerminalKit
import WidgetTestSupport
import XCTest

final class ProgressBarTests: XCTestCase {
  func testUnicode() {
    let lines = [0, 0.5, 1].map {
      renderLines(ProgressBar(fraction: $0, label: "epoch"), width: 20, height: 1)[0]
    }
    XCTAssertEqual(
      lines,
      [
        "epoch ░░░░░░░░░   0%",
        "epoch ████░░░░░  50%",
        "epoch █████████ 100%",
      ])
  }

  func testAscii() {
    let lines = [0, 0.5, 1].map {
      renderLines(ProgressBar(fraction: $0, label: "epoch", glyphs: .ascii), width: 20, height: 1)[
        0]
    }
    XCTAssertEqual(
      lines,
      [
        "epoch ---------   0%",
        "epoch ####-----  50%",
        "epoch ######### 100%",
      ])
  }

  func testOutOfRangeFractionsAreClampedAndTheLabelGoesFirst() {
    XCTAssertEqual(
      renderLines(ProgressBar(fraction: 7, label: "epoch", glyphs: .ascii), width: 10, height: 1),
      ["##### 100%"])
    XCTAssertEqual(
      renderLines(ProgressBar(fraction: .nan, glyphs: .ascii), width: 4, height: 1), ["  0%"])
  }
}
