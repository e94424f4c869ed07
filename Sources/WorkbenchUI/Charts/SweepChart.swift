// The Figure 4 view: test accuracy per epoch for every time window, and the final accuracy
// against T, side by side.

import TerminalKit
import Workbench

/// Draws the results of a time-window sweep.
public struct SweepChart: Widget {
  public let runs: [SweepRun]
  public let title: String
  public var glyphs: GlyphSet = .unicode

  public init(runs: [SweepRun], title: String, glyphs: GlyphSet = .unicode) {
    self.runs = runs
    self.title = title
    self.glyphs = glyphs
  }

  public func render(in area: Rect, on canvas: inout Canvas) {
    guard !area.isEmpty else { return }
    let theme = Theme(glyphs: glyphs, color: true)
    let halves = area.columns([.weight(1), .weight(1)])
    let left = Panel(
      title: "\(title) · test accuracy per epoch", borderStyle: theme.border,
      titleStyle: theme.accent, glyphs: glyphs)
    left.render(in: halves[0], on: &canvas)
    let series = runs.enumerated().map { i, run in
      LineChart.Series(
        name: run.label,
        points: run.testAccuracy.enumerated().map { (Double($0.offset + 1), $0.element * 100) },
        style: theme.series(i), marker: theme.seriesMarkers[i % theme.seriesMarkers.count])
    }
    let all = runs.flatMap(\.testAccuracy).map { $0 * 100 }
    LineChart(
      series: series, yRange: Self.baselineRange(all), axisStyle: theme.dim, glyphs: glyphs,
      xLabel: "epoch"
    ).render(in: left.innerArea(of: halves[0]), on: &canvas)
    let key = runs.first?.key ?? TimeWindowSweep.timeKey
    let numeric = runs.allSatisfy { $0.number != nil }
    let name = key == TimeWindowSweep.timeKey ? "T" : key
    let right = Panel(
      title: "final test accuracy (%) against \(name)", borderStyle: theme.border,
      titleStyle: theme.accent, glyphs: glyphs)
    right.render(in: halves[1], on: &canvas)
    let inner = right.innerArea(of: halves[1])
    let bars = BarChart(
      bars: runs.map {
        BarChart.Bar(
          label: $0.label, value: ($0.testAccuracy.last ?? 0) * 100,
          text: String(format: "%.2f %%", ($0.testAccuracy.last ?? 0) * 100) + " · "
            + Self.duration($0.seconds))
      }, maximum: 100, style: theme.style(.cyan), glyphs: glyphs)
    // Numbers (time windows, weights) get a curve over their values; words only the bars.
    guard numeric else {
      bars.render(in: inner, on: &canvas)
      return
    }
    let parts = inner.rows([.weight(1), .fixed(runs.count)])
    LineChart(
      series: [
        LineChart.Series(
          name: "final accuracy",
          points: runs.map { ($0.number ?? 0, ($0.testAccuracy.last ?? 0) * 100) },
          style: theme.series(2), marker: "o")
      ], yRange: Self.baselineRange(runs.map { ($0.testAccuracy.last ?? 0) * 100 }),
      axisStyle: theme.dim, glyphs: glyphs,
      xLabel: key == TimeWindowSweep.timeKey ? "time window T" : key
    ).render(in: parts[0], on: &canvas)
    bars.render(in: parts[1], on: &canvas)
  }

  /// An accuracy axis (%) that starts at a round baseline below the data, so that small
  /// differences are neither hidden nor blown up to the full height: twice the spread (at
  /// least 1 point) under the lowest value, rounded down to 1 (or 5 above a spread of 10),
  /// and up to half the spread over the highest, at most 100.
  static func baselineRange(_ values: [Double]) -> ClosedRange<Double>? {
    guard let low = values.min(), let high = values.max() else { return nil }
    let spread = high - low
    let unit = spread > 10 ? 5.0 : 1.0
    let bottom = max(0, ((low - max(1, 2 * spread)) / unit).rounded(.down) * unit)
    let top = min(100, max(bottom + 1, (high + max(0.5, spread / 2)).rounded(.up)))
    return bottom...max(top, high)
  }

  /// "38.7 s", "4m 12s", "2h 05m": a run's duration.
  static func duration(_ seconds: Double) -> String {
    guard seconds.isFinite, seconds >= 0 else { return "?" }
    if seconds < 60 { return String(format: "%.1f s", seconds) }
    let s = Int(seconds.rounded())
    if s < 3600 { return "\(s / 60)m \(String(format: "%02d", s % 60))s" }
    return "\(s / 3600)h \(String(format: "%02d", (s % 3600) / 60))m"
  }
}
