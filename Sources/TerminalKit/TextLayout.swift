// Fitting strings into a number of columns: truncation, padding, alignment, word wrap.
// Shared by the widgets and the screens built on them; every character counts as one column.

/// String fitting used by the widgets.
public enum TextLayout {
  /// `text` cut to `width` characters; a cut string ends with `ellipsis` when one is given.
  public static func truncate(_ text: String, to width: Int, ellipsis: Character? = nil) -> String {
    guard width > 0 else { return "" }
    guard text.count > width else { return text }
    if let ellipsis, width > 1 { return String(text.prefix(width - 1)) + String(ellipsis) }
    return String(text.prefix(width))
  }

  /// `text` truncated and padded with spaces to exactly `width` characters.
  public static func fit(
    _ text: String, width: Int, alignment: TextAlignment = .left, ellipsis: Character? = nil
  ) -> String {
    let cut = truncate(text, to: width, ellipsis: ellipsis)
    let padding = max(0, width - cut.count)
    switch alignment {
    case .left:
      return cut + String(repeating: " ", count: padding)
    case .right:
      return String(repeating: " ", count: padding) + cut
    case .center:
      let before = padding / 2
      return String(repeating: " ", count: before) + cut
        + String(repeating: " ", count: padding - before)
    }
  }

  /// `text` broken into lines of at most `width` characters at spaces; words longer than a
  /// line are cut.
  public static func wrap(_ text: String, width: Int) -> [String] {
    guard width > 0 else { return [] }
    var lines: [String] = []
    var current = ""
    for word in text.split(separator: " ") {
      var word = String(word)
      while word.count > width {
        if !current.isEmpty {
          lines.append(current)
          current = ""
        }
        lines.append(String(word.prefix(width)))
        word = String(word.dropFirst(width))
      }
      if current.isEmpty {
        current = word
      } else if current.count + 1 + word.count <= width {
        current += " " + word
      } else {
        lines.append(current)
        current = word
      }
    }
    if !current.isEmpty { lines.append(current) }
    return lines
  }
}
