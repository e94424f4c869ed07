// A centred box of help that scrolls: headings, `key  description` lines whose descriptions
// wrap to the box, and paragraphs; the bottom border says which lines show and how to move.

/// One line of a help page before wrapping.
public struct HelpLine: Sendable, Equatable {
  public enum Kind: Sendable, Equatable {
    /// A section title, drawn in the key style across the box.
    case heading
    /// A key (or a word) and what it does (or means).
    case entry(String)
    /// Text across the box.
    case paragraph
  }

  public var kind: Kind
  public var text: String

  public init(_ kind: Kind, _ text: String) {
    self.kind = kind
    self.text = text
  }

  public static func heading(_ text: String) -> HelpLine { HelpLine(.heading, text) }
  public static func entry(_ key: String, _ text: String) -> HelpLine {
    HelpLine(.entry(key), text)
  }
  public static func paragraph(_ text: String) -> HelpLine { HelpLine(.paragraph, text) }
}

/// A help box over the screen: as wide as its longest line allows (at most `maxWidth` and the
/// area), as high as its lines (at most the area), scrolled down by `scroll` rows.
public struct HelpPageView: Widget, Sendable {
  public var title: String
  public var lines: [HelpLine]
  public var scroll: Int
  public var maxWidth: Int
  public var style: Style
  public var keyStyle: Style
  public var glyphs: GlyphSet

  public init(
    title: String, lines: [HelpLine], scroll: Int = 0, maxWidth: Int = 100,
    style: Style = .plain, keyStyle: Style = Style(bold: true), glyphs: GlyphSet = .unicode
  ) {
    self.title = title
    self.lines = lines
    self.scroll = scroll
    self.maxWidth = maxWidth
    self.style = style
    self.keyStyle = keyStyle
    self.glyphs = glyphs
  }

  /// A wrapped row: the key column (empty on continuation rows) and the text.
  struct Row: Equatable {
    /// The key column; nil for headings and paragraphs, which span the box.
    var key: String?
    var text: String
    var heading = false
  }

  /// The box in `area` and the wrapped rows.
  func layout(in area: Rect) -> (box: Rect, keyWidth: Int, rows: [Row]) {
    let keyWidth = min(
      18,
      lines.compactMap { if case .entry(let key) = $0.kind { key.count } else { nil } }.max() ?? 0)
    let natural =
      lines.map { line -> Int in
        switch line.kind {
        case .entry: keyWidth + 2 + line.text.count
        case .heading, .paragraph: line.text.count
        }
      }.max() ?? 0
    let width = min(area.width, maxWidth, max(natural, title.count + 2, 30) + 4)
    let inner = max(1, width - 4)
    var rows: [Row] = []
    for line in lines {
      switch line.kind {
      case .heading:
        if !rows.isEmpty { rows.append(Row(key: nil, text: "")) }
        rows.append(Row(key: nil, text: line.text, heading: true))
      case .paragraph:
        for part in TextLayout.wrap(line.text, width: inner) {
          rows.append(Row(key: nil, text: part))
        }
      case .entry(let key):
        let textWidth = max(8, inner - keyWidth - 2)
        for (i, part) in TextLayout.wrap(line.text, width: textWidth).enumerated() {
          rows.append(Row(key: i == 0 ? key : "", text: part))
        }
      }
    }
    let height = min(area.height, rows.count + 2)
    return (area.centered(width: width, height: height), keyWidth, rows)
  }

  /// The rows that show at once in `area`, and how far the page can scroll.
  public func visibleRows(in area: Rect) -> (shown: Int, maxScroll: Int) {
    let (box, _, rows) = layout(in: area)
    let shown = max(0, box.height - 2)
    return (shown, max(0, rows.count - shown))
  }

  public func render(in area: Rect, on canvas: inout Canvas) {
    let area = area.intersection(canvas.bounds)
    guard area.width >= 8, area.height >= 3 else { return }
    let (box, keyWidth, rows) = layout(in: area)
    let shown = max(0, box.height - 2)
    let first = max(0, min(scroll, rows.count - shown))
    let footer =
      rows.count > shown
      ? "↑/↓ PgUp/PgDn · \(first + 1)–\(first + shown) of \(rows.count) · Esc closes"
      : "Esc closes"
    canvas.fill(box, style: style)
    Panel(title: title, footer: footer, borderStyle: style, titleStyle: style, glyphs: glyphs)
      .render(in: box, on: &canvas)
    let inner = box.inset(horizontal: 2, vertical: 1)
    for (index, row) in rows.dropFirst(first).prefix(shown).enumerated() {
      let y = inner.y + index
      if let key = row.key {
        canvas.put(key, x: inner.x, y: y, style: keyStyle, clip: inner)
        canvas.put(row.text, x: inner.x + keyWidth + 2, y: y, style: style, clip: inner)
      } else {
        canvas.put(row.text, x: inner.x, y: y, style: row.heading ? keyStyle : style, clip: inner)
      }
    }
  }
}
