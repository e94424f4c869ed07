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

  /// The runs of one value: one per seed when the sweep repeats values over seeds.
  struct Group {
    let label: String
    let number: Double?
    let runs: [SweepRun]

    /// The mean test accuracy (%) after each epoch all the runs reached.
    var meanPerEpoch: [Double] {
      let epochs = runs.map(\.testAccuracy.count).min() ?? 0
      return (0..<epochs).map { e in
        runs.map { $0.testAccuracy[e] * 100 }.reduce(0, +) / Double(runs.count)
      }
    }
    /// Each run's final test accuracy (%).
    var finals: [Double] { runs.map { ($0.testAccuracy.last ?? 0) * 100 } }
    var mean: Double { finals.reduce(0, +) / Double(max(1, finals.count)) }
    /// The sample standard deviation of the finals (0 for one run).
    var spread: Double {
      guard finals.count > 1 else { return 0 }
      let m = mean
      return (finals.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(finals.count - 1))
        .squareRoot()
    }
    var seconds: Double { runs.map(\.seconds).reduce(0, +) }
    /// The mean seconds from the start to the end of each epoch all the runs reached with
    /// their times known; empty when a run has none.
    var meanElapsed: [Double] {
      let epochs = runs.map(\.elapsed.count).min() ?? 0
      return (0..<epochs).map { e in runs.map { $0.elapsed[e] }.reduce(0, +) / Double(runs.count) }
    }
  }

  /// The runs by value, in the sweep's order.
  var groups: [Group] {
    var order: [String] = []
    var byValue: [String: [SweepRun]] = [:]
    for run in runs {
      if byValue[run.value] == nil { order.append(run.value) }
      byValue[run.value, default: []].append(run)
    }
    return order.map { value in
      let runs = byValue[value] ?? []
      return Group(label: runs[0].label, number: runs[0].number, runs: runs)
    }
  }

  public func render(in area: Rect, on canvas: inout Canvas) {
    guard !area.isEmpty else { return }
    let theme = Theme(glyphs: glyphs, color: true)
    let groups = self.groups
    let seeded = groups.contains { $0.runs.count > 1 }
    let halves = area.columns([.weight(1), .weight(1)])
    let key = runs.first?.key ?? TimeWindowSweep.timeKey
    // Training methods cost different time per epoch, and a budget cuts epochs short: their
    // accuracy against the clock.
    let budgeted = runs.contains { $0.stoppedAt != nil }
    let timed =
      (key == "method" || budgeted)
      && groups.allSatisfy { $0.meanElapsed.count == $0.meanPerEpoch.count }
    let left = Panel(
      title: "\(title) · test accuracy "
        + (timed ? "against training time" : "per epoch") + (seeded ? " (mean over seeds)" : ""),
      borderStyle: theme.border, titleStyle: theme.accent, glyphs: glyphs)
    left.render(in: halves[0], on: &canvas)
    let series = groups.enumerated().map { i, group in
      LineChart.Series(
        name: group.label + (group.runs.count > 1 ? " (\(group.runs.count) seeds)" : ""),
        points: group.meanPerEpoch.enumerated().map { e, accuracy in
          (timed ? group.meanElapsed[e] : Double(e + 1), accuracy)
        },
        style: theme.series(i), marker: theme.seriesMarkers[i % theme.seriesMarkers.count])
    }
    let all = groups.flatMap(\.meanPerEpoch)
    LineChart(
      series: series, yRange: Self.baselineRange(all), axisStyle: theme.dim, glyphs: glyphs,
      xLabel: timed ? "seconds of training and testing" : "epoch"
    ).render(in: left.innerArea(of: halves[0]), on: &canvas)
    let numeric = groups.allSatisfy { $0.number != nil } && groups.count > 1
    let name = key == TimeWindowSweep.timeKey ? "T" : key
    let right = Panel(
      title: "final test accuracy (%) against \(name)\(seeded ? ", mean ± sd" : "")",
      borderStyle: theme.border, titleStyle: theme.accent, glyphs: glyphs)
    right.render(in: halves[1], on: &canvas)
    let inner = right.innerArea(of: halves[1])
    let bars = BarChart(
      bars: groups.map { group in
        let value =
          group.runs.count > 1
          ? String(format: "%.2f ± %.2f %% (%d seeds)", group.mean, group.spread, group.runs.count)
          : String(format: "%.2f %%", group.mean)
        return BarChart.Bar(
          label: group.label, value: group.mean, text: value + " · " + Self.duration(group.seconds))
      }, maximum: 100, style: theme.style(.cyan), glyphs: glyphs)
    // Numbers (time windows, weights) get a curve over their values (with the seeds' lowest
    // and highest, dim); words, or one value, only the bars.
    guard numeric else {
      bars.render(in: inner, on: &canvas)
      return
    }
    let parts = inner.rows([.weight(1), .fixed(groups.count)])
    var lines = [
      LineChart.Series(
        name: seeded ? "mean final accuracy" : "final accuracy",
        points: groups.map { ($0.number ?? 0, $0.mean) }, style: theme.series(2), marker: "o")
    ]
    if seeded {
      lines.append(
        LineChart.Series(
          name: "lowest and highest seed",
          points: groups.map { ($0.number ?? 0, $0.finals.min() ?? 0) }, style: theme.dim,
          marker: "."))
      lines.append(
        LineChart.Series(
          name: "", points: groups.map { ($0.number ?? 0, $0.finals.max() ?? 0) },
          style: theme.dim, marker: "."))
    }
    LineChart(
      series: lines, yRange: Self.baselineRange(groups.flatMap(\.finals)),
      showsLegend: seeded, axisStyle: theme.dim, glyphs: glyphs,
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
