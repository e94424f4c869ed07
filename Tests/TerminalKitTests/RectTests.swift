// Tests of Rect's layout arithmetic.

import TerminalKit
import XCTest

final class RectTests: XCTestCase {
  func testNegativeSizesClampToZeroAndAreEmpty() {
    let rect = Rect(x: 3, y: 4, width: -2, height: 5)
    XCTAssertEqual(rect.width, 0)
    XCTAssertTrue(rect.isEmpty)
    XCTAssertFalse(Rect(width: 1, height: 1).isEmpty)
  }

  func testContainsUsesExclusiveUpperBounds() {
    let rect = Rect(x: 2, y: 3, width: 4, height: 2)
    XCTAssertTrue(rect.contains(x: 2, y: 3))
    XCTAssertTrue(rect.contains(x: 5, y: 4))
    XCTAssertFalse(rect.contains(x: 6, y: 4))
    XCTAssertFalse(rect.contains(x: 5, y: 5))
    XCTAssertFalse(rect.contains(x: 1, y: 3))
  }

  func testInsetAndIntersection() {
    let rect = Rect(x: 0, y: 0, width: 10, height: 5)
    XCTAssertEqual(rect.inset(by: 1), Rect(x: 1, y: 1, width: 8, height: 3))
    XCTAssertTrue(rect.inset(by: 3).isEmpty)
    XCTAssertEqual(
      rect.intersection(Rect(x: 8, y: 3, width: 5, height: 5)),
      Rect(x: 8, y: 3, width: 2, height: 2))
    XCTAssertTrue(rect.intersection(Rect(x: 20, y: 0, width: 5, height: 5)).isEmpty)
  }

  func testSplitClampsTheCut() {
    let rect = Rect(x: 1, y: 1, width: 10, height: 4)
    let (left, right) = rect.split(atColumn: 3)
    XCTAssertEqual(left, Rect(x: 1, y: 1, width: 3, height: 4))
    XCTAssertEqual(right, Rect(x: 4, y: 1, width: 7, height: 4))
    let (top, bottom) = rect.split(atRow: 99)
    XCTAssertEqual(top, rect)
    XCTAssertTrue(bottom.isEmpty)
  }

  func testRowsServeFixedFirstThenShareByWeight() {
    let rows = Rect(width: 20, height: 24).rows([.fixed(1), .weight(2), .weight(1), .fixed(1)])
    XCTAssertEqual(rows.map(\.height), [1, 15, 7, 1])
    XCTAssertEqual(rows.map(\.y), [0, 1, 16, 23])
  }

  func testColumnsWithSpacingGiveRoundingLeftoverToTheFirst() {
    let columns = Rect(x: 5, y: 0, width: 12, height: 3).columns(
      [.weight(1), .weight(1), .weight(1)], spacing: 1)
    XCTAssertEqual(columns.map(\.width), [4, 3, 3])
    XCTAssertEqual(columns.map(\.x), [5, 10, 14])
  }

  func testTracksNeverLeaveATooSmallRect() {
    let columns = Rect(width: 3, height: 1).columns([.fixed(2), .fixed(5), .weight(1)], spacing: 1)
    for column in columns {
      XCTAssertLessThanOrEqual(column.maxX, 3)
    }
    // The one gap per boundary is reserved first, so one column is left for the tracks.
    XCTAssertEqual(columns.map(\.width), [1, 0, 0])
  }

  func testCenteredFitsInside() {
    XCTAssertEqual(
      Rect(x: 0, y: 0, width: 10, height: 5).centered(width: 4, height: 1),
      Rect(x: 3, y: 2, width: 4, height: 1))
    XCTAssertEqual(
      Rect(width: 3, height: 2).centered(width: 10, height: 10), Rect(width: 3, height: 2))
  }
}
