// The in-memory grid every widget draws into and every backend reads from.
// It does no I/O and knows nothing of terminals.

/// A `width` × `height` grid of cells, row-major. Every write is clipped: nothing ever
/// lands outside the canvas, and reads outside it return ``Cell/blank``.
public struct Canvas: Hashable, Sendable {
  /// The number of columns.
  public let width: Int
  /// The number of rows.
  public let height: Int
  /// The cells, row-major: `cells[y * width + x]`.
  private var cells: [Cell]

  /// A canvas of blank cells; negative sizes become 0.
  public init(width: Int, height: Int) {
    self.width = max(0, width)
    self.height = max(0, height)
    cells = [Cell](repeating: .blank, count: self.width * self.height)
  }

  /// The whole canvas as a rectangle at (0, 0).
  public var bounds: Rect { Rect(x: 0, y: 0, width: width, height: height) }

  /// The cell at column `x`, row `y`. Reading outside the canvas gives ``Cell/blank``;
  /// writing outside it does nothing.
  public subscript(x x: Int, y y: Int) -> Cell {
    get {
      guard bounds.contains(x: x, y: y) else { return .blank }
      return cells[y * width + x]
    }
    set {
      guard bounds.contains(x: x, y: y) else { return }
      cells[y * width + x] = newValue
    }
  }

  /// Writes `string` from column `x` of row `y`, one character per cell, clipped to the
  /// canvas and to `clip` when given. Control characters (newline, tab, …) are written as
  /// spaces. Returns the column after the string, as if nothing had been clipped.
  @discardableResult
  public mutating func put(
    _ string: String, x: Int, y: Int, style: Style = .plain, clip: Rect? = nil
  ) -> Int {
    let limit = clip.map { $0.intersection(bounds) } ?? bounds
    var column = x
    for character in string {
      if limit.contains(x: column, y: y) {
        cells[y * width + column] = Cell(Canvas.printable(character), style: style)
      }
      column += 1
    }
    return column
  }

  /// Sets every cell of `rect` (clipped to the canvas) to `character` in `style`.
  public mutating func fill(_ rect: Rect, with character: Character = " ", style: Style = .plain) {
    let area = rect.intersection(bounds)
    guard !area.isEmpty else { return }
    let cell = Cell(Canvas.printable(character), style: style)
    for row in area.y..<area.maxY {
      for column in area.x..<area.maxX {
        cells[row * width + column] = cell
      }
    }
  }

  /// Changes the style of every cell of `rect` (clipped), keeping the characters.
  public mutating func setStyle(_ style: Style, in rect: Rect) {
    let area = rect.intersection(bounds)
    guard !area.isEmpty else { return }
    for row in area.y..<area.maxY {
      for column in area.x..<area.maxX {
        cells[row * width + column].style = style
      }
    }
  }

  /// Resets every cell to ``Cell/blank``.
  public mutating func clear() {
    fill(bounds)
  }

  /// The characters of each row, styles dropped and trailing spaces trimmed.
  public func lines() -> [String] {
    (0..<height).map { row in
      var line = String(cells[row * width..<(row + 1) * width].map(\.character))
      while line.last == " " {
        line.removeLast()
      }
      return line
    }
  }

  /// The cells that differ from `previous`, row by row, left to right: what a backend
  /// must write to turn the previous frame into this one. When the sizes differ (after a
  /// resize) every cell of this canvas is returned.
  public func diff(from previous: Canvas) -> [CellChange] {
    let sameSize = previous.width == width && previous.height == height
    var changes: [CellChange] = []
    for row in 0..<height {
      for column in 0..<width {
        let index = row * width + column
        if !sameSize || previous.cells[index] != cells[index] {
          changes.append(CellChange(x: column, y: row, cell: cells[index]))
        }
      }
    }
    return changes
  }

  /// `character`, or a space when it is a control character that would break a line.
  private static func printable(_ character: Character) -> Character {
    if let code = character.asciiValue, code < 32 || code == 127 { return " " }
    if let scalar = character.unicodeScalars.first, (0x80...0x9F).contains(scalar.value) {
      return " "
    }
    return character
  }
}
