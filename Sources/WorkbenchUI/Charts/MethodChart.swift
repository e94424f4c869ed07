// The method arena's cost picture: seconds per batch against T (one line per method) beside
// the planned batch memory against T, above a table with each method's seconds, its ratio to
// BPTT and its memory per T. It draws a finished MethodComparison.

import Foundation
import TerminalKit
import Workbench

/// Draws a comparison of training methods per time window.
public struct MethodChart: Widget {
  public let comparison: MethodComparison
  public var glyphs: GlyphSet = .unicode

  public init(comparison: MethodComparison, glyphs: GlyphSet = .unicode) {
    self.comparison = comparison
    self.glyphs = glyphs
  }

  public func render(in area: Rect, on canvas: inout Canvas) {
    let area = area.intersection(canvas.bounds)
    guard !area.isEmpty else { return }
    let theme = Theme(glyphs: glyphs, color: true)
    let tableHeight = min(comparison.rows.count + 4, area.height / 2)
    let parts = area.rows([.weight(1), .fixed(tableHeight)])
    let top = parts[0].columns([.weight(1), .weight(1)])
    let subject = "\(comparison.architecture) · batch \(comparison.batchSize)"
    let timeArea = panel("seconds per batch against T · \(subject)", top[0], theme, &canvas)
    let memoryArea = panel("planned batch memory (MiB) against T", top[1], theme, &canvas)
    let tableArea = panel(
      "seconds per batch (× BPTT's) and planned MiB per T", parts[1], theme, &canvas)
    guard !comparison.rows.isEmpty else {
      canvas.put("no measurements", x: timeArea.x + 1, y: timeArea.y, style: theme.dim)
      return
    }
    lines(in: timeArea, theme: theme, on: &canvas) { $0.secondsPerBatch }
    lines(in: memoryArea, theme: theme, on: &canvas) { $0.plannedMiB }
    table(in: tableArea, theme: theme, on: &canvas)
  }

  private func panel(_ title: String, _ area: Rect, _ theme: Theme, _ canvas: inout Canvas)
    -> Rect
  {
    let panel = Panel(
      title: title, borderStyle: theme.border, titleStyle: theme.accent, glyphs: glyphs)
    panel.render(in: area, on: &canvas)
    return panel.innerArea(of: area)
  }

  /// One line per method of `value` against T, from zero (the chart's legend names them).
  private func lines(
    in area: Rect, theme: Theme, on canvas: inout Canvas,
    _ value: (MethodComparison.Cell) -> Double
  ) {
    let rows = comparison.rows.sorted { $0.timeSteps < $1.timeSteps }
    let series = comparison.methods.enumerated().map { m, method in
      LineChart.Series(
        name: method.title, points: rows.map { (Double($0.timeSteps), value($0.cells[m])) },
        style: theme.series(m), marker: "o")
    }
    let top = rows.flatMap { row in row.cells.map(value) }.filter(\.isFinite).max() ?? 1
    LineChart(
      series: series, yRange: 0...max(top * 1.1, 1e-9), axisStyle: theme.dim, glyphs: glyphs
    ).render(in: area, on: &canvas)
  }

  private func table(in area: Rect, theme: Theme, on canvas: inout Canvas) {
    let columns =
      [TableView.Column("T", alignment: .right)]
      + comparison.methods.map { TableView.Column("\($0.title) s (×BPTT)", alignment: .right) }
      + comparison.methods.map { TableView.Column("\($0.title) MiB", alignment: .right) }
    let rows = comparison.rows.map { row in
      ["\(row.timeSteps)"]
        + row.cells.indices.map { m in
          let seconds = String(format: "%.3f", row.cells[m].secondsPerBatch)
          return comparison.timeRatio(row, method: m).map {
            seconds + String(format: " (%.2f)", $0)
          } ?? seconds
        }
        + row.cells.map { String(format: "%.0f", $0.plannedMiB) }
    }
    TableView(columns: columns, rows: rows, headerStyle: theme.accent, glyphs: glyphs)
      .render(in: area, on: &canvas)
  }
}
