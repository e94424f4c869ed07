// A line chart of several named series, braille for resolution, with axis labels and a
// legend. No grid lines, ticks between the ends, or log scales.

import Foundation

/// Series of (x, y) points joined by straight lines.
///
/// Layout, top to bottom: the plot with the y range (max at the top row, min at the
/// bottom row) labelled on the left beside an axis line, the x range labelled under the
/// plot (min left, max right), and a legend line (`── name` in the series style, or the
/// ASCII marker). Labels are dropped when the area is too small for them (plot rows < 2
/// or no room for the labels), the legend when the area has fewer than 3 rows.
///
/// With braille each cell holds 2 × 4 dots; in ASCII each cell is one point drawn with the
/// series marker. A cell shared by several series takes the style (and, in ASCII, the
/// marker) of the last series drawn into it. Ranges are automatic (the data's min and max)
/// unless fixed; a range of zero width is widened by 10 % of its value (or by 1 around 0).
/// Points outside a fixed range are clipped; a non-finite point breaks the line.
///
/// A series may label its points (for example a ratio at each x): each label is centred
/// on the row above its point (below it on the top row), kept inside the plot, and drawn
/// after every line, in the series style; plots of one row get no labels.
public struct LineChart: Widget, Sendable {
  /// One named line.
  public struct Series: Sendable {
    /// The name shown in the legend.
    public var name: String
    /// The points in drawing order.
    public var points: [(x: Double, y: Double)]
    /// The style (colour) of the line and its legend entry.
    public var style: Style
    /// The character of the points in ASCII mode.
    public var marker: Character
    /// Text by each point: `labels[i]` labels `points[i]`; empty (the default) for none.
    public var labels: [String]

    /// A series of `(x, y)` points, optionally labelled.
    public init(
      name: String, points: [(x: Double, y: Double)], style: Style = .plain,
      marker: Character = "*", labels: [String] = []
    ) {
      self.name = name
      self.points = points
      self.style = style
      self.marker = marker
      self.labels = labels
    }

    /// A series of `values` over their index: the points `(i, values[i])`.
    public init(name: String, values: [Double], style: Style = .plain, marker: Character = "*") {
      self.init(
        name: name, points: values.enumerated().map { (Double($0.offset), $0.element) },
        style: style, marker: marker)
    }
  }

  /// The series, drawn in order (later ones on top).
  public var series: [Series]
  /// The x range; nil for the data's range.
  public var xRange: ClosedRange<Double>?
  /// The y range; nil for the data's range.
  public var yRange: ClosedRange<Double>?
  /// Whether to draw the legend line.
  public var showsLegend: Bool
  /// The style of the axis line and labels.
  public var axisStyle: Style
  /// Braille or ASCII.
  public var glyphs: GlyphSet
  /// What the x axis counts (e.g. "batch"), written between its end labels; "" for none.
  public var xLabel: String
  /// A logarithmic y axis: values at or below 0 break the line; the labels stay values.
  public var logY = false
  /// Vertical marks through the plot at these x (in empty cells, dotted), each labelled at
  /// the top row (e.g. "3" for the third change of a setting).
  public var marks: [(x: Double, label: String)] = []
  /// The style of the marks.
  public var markStyle = Style(dim: true)

  /// A chart of `series`.
  public init(
    series: [Series], xRange: ClosedRange<Double>? = nil, yRange: ClosedRange<Double>? = nil,
    showsLegend: Bool = true, axisStyle: Style = .plain, glyphs: GlyphSet = .unicode,
    xLabel: String = ""
  ) {
    self.series = series
    self.xRange = xRange
    self.yRange = yRange
    self.showsLegend = showsLegend
    self.axisStyle = axisStyle
    self.glyphs = glyphs
    self.xLabel = xLabel
  }

