// The plain-text backend: a canvas as lines of characters, styles dropped. Used for golden
// tests and `--ascii` screenshots.

/// Turns a canvas into plain text.
public enum TextRenderer {
  /// The canvas's rows joined by "\n", trailing spaces trimmed from each (no final newline).
  public static func render(_ canvas: Canvas) -> String {
    canvas.lines().joined(separator: "\n")
  }
}
