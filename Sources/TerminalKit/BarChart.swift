// Labelled horizontal bars, one per row (for example spike rates per layer).

/// Horizontal bars: `label  ████▍     value` per row, top to bottom.
///
/// Labels are left-aligned in a column as wide as the longest (at most a third of the
/// area), values right-aligned at the right edge, and bars fill the columns between,
/// scaled so that `maximum` (default: the largest value) spans them all. Unicode bars are
/// drawn in eighths of a cell, ASCII bars in whole `#` cells. Negative values draw no bar.
/// Bars beyond the area's height are not drawn.
public struct BarChart: Widget, Sendable {
  /// One labelled bar.
  public struct Bar: Sendable {
    /// The text left of the bar.
    public var label: String
    /// The length of the bar.
    public var value: Double
    /// The text right of the bar; nil for the value in compact form.
    public var text: String?
    /// The style of the bar; nil for the chart's.
    public var style: Style?

    /// A bar of `value` labelled `label`.
    public init(label: String, value: Double, text: String? = nil, style: Style? = nil) {
      self.label = label
      self.value = value
      self.text = text
      self.style = style
    }
  }

  /// The bars, top to bottom.
  public var bars: [Bar]
  /// The value of a full-length bar; nil for the largest value.
  public var maximum: Double?
  /// The default style of the bars.
  public var style: Style
  /// Block elements or ASCII.
  public var glyphs: GlyphSet

  /// A chart of `bars`.
  public init(
    bars: [Bar], maximum: Double? = nil, style: Style = .plain, glyphs: GlyphSet = .unicode
  ) {
    self.bars = bars
    self.maximum = maximum
    self.style = style
    self.glyphs = glyphs
  }

  /// Draws one bar per row.
  public func render(in area: Rect, on canvas: inout Canvas) {
    let area = area.intersection(canvas.bounds)
    guard !area.isEmpty, !bars.isEmpty else { return }
    let texts = bars.map { $0.text ?? CompactNumber.string($0.value) }
    let labelWidth = min(bars.map(\.label.count).max() ?? 0, area.width / 3)
    let textWidth = min(texts.map(\.count).max() ?? 0, area.width)
    let barStart = area.x + labelWidth + (labelWidth > 0 ? 1 : 0)
    let barWidth = area.maxX - textWidth - 1 - barStart
    let largest = maximum ?? bars.map(\.value).max() ?? 0
    for (index, bar) in bars.prefix(area.height).enumerated() {
      let row = area.y + index
      if labelWidth > 0 {
        let label = TextLayout.fit(bar.label, width: labelWidth, ellipsis: glyphs.ellipsis)
        canvas.put(label, x: area.x, y: row, clip: area)
      }
      if barWidth >= 1, largest > 0, bar.value > 0 {
        let text = Self.barText(fraction: bar.value / largest, width: barWidth, glyphs: glyphs)
        canvas.put(text, x: barStart, y: row, style: bar.style ?? style, clip: area)
      }
      let value = TextLayout.fit(texts[index], width: textWidth, alignment: .right)
      canvas.put(value, x: area.maxX - textWidth, y: row, clip: area)
    }
  }

  /// A horizontal bar `fraction` (clamped to 0…1) of `width` cells long, in eighths of a cell
  /// where the glyphs have them.
  public static func barText(fraction: Double, width: Int, glyphs: GlyphSet) -> String {
    let eighths = glyphs.horizontalEighths
    let length = Int((min(1, max(0, fraction)) * Double(width * eighths.count)).rounded())
    var text = String(repeating: eighths[eighths.count - 1], count: length / eighths.count)
    if length % eighths.count > 0 { text.append(eighths[length % eighths.count - 1]) }
    return text
  }
}
