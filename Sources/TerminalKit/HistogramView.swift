// A histogram: vertical bars of bin counts over [lower, upper], edges labelled below.
// Titles and statistics belong to the enclosing Panel.

import Foundation

/// Vertical bars of `counts` for equal bins spanning `lower…upper`.
///
/// Bar heights are scaled so the largest count fills the bar rows; Unicode bars are
/// drawn in eighths of a cell (`▁▂▃▄▅▆▇█`), ASCII bars in whole `#` cells. A non-zero count
/// is always at least one eighth (one cell in ASCII) tall so it stays visible. Each bin gets
/// `width / bins` columns (one column gap between bars from 3 columns on); with more bins
/// than columns, neighbouring bins are summed into one bar, `ceil(bins / width)` each. The
/// bottom row holds `lower` under the first bar and `upper` ending under the last bar in compact
/// form (when the area has 2 rows or more).
public struct HistogramView: Widget, Sendable {
  /// The count of each bin, left to right.
  public var counts: [Int]
  /// The left edge of the first bin.
  public var lower: Double
  /// The right edge of the last bin.
  public var upper: Double
  /// The style of the bars.
  public var style: Style
  /// The style of the edge labels.
  public var labelStyle: Style
  /// Block elements or ASCII.
  public var glyphs: GlyphSet
  /// A count axis on the left (the largest bar's count at the top, 0 at the bottom) and the
  /// inner bin edges labelled below wherever they fit.
  public var showsAxes: Bool

  /// A histogram of `counts` over `lower…upper`.
  public init(
    counts: [Int], lower: Double, upper: Double, style: Style = .plain,
    labelStyle: Style = .plain, glyphs: GlyphSet = .unicode, showsAxes: Bool = false
  ) {
    self.counts = counts
    self.lower = lower
    self.upper = upper
    self.style = style
    self.labelStyle = labelStyle
    self.glyphs = glyphs
    self.showsAxes = showsAxes
  }

  /// Draws the bars and the edge labels.
  public func render(in area: Rect, on canvas: inout Canvas) {
    var area = area.intersection(canvas.bounds)
    guard !area.isEmpty, !counts.isEmpty else { return }
    if showsAxes && area.height >= 3 {
      // The count axis: as wide as the largest bar's count, computed as the bars will be.
      let binsPerBar = (counts.count + max(1, area.width - 6) - 1) / max(1, area.width - 6)
      let largest =
        stride(from: 0, to: counts.count, by: binsPerBar).map { start in
          counts[start..<min(start + binsPerBar, counts.count)].reduce(0) { $0 + max(0, $1) }
        }.max() ?? 0
      let top = CompactNumber.string(Double(largest))
      let gutter = top.count + 1
      if area.width > gutter + 4 {
        canvas.put(
          TextLayout.fit(top, width: top.count, alignment: .right), x: area.x, y: area.y,
          style: labelStyle, clip: area)
        canvas.put(
          TextLayout.fit("0", width: top.count, alignment: .right), x: area.x, y: area.maxY - 2,
          style: labelStyle, clip: area)
        for row in area.y..<(area.maxY - 1) {
          let tick = row == area.y || row == area.maxY - 2
          canvas[x: area.x + top.count, y: row] = Cell(
            tick ? glyphs.axisTick : glyphs.vertical, style: labelStyle)
        }
        area.x += gutter
        area.width -= gutter
      }
    }
    let binsPerBar = (counts.count + area.width - 1) / area.width
    let bars = stride(from: 0, to: counts.count, by: binsPerBar).map { start in
      counts[start..<min(start + binsPerBar, counts.count)].reduce(0) { $0 + max(0, $1) }
    }
    let barPitch = area.width / bars.count
    let barWidth = barPitch >= 3 ? barPitch - 1 : barPitch
    let usedWidth = barPitch * bars.count
    let barRows = area.height >= 2 ? area.height - 1 : area.height

    let largest = bars.max() ?? 0
    let eighths = glyphs.verticalEighths
    let steps = barRows * eighths.count
    if largest > 0 {
      for (index, count) in bars.enumerated() where count > 0 {
        var height = Int((Double(count) / Double(largest) * Double(steps)).rounded())
        height = max(1, min(steps, height))
        for level in 0..<barRows {
          let filled = height - level * eighths.count
          guard filled > 0 else { break }
          let character = eighths[min(filled, eighths.count) - 1]
          let row = area.y + barRows - 1 - level
          let left = area.x + index * barPitch
          canvas.fill(
            Rect(x: left, y: row, width: barWidth, height: 1), with: character, style: style)
        }
      }
    }

    guard area.height >= 2 else { return }
    let row = area.maxY - 1
    if showsAxes {
      // Edges under the bar boundaries at the multiples of the finest round step whose
      // labels do not touch (0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, …).
      let edges = (0...bars.count).map { boundary in
        let bin = min(counts.count, boundary * binsPerBar)
        return (
          x: area.x + boundary * barPitch,
          value: lower + (upper - lower) * Double(bin) / Double(counts.count)
        )
      }
      let span = max(abs(upper - lower), 1e-12)
      let base = pow(10, (log10(span) - 2).rounded(.down))
      for step in [1.0, 2.5, 5, 10, 25, 50, 100, 250, 500].map({ $0 * base }) {
        let marked = edges.filter {
          let multiple = ($0.value / step).rounded()
          return abs($0.value - multiple * step) < step * 1e-6
        }
        let placed = marked.map { edge -> (x: Int, label: String) in
          let label = CompactNumber.string(abs(edge.value) < step * 1e-6 ? 0 : edge.value)
          return (min(edge.x, area.maxX - label.count), label)
        }
        let fits = zip(placed, placed.dropFirst()).allSatisfy {
          $0.x + $0.label.count < $1.x
        }
        guard fits, placed.count >= 2 || step == 500 * base else { continue }
        for edge in placed where edge.x >= area.x {
          canvas.put(edge.label, x: edge.x, y: row, style: labelStyle, clip: area)
        }
        return
      }
      return
    }
    let lowerLabel = CompactNumber.string(lower)
    let upperLabel = CompactNumber.string(upper)
    canvas.put(lowerLabel, x: area.x, y: row, style: labelStyle, clip: area)
    if lowerLabel.count + 1 + upperLabel.count <= area.width {
      let barsEnd = area.x + usedWidth - (barPitch - barWidth)
      let end = min(area.maxX, max(barsEnd, area.x + lowerLabel.count + 1 + upperLabel.count))
      canvas.put(upperLabel, x: end - upperLabel.count, y: row, style: labelStyle, clip: area)
    }
  }
}
