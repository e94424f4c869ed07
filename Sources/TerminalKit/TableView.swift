// A table of text: a bold header row, aligned columns, truncation to the area, an optional
// selected row. Scrolling state (the first row shown) is passed in by the screen.

/// Rows of cells under a header, in columns separated by one space.
///
/// A column is as wide as its fixed `width`, or else as its widest cell or title. Cells
/// longer than their column end in an ellipsis; a column that crosses the right edge is
/// narrowed to fit (its cells cut the same way), and columns past it are not drawn.
/// Rows from `firstRow` on are shown, as many as fit below the header.
public struct TableView: Widget, Sendable {
  /// One column.
  public struct Column: Sendable {
    /// The header text.
    public var title: String
    /// Where text sits in the column.
    public var alignment: TextAlignment
    /// The width in cells; nil for the widest of the title and the cells.
    public var width: Int?

    /// A column titled `title`.
    public init(_ title: String, alignment: TextAlignment = .left, width: Int? = nil) {
      self.title = title
      self.alignment = alignment
      self.width = width
    }
  }

  /// The columns, left to right.
  public var columns: [Column]
  /// The cells, row by row; missing cells are empty.
  public var rows: [[String]]
  /// The index of the first row shown (scroll position).
  public var firstRow: Int
  /// The index of the highlighted row, or nil.
  public var selectedRow: Int?
  /// The style of the header.
  public var headerStyle: Style
  /// The style of the cells.
  public var style: Style
  /// The style of the selected row.
  public var selectedStyle: Style
  /// The ellipsis of truncated cells.
  public var glyphs: GlyphSet

  /// A table of `rows` under `columns`.
  public init(
    columns: [Column], rows: [[String]], firstRow: Int = 0, selectedRow: Int? = nil,
    headerStyle: Style = Style(bold: true), style: Style = .plain,
    selectedStyle: Style = Style(reverse: true), glyphs: GlyphSet = .unicode
  ) {
    self.columns = columns
    self.rows = rows
    self.firstRow = firstRow
    self.selectedRow = selectedRow
    self.headerStyle = headerStyle
    self.style = style
    self.selectedStyle = selectedStyle
    self.glyphs = glyphs
  }

  /// The width of each column.
  public var columnWidths: [Int] {
    columns.enumerated().map { index, column in
      column.width
        ?? rows.reduce(column.title.count) { widest, row in
          max(widest, index < row.count ? row[index].count : 0)
        }
    }
  }

  /// Draws the header and the visible rows.
  public func render(in area: Rect, on canvas: inout Canvas) {
    let area = area.intersection(canvas.bounds)
    guard !area.isEmpty, !columns.isEmpty else { return }
    let widths = columnWidths
    drawRow(
      columns.map(\.title), at: area.y, widths: widths, style: headerStyle, in: area, on: &canvas)
    let start = max(0, firstRow)
    guard start < rows.count else { return }
    for (offset, index) in (start..<rows.count).prefix(area.height - 1).enumerated() {
      let row = area.y + 1 + offset
      let rowStyle = index == selectedRow ? selectedStyle : style
      if index == selectedRow {
        canvas.fill(Rect(x: area.x, y: row, width: area.width, height: 1), style: rowStyle)
      }
      drawRow(rows[index], at: row, widths: widths, style: rowStyle, in: area, on: &canvas)
    }
  }

  /// Draws one line of cells.
  private func drawRow(
    _ cells: [String], at row: Int, widths: [Int], style: Style, in area: Rect,
    on canvas: inout Canvas
  ) {
    var column = area.x
    for (index, width) in widths.enumerated() {
      guard column < area.maxX else { return }
      let text = index < cells.count ? cells[index] : ""
      let fitted = TextLayout.fit(
        text, width: min(width, area.maxX - column), alignment: columns[index].alignment,
        ellipsis: glyphs.ellipsis)
      canvas.put(fitted, x: column, y: row, style: style, clip: area)
      column += width + 1
    }
  }
}
