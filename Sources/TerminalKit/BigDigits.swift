// Figures three cells wide and three rows high, for numbers read from the back of a room: a
// 3 × 5 pixel font drawn with half blocks (two pixel rows per cell).

/// Draws numbers ("0.641", "12", "—") in large figures.
public enum BigDigits {
  /// Rows of pixels (1 = set), three per row, five rows per figure.
  static let font: [Character: [String]] = [
    "0": ["111", "101", "101", "101", "111"], "1": ["010", "110", "010", "010", "111"],
    "2": ["111", "001", "111", "100", "111"], "3": ["111", "001", "111", "001", "111"],
    "4": ["101", "101", "111", "001", "001"], "5": ["111", "100", "111", "001", "111"],
    "6": ["111", "100", "111", "101", "111"], "7": ["111", "001", "010", "010", "010"],
    "8": ["111", "101", "111", "101", "111"], "9": ["111", "101", "111", "001", "111"],
    ".": ["000", "000", "000", "000", "010"], "—": ["000", "000", "111", "000", "000"],
    "-": ["000", "000", "111", "000", "000"], " ": ["000", "000", "000", "000", "000"],
  ]

  /// Rows a figure takes.
  public static let height = 3

  /// Columns `text` takes (a figure and a space each, less the last space).
  public static func width(of text: String) -> Int { max(0, text.count * 4 - 1) }

  /// Draws `text` with its top-left at (`x`, `y`); characters without a figure are skipped.
  public static func draw(
    _ text: String, x: Int, y: Int, style: Style, glyphs: GlyphSet, clip: Rect? = nil,
    on canvas: inout Canvas
  ) {
    var column = x
    for character in text {
      defer { column += 4 }
      guard let rows = font[character] else { continue }
      let pixels = rows.map { $0.map { $0 == "1" } }
      for cellRow in 0..<height {
        for dx in 0..<3 {
          let upper = pixels[2 * cellRow][dx]
          let lower = 2 * cellRow + 1 < pixels.count && pixels[2 * cellRow + 1][dx]
          guard upper || lower else { continue }
          let glyph: Character =
            !glyphs.usesBraille ? "#" : upper && lower ? "█" : upper ? "▀" : "▄"
          canvas.put(String(glyph), x: column + dx, y: y + cellRow, style: style, clip: clip)
        }
      }
    }
  }
}
