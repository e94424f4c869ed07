// The 16 colours every colour terminal has; a backend maps them to its own palette.

/// One of the 16 standard terminal colours. The raw value is the ANSI / ncurses colour index
/// (0–7 normal, 8–15 bright).
public enum TerminalColor: Int, CaseIterable, Hashable, Sendable {
  case black = 0
  case red
  case green
  case yellow
  case blue
  case magenta
  case cyan
  case white
  case brightBlack
  case brightRed
  case brightGreen
  case brightYellow
  case brightBlue
  case brightMagenta
  case brightCyan
  case brightWhite

  /// The colour index 0–15 (the raw value).
  public var index: Int { rawValue }

  /// The colour of index 0–15; nil for any other index.
  public init?(index: Int) {
    self.init(rawValue: index)
  }

  /// True for the bright variants (indices 8–15).
  public var isBright: Bool { rawValue >= 8 }
}