  /// Draws the legend, the axes and labels, and the lines.
  public func render(in area: Rect, on canvas: inout Canvas) {
    let area = area.intersection(canvas.bounds)
    guard !area.isEmpty else { return }
    let points = series.flatMap(\.points).filter {
      $0.x.isFinite && $0.y.isFinite && (!logY || $0.y > 0)
    }
    let xs = xRange ?? LineChart.span(points.map(\.x))
    let ys = yRange ?? LineChart.span(points.map(\.y), log: logY)

    var plot = area
    if showsLegend, !series.isEmpty, plot.height >= 3 {
      // The legend wraps onto more rows rather than drop a series, while the plot keeps
      // at least three rows.
      let rows = min(legendRows(width: area.width).count, max(1, plot.height - 3))
      for (i, entries) in legendRows(width: area.width).prefix(rows).enumerated() {
        drawLegend(entries, row: plot.maxY - rows + i, in: area, on: &canvas)
      }
      plot.height -= rows
    }
    let top = CompactNumber.string(ys.upperBound)
    let bottom = CompactNumber.string(ys.lowerBound)
    let labelWidth = max(top.count, bottom.count)
    if plot.height >= 3, plot.width >= labelWidth + 3 {
      plot.height -= 1
      canvas.put(
        TextLayout.fit(top, width: labelWidth, alignment: .right), x: plot.x, y: plot.y,
        style: axisStyle, clip: area)
      canvas.put(
        TextLayout.fit(bottom, width: labelWidth, alignment: .right), x: plot.x,
        y: plot.maxY - 1, style: axisStyle, clip: area)
      for row in plot.y..<plot.maxY {
        let tick = row == plot.y || row == plot.maxY - 1
        canvas[x: plot.x + labelWidth, y: row] = Cell(
          tick ? glyphs.axisTick : glyphs.vertical, style: axisStyle)
      }
      plot.x += labelWidth + 1
      plot.width -= labelWidth + 1
      let left = CompactNumber.string(xs.lowerBound)
      let right = CompactNumber.string(xs.upperBound)
      canvas.put(left, x: plot.x, y: plot.maxY, style: axisStyle, clip: area)
      if left.count + 1 + right.count <= plot.width {
        canvas.put(right, x: plot.maxX - right.count, y: plot.maxY, style: axisStyle, clip: area)
      }
      let room = plot.width - left.count - right.count - 2
      if !xLabel.isEmpty, xLabel.count <= room {
        let x = plot.x + left.count + 1 + (room - xLabel.count) / 2
        canvas.put(xLabel, x: x, y: plot.maxY, style: axisStyle, clip: area)
      }
    }
    drawMarks(in: plot, xs: xs, on: &canvas)
    if logY {
      // The lines on log10 of the values; a value at or below 0 breaks its line.
      var chart = self
      chart.series = series.map { line in
        var line = line
        line.points = line.points.map { ($0.x, $0.y > 0 ? Foundation.log10($0.y) : .nan) }
        return line
      }
      let low = Foundation.log10(max(ys.lowerBound, .leastNormalMagnitude))
      chart.drawLines(
        in: plot, xs: xs, ys: low...max(low, Foundation.log10(ys.upperBound)), on: &canvas)
    } else {
      drawLines(in: plot, xs: xs, ys: ys, on: &canvas)
    }
  }

  /// The marks: a dotted column at each mark's x and its label on the top row.
  private func drawMarks(in plot: Rect, xs: ClosedRange<Double>, on canvas: inout Canvas) {
    guard !plot.isEmpty, !marks.isEmpty else { return }
    let span = xs.upperBound - xs.lowerBound
    for mark in marks where xs.contains(mark.x) {
      let column =
        plot.x + Int((span > 0 ? (mark.x - xs.lowerBound) / span : 0) * Double(plot.width - 1))
      for row in plot.y..<plot.maxY {
        canvas[x: column, y: row] = Cell(glyphs.usesBraille ? "┆" : ":", style: markStyle)
      }
      let label = String(mark.label.prefix(max(0, plot.maxX - column)))
      canvas.put(label, x: column, y: plot.y, style: markStyle, clip: plot)
    }
  }

