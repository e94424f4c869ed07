// A histogram: vertical bars of bin counts over [lower, upper], edges labelled below.
// Titles and statistics belong to the enclosing Panel.

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

  /// A histogram of `counts` over `lower…upper`.
  public init(
    counts: [Int], lower: Double, upper: Double, style: Style = .plain,
    labelStyle: Style = .plain, glyphs: GlyphSet = .unicode
  ) {
    self.counts = counts
    self.lower = lower
    self.upper = upper
    self.style = style
    self.labelStyle = labelStyle
    self.glyphs = glyphs
  }

  /// Draws the bars and the edge labels.
  public func render(in area: Rect, on canvas: inout Canvas) {
    let area = area.intersection(canvas.bounds)
    guard !area.isEmpty, !counts.isEmpty else { return }
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
