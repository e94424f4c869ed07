// Folding a finished canvas to plain ASCII, for terminals and fonts without Unicode glyphs:
// the widgets already draw ASCII in the ASCII glyph set, and this pass catches the rest
// (separators, arrows and symbols in text, names from files), one cell for one cell.

extension Canvas {
  /// ASCII look-alikes of the non-ASCII characters the screens write; anything else
  /// non-ASCII becomes "?".
  static let asciiLookalikes: [Character: Character] = [
    "·": ".", "•": "*", "→": ">", "←": "<", "↑": "^", "↓": "v", "×": "x", "−": "-", "–": "-",
    "—": "-", "…": "~", "±": "+", "≥": ">", "≤": "<", "≈": "~", "▲": "^", "▼": "v", "■": "#",
    "▶": ">", "‖": "|", "█": "#", "░": ".", "│": "|", "─": "-", "┌": "+", "┐": "+", "└": "+",
    "┘": "+", "├": "+", "┤": "+", "┬": "+", "┴": "+", "┼": "+", "λ": "l", "µ": "u", "⁻": "-",
    "²": "2", "¹": "1", "⋯": "~", "✓": "v", "✗": "x", "°": "o", "′": "'", "″": "\"",
  ]

  /// Replaces every non-ASCII character by its look-alike (or "?"), keeping styles.
  public mutating func foldToASCII() {
    for y in 0..<height {
      for x in 0..<width {
        let cell = self[x: x, y: y]
        guard !cell.character.isASCII else { continue }
        self[x: x, y: y] = Cell(
          Self.asciiLookalikes[cell.character] ?? "?", style: cell.style)
      }
    }
  }
}