  /// Plots every series into `plot`.
  private func drawLines(
    in plot: Rect, xs: ClosedRange<Double>, ys: ClosedRange<Double>, on canvas: inout Canvas
  ) {
    guard !plot.isEmpty else { return }
    var grid = DotGrid(columns: plot.width, rows: plot.height, braille: glyphs.usesBraille)
    let maxX = Double(grid.dotWidth - 1)
    let maxY = Double(grid.dotHeight - 1)
    let xSpan = xs.upperBound - xs.lowerBound
    let ySpan = ys.upperBound - ys.lowerBound
    for (index, line) in series.enumerated() {
      var previous: (x: Double, y: Double)?
      for point in line.points {
        guard point.x.isFinite, point.y.isFinite else {
          previous = nil
          continue
        }
        let dot = (
          x: xSpan > 0 ? (point.x - xs.lowerBound) / xSpan * maxX : 0,
          y: ySpan > 0 ? maxY - (point.y - ys.lowerBound) / ySpan * maxY : maxY
        )
        grid.line(from: previous ?? dot, to: dot, owner: index)
        previous = dot
      }
      // A series of one point (a one-epoch run) gets a small cross, so that it shows.
      let finite = line.points.filter { $0.x.isFinite && $0.y.isFinite }
      if finite.count == 1, let point = finite.first {
        let x = xSpan > 0 ? (point.x - xs.lowerBound) / xSpan * maxX : maxX / 2
        let y = ySpan > 0 ? maxY - (point.y - ys.lowerBound) / ySpan * maxY : maxY
        grid.line(from: (max(0, x - 1), y), to: (min(maxX, x + 1), y), owner: index)
        grid.line(from: (x, max(0, y - 1)), to: (x, min(maxY, y + 1)), owner: index)
      }
    }
    for row in 0..<plot.height {
      for column in 0..<plot.width {
        guard let owner = grid.owner(column: column, row: row) else { continue }
        let character =
          glyphs.usesBraille
          ? (grid.braille(column: column, row: row) ?? " ") : series[owner].marker
        canvas[x: plot.x + column, y: plot.y + row] = Cell(character, style: series[owner].style)
      }
    }
    guard plot.height >= 2 else { return }
    let dotsAcross = grid.dotWidth / plot.width
    let dotsDown = grid.dotHeight / plot.height
    for line in series {
      for (point, label) in zip(line.points, line.labels) where !label.isEmpty {
        guard point.x.isFinite, point.y.isFinite, xs.contains(point.x), ys.contains(point.y)
        else { continue }
        let column = Int(xSpan > 0 ? (point.x - xs.lowerBound) / xSpan * maxX : 0) / dotsAcross
        let row = Int(ySpan > 0 ? maxY - (point.y - ys.lowerBound) / ySpan * maxY : maxY) / dotsDown
        let x = max(plot.x, min(plot.x + column - label.count / 2, plot.maxX - label.count))
        let y = plot.y + (row > 0 ? row - 1 : row + 1)
        canvas.put(label, x: x, y: y, style: line.style, clip: plot)
      }
    }
  }

  /// The series of each legend row: as many as fit in `width`, in order.
  func legendRows(width: Int) -> [[Series]] {
    var rows: [[Series]] = [[]]
    var used = 0
    // A series without a name (the second edge of a band) has no entry.
    for line in series where !line.name.isEmpty {
      // The two spaces after an entry need not fit at the end of a row.
      let length = markerText(line).count + 1 + line.name.count
      if used > 0 && used + length > width {
        rows.append([])
        used = 0
      }
      rows[rows.count - 1].append(line)
      used += length + 2
    }
    return rows
  }

  private func markerText(_ line: Series) -> String {
    glyphs.usesBraille ? String(repeating: glyphs.horizontal, count: 2) : String(line.marker)
  }

  /// A legend row: each series' marker in its style, then its name, two spaces apart.
  private func drawLegend(_ entries: [Series], row: Int, in area: Rect, on canvas: inout Canvas) {
    var column = area.x
    for line in entries {
      column = canvas.put(markerText(line), x: column, y: row, style: line.style, clip: area)
      column = canvas.put(" " + line.name + "  ", x: column, y: row, style: .plain, clip: area)
    }
  }

  /// The range of `values`, widened when it has zero width; `0...1` when there are none. On
  /// a log axis the positive values only, widened by a factor of 2 around one value.
  static func span(_ values: [Double], log: Bool = false) -> ClosedRange<Double> {
    if log {
      let positive = values.filter { $0 > 0 }
      guard let low = positive.min(), let high = positive.max() else { return 0.1...1 }
      return low < high ? low...high : (low / 2)...(high * 2)
    }
    guard let low = values.min(), let high = values.max() else { return 0...1 }
    if low < high { return low...high }
    let pad = low == 0 ? 1 : abs(low) * 0.1
    return (low - pad)...(high + pad)
  }
}
