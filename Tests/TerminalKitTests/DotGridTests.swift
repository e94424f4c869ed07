// Tests of the internal DotGrid: braille bit order, ownership, clipped lines.

import XCTest

@testable import TerminalKit

final class DotGridTests: XCTestCase {
  func testBrailleBitOrderFollowsUnicode() {
    var grid = DotGrid(columns: 1, rows: 1, braille: true)
    XCTAssertNil(grid.braille(column: 0, row: 0))
    grid.set(x: 0, y: 3)  // dot 7: 0x40
    grid.set(x: 1, y: 0)  // dot 4: 0x08
    XCTAssertEqual(grid.braille(column: 0, row: 0), "\u{2848}")
    grid.set(x: 2, y: 0)  // outside: ignored
    grid.set(x: -1, y: 0)
    XCTAssertEqual(grid.braille(column: 0, row: 0), "\u{2848}")
  }

  func testLastOwnerWinsACell() {
    var grid = DotGrid(columns: 2, rows: 1, braille: false)
    grid.set(x: 0, y: 0, owner: 3)
    grid.set(x: 0, y: 0, owner: 5)
    XCTAssertEqual(grid.owner(column: 0, row: 0), 5)
    XCTAssertNil(grid.owner(column: 1, row: 0))
  }

  func testLinesAreClippedToTheGrid() {
    var grid = DotGrid(columns: 4, rows: 4, braille: false)
    grid.line(from: (x: -1e12, y: -1e12), to: (x: 1e12, y: 1e12), owner: 0)
    for y in 0..<4 {
      for x in 0..<4 {
        XCTAssertEqual(grid.isSet(x: x, y: y), x == y, "(\(x), \(y))")
      }
    }
    var missed = DotGrid(columns: 4, rows: 4, braille: false)
    missed.line(from: (x: 10, y: 0), to: (x: 20, y: 3), owner: 0)
    missed.line(from: (x: .nan, y: 0), to: (x: 1, y: 1), owner: 0)
    XCTAssertNil((0..<4).first { missed.owner(column: $0, row: 0) != nil })
    XCTAssertFalse(missed.isSet(x: 1, y: 1))
  }
}
