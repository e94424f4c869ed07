// The pieces of the Train screen's curves: which batches they show (`a`), the one-line
// legend, the table of compared runs' final figures, the fitted accuracy range.

import Foundation
import TerminalKit
import Workbench

/// Which batches the curves show (`a` cycles).
public enum CurveWindow: String, Sendable, CaseIterable {
  case all = "all batches"
  case lastEpoch = "last epoch"
  case sinceChange = "since change"

  /// In a sentence.
  var sentence: String {
    switch self {
    case .all: "every batch"
    case .lastEpoch: "the last epoch"
    case .sinceChange: "the batches since the last change"
    }
  }

  var next: CurveWindow {
    switch self {
    case .all: .lastEpoch
    case .lastEpoch: .sinceChange
    case .sinceChange: .all
    }
  }
}

extension TrainScreen {
  /// The one-line legend: what each colour is, the log axis and the change ticks.
  func drawCurveLegend(runs: [CurveRun], in area: Rect, on canvas: inout Canvas) {
    let line = String(repeating: theme.glyphs.horizontal, count: 2)
    var entries: [(String, Style)]
    if inEpochs {
      entries = runs.map { ("\(line) \($0.name)\($0.compared ? "" : " (this run)")", runStyle($0)) }
      entries.append(("train accuracy % · loss (log)", theme.dim))
    } else {
      entries = [
        ("\(line) train accuracy %", theme.series(0)),
        ("\(line) test", theme.series(2)),
        ("\(line) loss, log", theme.series(4)),
      ]
    }
    if !snapshot.changes.isEmpty { entries.append(("┆n change [n] of the log", theme.dim)) }
    var x = area.x
    for (text, style) in entries where x + text.count <= area.maxX {
      x = canvas.put(text + "  ", x: x, y: area.y, style: style, clip: area)
    }
  }

  /// Each run's final figures: epochs trained, train and test accuracy, loss.
  func finalFigures(_ runs: [CurveRun]) -> [String] {
    let width = min(14, runs.map(\.name.count).max() ?? 4)
    var rows = [
      TextLayout.fit("final", width: width, alignment: .left) + " epoch train%  test%   loss"
    ]
    for run in runs {
      let s = run.snapshot
      let epochs = Double(s.batchesDone) / Double(max(1, s.batchesPerEpoch))
      let train = s.accuracy.values.suffix(8).map(Double.init)
      let trainText =
        train.isEmpty ? "–" : String(format: "%.2f", train.reduce(0, +) / Double(train.count) * 100)
      let testText = s.testAccuracy.last.map { String(format: "%.2f", $0 * 100) } ?? "–"
      let loss = s.loss.values.suffix(8).map(Double.init)
      let lossText =
        loss.isEmpty ? "–" : CompactNumber.string(loss.reduce(0, +) / Double(loss.count))
      rows.append(
        TextLayout.fit(run.name, width: width, alignment: .left)
          + TextLayout.fit(String(format: "%.1f", epochs), width: 6, alignment: .right)
          + TextLayout.fit(trainText, width: 7, alignment: .right)
          + TextLayout.fit(testText, width: 7, alignment: .right)
          + TextLayout.fit(lossText, width: 7, alignment: .right))
    }
    return rows
  }

  func drawTable(_ rows: [String], in area: Rect, on canvas: inout Canvas) {
    for (i, row) in rows.prefix(area.height).enumerated() {
      let style: Style =
        i == 0 ? theme.dim : runStyle(curveRuns[min(i - 1, curveRuns.count - 1)])
      canvas.put(row, x: area.x, y: area.y + i, style: style, clip: area)
    }
  }

  /// The range of the series' values at x within `xs`, padded by a tenth (at least `least`
  /// wide), kept within `bounds`; on a log axis a factor of 1.1 each way.
  static func fittedRange(
    _ series: [LineChart.Series], in xs: ClosedRange<Double>, within bounds: ClosedRange<Double>,
    least: Double, log: Bool = false
  ) -> ClosedRange<Double> {
    let values = series.flatMap(\.points).filter {
      xs.contains($0.x) && $0.y.isFinite && (!log || $0.y > 0)
    }.map(\.y)
    guard let low = values.min(), let high = values.max() else {
      return log ? 0.01...1 : bounds
    }
    if log {
      return max(bounds.lowerBound, low / 1.1)...min(bounds.upperBound, max(high * 1.1, low * 1.5))
    }
    let pad = max((high - low) / 10, (least - (high - low)) / 2, 0)
    var lower = max(bounds.lowerBound, low - pad)
    var upper = min(bounds.upperBound, high + pad)
    if upper - lower < least {
      if lower == bounds.lowerBound {
        upper = min(bounds.upperBound, lower + least)
      } else {
        lower = max(bounds.lowerBound, upper - least)
      }
    }
    return lower...upper
  }

  /// A percentage with the decimals its size needs (98.9, 100).
  static func percent(_ value: Double) -> String {
    value >= 99.95 || value.rounded() == value
      ? String(format: "%.0f", value) : String(format: "%.1f", value)
  }
}
