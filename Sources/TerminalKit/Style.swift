// How one cell looks: colours and attributes. No underline or italics (not every terminal
// shows them).

/// The look of a cell. A nil colour means the terminal's default; `reverse` swaps the
/// foreground and background after the colours are resolved.
public struct Style: Hashable, Sendable {
  /// The text colour, or nil for the terminal default.
  public var foreground: TerminalColor?
  /// The cell colour, or nil for the terminal default.
  public var background: TerminalColor?
  /// Bold (often also bright) text.
  public var bold: Bool
  /// Dim (faint) text.
  public var dim: Bool
  /// Reverse video: foreground and background swapped.
  public var reverse: Bool

  /// A style; every part defaults to the terminal's default look.
  public init(
    foreground: TerminalColor? = nil, background: TerminalColor? = nil, bold: Bool = false,
    dim: Bool = false, reverse: Bool = false
  ) {
    self.foreground = foreground
    self.background = background
    self.bold = bold
    self.dim = dim
    self.reverse = reverse
  }

  /// The terminal's default look: no colours, no attributes.
  public static let plain = Style()
}
