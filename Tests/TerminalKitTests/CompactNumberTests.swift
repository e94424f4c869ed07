// Tests of CompactNumber's label formatting.

import TerminalKit
import XCTest

final class CompactNumberTests: XCTestCase {
  func testFormats() {
    let cases: [(Double, String)] = [
      (0, "0"), (1, "1"), (2.5, "2.5"), (-0.5, "-0.5"), (0.125, "0.125"), (0.1234, "0.123"),
      (12.34, "12.3"), (1234, "1234"), (12_345, "12.3k"), (4_500_000, "4.5M"), (0.00025, "2.5e-4"),
      (0.001, "0.001"), (.infinity, "inf"), (.nan, "nan"),
    ]
    for (value, expected) in cases {
      XCTAssertEqual(CompactNumber.string(value), expected, "\(value)")
    }
  }
}
