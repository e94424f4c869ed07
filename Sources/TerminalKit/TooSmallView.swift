// What a screen shows instead of its layout when the terminal is below the minimum size.

/// The centred message "terminal too small: need 80×24 (now W×H)", where W×H is the size of
/// the area (pass the whole screen). Wrapped at spaces when the area is narrower than the
/// message; lines that do not fit are dropped.
public struct TooSmallView: Widget, Sendable {
  /// The smallest usable width in columns.
  public var minimumWidth: Int
  /// The smallest usable height in rows.
  public var minimumHeight: Int
  /// The style of the message.
  public var style: Style
  /// `×` or `x`.
  public var glyphs: GlyphSet

  /// A message for a screen that needs `minimumWidth` × `minimumHeight` cells.
  public init(
    minimumWidth: Int = 80, minimumHeight: Int = 24, style: Style = .plain,
    glyphs: GlyphSet = .unicode
  ) {
    self.minimumWidth = minimumWidth
    self.minimumHeight = minimumHeight
    self.style = style
    self.glyphs = glyphs
  }

  /// True when `area` is at least the minimum size, so the real screen can be drawn.
  public func fits(_ area: Rect) -> Bool {
    area.width >= minimumWidth && area.height >= minimumHeight
  }

  /// The message for a terminal of `width` × `height` cells.
  public func message(width: Int, height: Int) -> String {
    let times = String(glyphs.times)
    return "terminal too small: need \(minimumWidth)\(times)\(minimumHeight) "
      + "(now \(width)\(times)\(height))"
  }

  /// Draws the message centred in `area`.
  public func render(in area: Rect, on canvas: inout Canvas) {
    let area = area.intersection(canvas.bounds)
    guard !area.isEmpty else { return }
    let lines = TextLayout.wrap(message(width: area.width, height: area.height), width: area.width)
      .prefix(area.height)
    let top = area.y + (area.height - lines.count) / 2
    for (index, line) in lines.enumerated() {
      let left = area.x + (area.width - line.count) / 2
      canvas.put(line, x: left, y: top + index, style: style, clip: area)
    }
  }
}
