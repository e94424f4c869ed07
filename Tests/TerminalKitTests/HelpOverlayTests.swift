// Tests of HelpOverlay: a centred, cleared box of key bindings.

import TerminalKit
import WidgetTestSupport
import XCTest

final class HelpOverlayTests: XCTestCase {
  private let entries = [(key: "q", description: "quit"), (key: "space", description: "pause")]

  func testCentredBoxClearsWhatWasUnderIt() {
    var canvas = Canvas(width: 30, height: 6)
    canvas.fill(canvas.bounds, with: ".")
    HelpOverlay(title: "Keys", entries: entries).render(in: canvas.bounds, on: &canvas)
    XCTAssertEqual(
      canvas.lines(),
      [
        "..............................",
        ".......┌ Keys ────────┐.......",
        ".......│ q      quit  │.......",
        ".......│ space  pause │.......",
        ".......└── Esc closes ┘.......",
        "..............................",
      ])
  }

  func testAscii() {
    let overlay = HelpOverlay(title: "Keys", entries: entries, glyphs: .ascii)
    XCTAssertEqual(
      renderLines(overlay, width: 16, height: 4),
      [
        "+ Keys --------+",
        "| q      quit  |",
        "| space  pause |",
        "+-- Esc closes +",
      ])
  }
}
