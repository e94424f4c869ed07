// The colours and glyphs every screen of the workbench draws with: one place to change the
// look, with a monochrome variant for NO_COLOR and terminals without colours.

import TerminalKit

/// Colours and glyphs of one frame.
struct Theme {
  let glyphs: GlyphSet
  let color: Bool

  func style(_ colour: TerminalColor, bold: Bool = false) -> Style {
    color ? Style(foreground: colour, bold: bold) : Style(bold: bold)
  }
  var border: Style { color ? Style(foreground: .brightBlack) : .plain }
  var focusBorder: Style { color ? Style(foreground: .yellow, bold: true) : Style(bold: true) }
  var accent: Style { style(.cyan, bold: true) }
  var dim: Style { Style(dim: true) }
  static let seriesColours: [TerminalColor] = [
    .cyan, .yellow, .green, .magenta, .red, .blue, .brightCyan, .brightYellow,
  ]
  let seriesMarkers: [Character] = ["*", "+", "o", "x", "#", "@", "%", "="]
  func series(_ i: Int) -> Style { style(Self.seriesColours[i % Self.seriesColours.count]) }
}
