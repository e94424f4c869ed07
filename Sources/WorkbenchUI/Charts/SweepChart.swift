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
        name: "T=\(run.timeSteps)",
        points: run.testAccuracy.enumerated().map { (Double($0.offset + 1), $0.element * 100) },
        style: theme.series(i), marker: theme.seriesMarkers[i % theme.seriesMarkers.count])
    }
    LineChart(series: series, axisStyle: theme.dim, glyphs: glyphs).render(
      in: left.innerArea(of: halves[0]), on: &canvas)
    let right = Panel(
      title: "final test accuracy (%) against T", borderStyle: theme.border,
      titleStyle: theme.accent, glyphs: glyphs)
    right.render(in: halves[1], on: &canvas)
    let inner = right.innerArea(of: halves[1])
    let parts = inner.rows([.weight(1), .fixed(runs.count)])
    LineChart(
      series: [
        LineChart.Series(
          name: "final accuracy",
          points: runs.map { (Double($0.timeSteps), ($0.testAccuracy.last ?? 0) * 100) },
          style: theme.series(2), marker: "o")
      ], axisStyle: theme.dim, glyphs: glyphs
    ).render(in: parts[0], on: &canvas)
    BarChart(
      bars: runs.map {
        BarChart.Bar(
          label: "T=\($0.timeSteps)", value: ($0.testAccuracy.last ?? 0) * 100,
          text: String(format: "%.2f %%", ($0.testAccuracy.last ?? 0) * 100))
      }, maximum: 100, style: theme.style(.cyan), glyphs: glyphs
    ).render(in: parts[1], on: &canvas)
  }
}
