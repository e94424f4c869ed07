// A centred box listing key bindings, drawn over whatever the screen drew before.

/// A bordered box, centred in the area, with the title in the top border, one
/// `key  description` line per binding and the footer (default "Esc closes") in the bottom
/// border. The box area is cleared first. It is as small as its contents allow and is cut
/// to the area when that is smaller (bindings that do not fit are dropped).
public struct HelpOverlay: Widget, Sendable {
  /// The title in the top border.
  public var title: String
  /// The bindings, in order.
  public var entries: [(key: String, description: String)]
  /// The text in the bottom border.
  public var footer: String
  /// The style of the border and box.
  public var style: Style
  /// The style of the keys.
  public var keyStyle: Style
  /// Box drawing or ASCII.
  public var glyphs: GlyphSet

  /// A help box listing `entries`.
  public init(
    title: String = "Help", entries: [(key: String, description: String)],
    footer: String = "Esc closes", style: Style = .plain, keyStyle: Style = Style(bold: true),
    glyphs: GlyphSet = .unicode
  ) {
    self.title = title
    self.entries = entries
    self.footer = footer
    self.style = style
    self.keyStyle = keyStyle
    self.glyphs = glyphs
  }

  /// Clears the box and draws it centred in `area`.
  public func render(in area: Rect, on canvas: inout Canvas) {
    let area = area.intersection(canvas.bounds)
    guard !area.isEmpty else { return }
    let keyWidth = entries.map(\.key.count).max() ?? 0
    let descriptionWidth = entries.map(\.description.count).max() ?? 0
    let contentWidth = max(keyWidth + 2 + descriptionWidth, title.count + 2, footer.count + 2)
    let box = area.centered(width: contentWidth + 4, height: entries.count + 2)
    canvas.fill(box, style: style)
    Panel(title: title, footer: footer, borderStyle: style, titleStyle: style, glyphs: glyphs)
      .render(in: box, on: &canvas)
    let inner = box.inset(horizontal: 2, vertical: 1)
    for (index, entry) in entries.prefix(inner.height).enumerated() {
      let row = inner.y + index
      canvas.put(entry.key, x: inner.x, y: row, style: keyStyle, clip: inner)
      canvas.put(entry.description, x: inner.x + keyWidth + 2, y: row, style: style, clip: inner)
    }
  }
}
