// One character cell of a canvas. Every character is taken to be one column wide.

/// A character and its style. Characters are single-width (ASCII, braille, block elements,
/// box drawing); wide CJK characters are not supported.
public struct Cell: Hashable, Sendable {
  /// The character shown.
  public var character: Character
  /// How it is shown.
  public var style: Style

  /// A cell showing `character` in `style`.
  public init(_ character: Character = " ", style: Style = .plain) {
    self.character = character
    self.style = style
  }

  /// A space in the plain style: what a new canvas is filled with.
  public static let blank = Cell()
}
