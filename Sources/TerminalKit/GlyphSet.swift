// The characters widgets draw with, in a Unicode and a plain-ASCII variant (`--ascii`).

/// Which characters widgets use: braille, block elements and box drawing (``unicode``), or
/// only ASCII (``ascii``) for terminals and fonts without them.
public enum GlyphSet: CaseIterable, Hashable, Sendable {
  /// Braille dots, block elements, box drawing.
  case unicode
  /// ASCII only: `#`, `*`, `.`, `|`, `-`, `+`.
  case ascii

  /// True when plots use braille (2 × 4 dots per cell).
  public var usesBraille: Bool { self == .unicode }

  /// Horizontal line of a border.
  public var horizontal: Character { self == .unicode ? "─" : "-" }
  /// Vertical line of a border or axis.
  public var vertical: Character { self == .unicode ? "│" : "|" }
  /// Top-left corner of a border.
  public var topLeft: Character { self == .unicode ? "┌" : "+" }
  /// Top-right corner of a border.
  public var topRight: Character { self == .unicode ? "┐" : "+" }
  /// Bottom-left corner of a border.
  public var bottomLeft: Character { self == .unicode ? "└" : "+" }
  /// Bottom-right corner of a border.
  public var bottomRight: Character { self == .unicode ? "┘" : "+" }
  /// A tick on a vertical axis, where a label points at it.
  public var axisTick: Character { self == .unicode ? "┤" : "+" }
  /// A full cell of a bar.
  public var fullBlock: Character { self == .unicode ? "█" : "#" }
  /// The empty part of a progress bar.
  public var emptyBlock: Character { self == .unicode ? "░" : "-" }
  /// The end of truncated text.
  public var ellipsis: Character { self == .unicode ? "…" : "~" }
  /// The sign between width and height in a size.
  public var times: Character { self == .unicode ? "×" : "x" }

  /// Bars growing upwards in eighths of a cell: element `k` is `k + 1` eighths. In ASCII
  /// there are no partial cells, so the list is just `#`.
  public var verticalEighths: [Character] {
    self == .unicode ? ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"] : ["#"]
  }

  /// Bars growing rightwards in eighths of a cell: element `k` is `k + 1` eighths. In ASCII
  /// the list is just `#`.
  public var horizontalEighths: [Character] {
    self == .unicode ? ["▏", "▎", "▍", "▌", "▋", "▊", "▉", "█"] : ["#"]
  }
}
