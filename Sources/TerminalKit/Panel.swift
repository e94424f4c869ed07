// A box border with a title (and an optional footer); the content goes in its inner rect.

/// A bordered box: `┌ Title ───┐` … `└───┘` in Unicode, `+ Title ---+` in ASCII. The title
/// sits in the top border, the footer right-aligned in the bottom border; both are cut to
/// fit. Rectangles narrower or lower than 2 cells get no border at all.
public struct Panel: Widget, Sendable {
  /// Shown in the top border, after the corner; empty for none.
  public var title: String
  /// Shown right-aligned in the bottom border; empty for none.
  public var footer: String
  /// The style of the border.
  public var borderStyle: Style
  /// The style of the title and footer.
  public var titleStyle: Style
  /// Box drawing or ASCII.
  public var glyphs: GlyphSet

  /// A panel titled `title`.
  public init(
    title: String = "", footer: String = "", borderStyle: Style = .plain,
    titleStyle: Style = Style(bold: true), glyphs: GlyphSet = .unicode
  ) {
    self.title = title
    self.footer = footer
    self.borderStyle = borderStyle
    self.titleStyle = titleStyle
    self.glyphs = glyphs
  }

  /// The rectangle inside the border of a panel drawn in `area`: `area` inset by one cell.
  public func innerArea(of area: Rect) -> Rect {
    area.inset(by: 1)
  }

  /// Draws the border, title and footer; the inside is left as it is.
  public func render(in area: Rect, on canvas: inout Canvas) {
    let area = area.intersection(canvas.bounds)
    guard area.width >= 2, area.height >= 2 else { return }
    let right = area.maxX - 1
    let bottom = area.maxY - 1
    for column in area.x + 1..<right {
      canvas[x: column, y: area.y] = Cell(glyphs.horizontal, style: borderStyle)
      canvas[x: column, y: bottom] = Cell(glyphs.horizontal, style: borderStyle)
    }
    for row in area.y + 1..<bottom {
      canvas[x: area.x, y: row] = Cell(glyphs.vertical, style: borderStyle)
      canvas[x: right, y: row] = Cell(glyphs.vertical, style: borderStyle)
    }
    canvas[x: area.x, y: area.y] = Cell(glyphs.topLeft, style: borderStyle)
    canvas[x: right, y: area.y] = Cell(glyphs.topRight, style: borderStyle)
    canvas[x: area.x, y: bottom] = Cell(glyphs.bottomLeft, style: borderStyle)
    canvas[x: right, y: bottom] = Cell(glyphs.bottomRight, style: borderStyle)

    // A label needs the two corners, a space each side and at least one character.
    let room = area.width - 4
    if !title.isEmpty, room >= 1 {
      let text = " " + TextLayout.truncate(title, to: room, ellipsis: glyphs.ellipsis) + " "
      canvas.put(text, x: area.x + 1, y: area.y, style: titleStyle, clip: area)
    }
    if !footer.isEmpty, room >= 1 {
      let text = " " + TextLayout.truncate(footer, to: room, ellipsis: glyphs.ellipsis) + " "
      canvas.put(text, x: right - text.count, y: bottom, style: titleStyle, clip: area)
    }
  }
}
