// A one-line status bar: left and right groups of styled segments on a reverse-video line.

/// One line of segments: the left group from the left edge, the right group flush with the
/// right edge, one space between segments, on a background of `style` (reverse video by
/// default). Left segments win: right segments that would overlap them (with one space
/// between) are dropped from the front. Only the first row of the area is used.
public struct StatusBar: Widget, Sendable {
  /// A piece of text in the bar.
  public struct Segment: Sendable {
    /// The text.
    public var text: String
    /// The style; nil for the bar's.
    public var style: Style?

    /// A segment showing `text`.
    public init(_ text: String, style: Style? = nil) {
      self.text = text
      self.style = style
    }
  }

  /// Segments from the left edge.
  public var left: [Segment]
  /// Segments ending at the right edge.
  public var right: [Segment]
  /// The style of the whole line and of segments without their own.
  public var style: Style

  /// A bar of `left` and `right` segments.
  public init(left: [Segment], right: [Segment] = [], style: Style = Style(reverse: true)) {
    self.left = left
    self.right = right
    self.style = style
  }

  /// Whether every segment shows on a bar `width` cells wide.
  public func fits(width: Int) -> Bool {
    let leftWidth = left.reduce(0) { $0 + $1.text.count + 1 }
    let rightWidth = right.reduce(0) { $0 + $1.text.count + 1 }
    return leftWidth + 1 + rightWidth <= width
  }

  /// Draws the bar in the first row of `area`.
  public func render(in area: Rect, on canvas: inout Canvas) {
    let area = area.intersection(canvas.bounds)
    guard !area.isEmpty else { return }
    let line = Rect(x: area.x, y: area.y, width: area.width, height: 1)
    canvas.fill(line, style: style)
    var column = line.x
    for segment in left {
      column = canvas.put(" " + segment.text, x: column, y: line.y, style: style, clip: line)
      canvas.setStyle(
        segment.style ?? style,
        in: Rect(x: column - segment.text.count, y: line.y, width: segment.text.count, height: 1)
          .intersection(line))
    }
    let leftEnd = column
    var shown = right[...]
    func width(_ segments: ArraySlice<Segment>) -> Int {
      segments.reduce(0) { $0 + $1.text.count + 1 }
    }
    while !shown.isEmpty, line.maxX - width(shown) < leftEnd + 1 {
      shown = shown.dropFirst()
    }
    column = line.maxX - width(shown)
    for segment in shown {
      canvas.put(segment.text, x: column, y: line.y, style: segment.style ?? style, clip: line)
      column += segment.text.count + 1
    }
  }
}
