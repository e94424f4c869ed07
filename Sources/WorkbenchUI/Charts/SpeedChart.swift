// The Figure 3 view: seconds per batch of ASF-BP and BPTT per time window as paired bars,
// the speed-up against T as a labelled line, and the numbers (with peak memory) as a table.
// It draws a finished SpeedComparison; measuring one is the bench command's job.

import Foundation
import TerminalKit
import Workbench

/// Draws an ASF-BP against BPTT speed comparison.
///
/// Layout: the bars (top left) and the speed-up line (top right) side by side above a
/// full-width table with one row per T. The table takes at most half the height; bars and
/// table rows that do not fit are dropped. A comparison without rows draws its panels with
/// a note instead of charts.
public struct SpeedChart: Widget {
  public let comparison: SpeedComparison
  /// What the bar panel's title starts with; the architecture and batch follow it.
  public let title: String
  public var glyphs: GlyphSet = .unicode

  public init(
    comparison: SpeedComparison, title: String = "ASF-BP vs BPTT", glyphs: GlyphSet = .unicode
  ) {
    self.comparison = comparison
    self.title = title
    self.glyphs = glyphs
  }

  public func render(in area: Rect, on canvas: inout Canvas) {
    let area = area.intersection(canvas.bounds)
    guard !area.isEmpty else { return }
    let theme = Theme(glyphs: glyphs, color: true)
    let rows = comparison.rows
    let tableHeight = min(rows.count + 3, area.height / 2)
    let parts = area.rows([.weight(1), .fixed(tableHeight)])
    let top = parts[0].columns([.weight(1), .weight(1)])
    let barsInner = panel(
      "\(title) · \(comparison.architecture) · batch \(comparison.batchSize)", in: top[0],
      theme: theme, on: &canvas)
    let lineInner = panel(
      "speed-up (BPTT / ASF-BP) against T", in: top[1], theme: theme, on: &canvas)
    let tableInner = panel(
      "seconds per batch, speed-up and peak memory per T", in: parts[1], theme: theme,
      on: &canvas)
    guard !rows.isEmpty else {
      canvas.put(
        "no measurements", x: barsInner.x + 1, y: barsInner.y, style: theme.dim, clip: barsInner)
      return
    }
    drawBars(in: barsInner, theme: theme, on: &canvas)
    drawSpeedup(in: lineInner, theme: theme, on: &canvas)
    drawTable(in: tableInner, theme: theme, on: &canvas)
  }

  private func panel(_ title: String, in area: Rect, theme: Theme, on canvas: inout Canvas)
    -> Rect
  {
    let panel = Panel(
      title: title, borderStyle: theme.border, titleStyle: theme.accent, glyphs: glyphs)
    panel.render(in: area, on: &canvas)
    return panel.innerArea(of: area)
  }

  /// Two bars per T (ASF-BP, then BPTT) on one scale, a blank row between Ts when there is
  /// room.
  private func drawBars(in area: Rect, theme: Theme, on canvas: inout Canvas) {
    let asf = theme.series(0)
    let bptt = theme.series(1)
    let spaced = comparison.rows.count * 3 - 1 <= area.height
    var bars: [BarChart.Bar] = []
    for (index, row) in comparison.rows.enumerated() {
      if spaced, index > 0 { bars.append(BarChart.Bar(label: "", value: 0, text: "")) }
      let t = "T=\(row.timeSteps)"
      bars.append(
        BarChart.Bar(
          label: "\(t) ASF-BP", value: row.asfSecondsPerBatch,
          text: Self.secondsText(row.asfSecondsPerBatch), style: asf))
      bars.append(
        BarChart.Bar(
          label: String(repeating: " ", count: t.count + 1) + "BPTT",
          value: row.bpttSecondsPerBatch, text: Self.secondsText(row.bpttSecondsPerBatch),
          style: bptt))
    }
    let largest = comparison.rows.flatMap { [$0.asfSecondsPerBatch, $0.bpttSecondsPerBatch] }
      .filter(\.isFinite).max()
    BarChart(bars: bars, maximum: largest, glyphs: glyphs).render(in: area, on: &canvas)
  }

  /// The speed-up at every T, each point labelled with its ratio.
  private func drawSpeedup(in area: Rect, theme: Theme, on canvas: inout Canvas) {
    let rows = comparison.rows.sorted { $0.timeSteps < $1.timeSteps }
    let ratios = rows.map(\.speedup)
    let finite = ratios.filter(\.isFinite)
    // From parity (1x) or below, up to a whole ratio with room for the labels above the top.
    let low = min(1, finite.min() ?? 1)
    let high = max(low + 1, ((finite.max() ?? 1) * 1.15).rounded(.up))
    LineChart(
      series: [
        LineChart.Series(
          name: "speed-up", points: zip(rows, ratios).map { (Double($0.timeSteps), $1) },
          style: theme.series(2), marker: "o", labels: ratios.map { Self.ratioText($0, glyphs) })
      ], yRange: low...high, axisStyle: theme.dim, glyphs: glyphs
    ).render(in: area, on: &canvas)
  }

  private func drawTable(in area: Rect, theme: Theme, on canvas: inout Canvas) {
    let missing = glyphs == .unicode ? "—" : "-"
    func peak(_ value: Double?) -> String { value.map { String(format: "%.1f", $0) } ?? missing }
    TableView(
      columns: [
        .init("T", alignment: .right), .init("ASF-BP s/batch", alignment: .right),
        .init("BPTT s/batch", alignment: .right), .init("speed-up", alignment: .right),
        .init("ASF-BP peak MiB", alignment: .right), .init("BPTT peak MiB", alignment: .right),
      ],
      rows: comparison.rows.map { row in
        [
          "\(row.timeSteps)", String(format: "%.4f", row.asfSecondsPerBatch),
          String(format: "%.4f", row.bpttSecondsPerBatch), Self.ratioText(row.speedup, glyphs),
          peak(row.asfPeakMiB), peak(row.bpttPeakMiB),
        ]
      }, headerStyle: theme.accent, glyphs: glyphs
    ).render(in: area, on: &canvas)
  }

  /// A duration for a bar: `12 s`, `1.5 s`, `0.41 s`, or `4.2 ms` below 10 ms.
  static func secondsText(_ seconds: Double) -> String {
    guard seconds.isFinite, seconds >= 0 else { return "?" }
    if seconds >= 10 { return String(format: "%.0f s", seconds) }
    if seconds >= 1 { return String(format: "%.1f s", seconds) }
    if seconds >= 0.01 { return String(format: "%.2f s", seconds) }
    return String(format: "%.1f ms", seconds * 1000)
  }

  /// `3.4x` as the README writes it; a dash when a time was zero.
  static func ratioText(_ ratio: Double, _ glyphs: GlyphSet) -> String {
    ratio.isFinite ? SpeedComparison.speedupText(ratio) : (glyphs == .unicode ? "—" : "-")
  }
}
