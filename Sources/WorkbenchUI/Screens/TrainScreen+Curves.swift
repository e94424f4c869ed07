// The Train screen's curves: the scale factor of every layer, accuracy (%) and the loss per
// sample. The accuracy axis fits the data in view (its range in the title); `a` shows all
// batches, the last epoch, or the batches since the last change of a setting; the loss is on
// a log axis, a smoothed line over the raw points; every applied change is a numbered tick
// on every curve ("[3]" in the log). Compared runs (up to two, Experiments screen, c) share
// an x axis in epochs, a one-line legend and a table of each run's final figures.

import Foundation
import TerminalKit
import Workbench

extension TrainScreen {
  /// A run on the curves: its snapshot, name and colour; compared runs are dim.
  struct CurveRun {
    let snapshot: SessionSnapshot
    let name: String
    let compared: Bool
    let colour: Int
  }

  /// The curves' runs: this one, then the compared ones.
  var curveRuns: [CurveRun] {
    [CurveRun(snapshot: snapshot, name: snapshot.presetName, compared: false, colour: 0)]
      + state.comparisons.enumerated().map {
        CurveRun(
          snapshot: $0.element.snapshot, name: $0.element.name, compared: true,
          colour: $0.offset + 1)
      }
  }

  /// Compared runs line up in epochs; a run alone is drawn against its batches.
  var inEpochs: Bool { !state.comparisons.isEmpty }

  /// The x of `batch` of `run`: the batch, or with comparisons the epoch it reaches.
  func x(_ batch: Double, of run: SessionSnapshot) -> Double {
    inEpochs ? batch / Double(max(1, run.batchesPerEpoch)) : batch
  }

  /// `style` dimmed, for a compared run.
  func dimmed(_ style: Style) -> Style {
    var style = style
    style.dim = true
    return style
  }

  static let runColours: [TerminalColor] = [.cyan, .yellow, .magenta]

  func runStyle(_ run: CurveRun) -> Style {
    theme.style(Self.runColours[run.colour % Self.runColours.count])
  }

  func drawScaleFactors(in area: Rect, on canvas: inout Canvas) {
    let inner = panel("Scale factors S per layer", index: 2, in: area, on: &canvas)
    let names = snapshot.last?.layers.map(\.name) ?? []
    guard !snapshot.scaleFactors.isEmpty, names.count == snapshot.scaleFactors.count else {
      canvas.put(waitingText, x: inner.x + 1, y: inner.y, style: theme.dim, clip: inner)
      return
    }
    var series: [LineChart.Series] = []
    for run in curveRuns {
      let layerNames = run.snapshot.last?.layers.map(\.name) ?? names
      for (i, s) in run.snapshot.scaleFactors.enumerated() {
        let stride = Double(s.stride)
        let style = theme.series(i)
        series.append(
          LineChart.Series(
            name: (layerNames.indices.contains(i) ? layerNames[i] : "layer \(i + 1)")
              + (run.compared ? " · " + run.name : ""),
            points: s.values.enumerated().map {
              (x(Double($0.offset) * stride, of: run.snapshot), Double($0.element))
            },
            style: run.compared ? dimmed(style) : style,
            marker: theme.seriesMarkers[i % theme.seriesMarkers.count]))
      }
    }
    // With comparisons the legend names this run's layers only (the others are dim twins).
    var chart = LineChart(
      series: series, showsLegend: !inEpochs, axisStyle: theme.dim, glyphs: theme.glyphs,
      xLabel: inEpochs ? "epoch" : "batch")
    chart.marks = changeMarks
    var plot = inner
    if inEpochs, plot.height >= 4 {
      let legend = names.enumerated().map {
        "\(theme.glyphs.horizontal)\(theme.glyphs.horizontal) \($0.element)"
      }
      var x = plot.x
      for (i, entry) in legend.enumerated() where x + entry.count <= plot.maxX {
        x = canvas.put(entry + "  ", x: x, y: plot.maxY - 1, style: theme.series(i), clip: plot)
      }
      plot.height -= 1
    }
    chart.render(in: plot, on: &canvas)
  }

  /// The ticks of this run's applied changes, numbered as in the log.
  var changeMarks: [(x: Double, label: String)] {
    snapshot.changes.enumerated().map { (x(Double($0.element), of: snapshot), "\($0.offset + 1)") }
  }

  /// The x range the curves show under `state.curveWindow`.
  private func window(upTo end: Double) -> ClosedRange<Double> {
    let start: Double
    switch state.curveWindow {
    case .all: start = 0
    case .lastEpoch:
      start = x(
        Double(max(0, snapshot.batchesDone - max(1, snapshot.batchesPerEpoch))), of: snapshot)
    case .sinceChange:
      start = snapshot.changes.last.map { x(Double($0), of: snapshot) } ?? 0
    }
    return min(start, end)...max(end, start + (inEpochs ? 0.01 : 1))
  }

  func drawCurves(in area: Rect, on canvas: inout Canvas) {
    guard !snapshot.accuracy.values.isEmpty else {
      let inner = panel("Accuracy and loss", index: 3, in: area, on: &canvas)
      canvas.put(waitingText, x: inner.x + 1, y: inner.y, style: theme.dim, clip: inner)
      return
    }
    let runs = curveRuns
    var accuracy: [LineChart.Series] = []
    var rawLoss: [LineChart.Series] = []
    var smoothLoss: [LineChart.Series] = []
    var end = 1e-9
    for run in runs {
      let s = run.snapshot
      end = max(end, x(Double(s.batchesDone), of: s))
      let stride = Double(s.accuracy.stride)
      let smoothed = Self.smooth(s.accuracy.values.map(Double.init), window: 8)
      let colour = inEpochs ? runStyle(run) : theme.series(0)
      accuracy.append(
        LineChart.Series(
          name: "train accuracy % (mean of 8 batches)",
          points: smoothed.enumerated().map {
            (x(Double($0.offset) * stride, of: s), $0.element * 100)
          },
          style: run.compared ? dimmed(colour) : colour, marker: "*"))
      // A run alone also shows its test accuracy after each epoch.
      if !inEpochs, !s.testAccuracy.isEmpty {
        let perEpoch = Double(max(1, s.batchesPerEpoch))
        accuracy.append(
          LineChart.Series(
            name: "test accuracy % (per epoch)",
            points: s.testAccuracy.enumerated().map {
              (Double($0.offset + 1) * perEpoch - 1, $0.element * 100)
            },
            style: theme.series(2), marker: "o"))
      }
      let lossStride = Double(s.loss.stride)
      let loss = s.loss.values.map(Double.init)
      let lossColour = inEpochs ? runStyle(run) : theme.series(4)
      rawLoss.append(
        LineChart.Series(
          name: "loss",
          points: loss.enumerated().map { (x(Double($0.offset) * lossStride, of: s), $0.element) },
          style: dimmed(lossColour), marker: "."))
      smoothLoss.append(
        LineChart.Series(
          name: "loss",
          points: Self.smooth(loss, window: 16).enumerated().map {
            (x(Double($0.offset) * lossStride, of: s), $0.element)
          },
          style: run.compared ? dimmed(lossColour) : lossColour, marker: "-"))
    }
    let xs = window(upTo: end)
    let accuracyRange = Self.fittedRange(accuracy, in: xs, within: 0...100, least: 1)
    let test = snapshot.testAccuracy.last.map { String(format: " · test %.2f %%", $0 * 100) } ?? ""
    let windowNote = state.curveWindow == .all ? "" : " · \(state.curveWindow.rawValue)"
    let inner = panel(
      "Accuracy and loss\(test) · y \(Self.percent(accuracyRange.lowerBound))–"
        + "\(Self.percent(accuracyRange.upperBound)) %\(windowNote)", index: 3, in: area,
      on: &canvas)
    var plots = inner
    // The legend: one line for everything.
    if plots.height >= 5 {
      drawCurveLegend(
        runs: runs, in: Rect(x: plots.x, y: plots.maxY - 1, width: plots.width, height: 1),
        on: &canvas)
      plots.height -= 1
    }
    // A table of each compared run's final figures under the plots (beside them when low).
    if inEpochs {
      let table = finalFigures(runs)
      let width = (table.map(\.count).max() ?? 0) + 1
      if plots.height - table.count >= 6 {
        drawTable(
          table,
          in: Rect(
            x: plots.x, y: plots.maxY - table.count, width: plots.width, height: table.count),
          on: &canvas)
        plots.height -= table.count
      } else if plots.width - width >= 26 {
        drawTable(
          table,
          in: Rect(x: plots.maxX - width + 1, y: plots.y, width: width - 1, height: plots.height),
          on: &canvas)
        plots.width -= width
      }
    }
    // Accuracy above loss; side by side where the panel is low.
    let parts =
      plots.height >= 12 || plots.width < 50
      ? plots.rows([.weight(3), .weight(2)]) : plots.columns([.weight(1), .weight(1)])
    var accuracyChart = LineChart(
      series: accuracy, xRange: xs, yRange: accuracyRange, showsLegend: false,
      axisStyle: theme.dim, glyphs: theme.glyphs, xLabel: inEpochs ? "epoch" : "batch")
    accuracyChart.marks = changeMarks
    accuracyChart.render(in: parts[0], on: &canvas)
    var lossChart = LineChart(
      series: rawLoss + smoothLoss, xRange: xs,
      yRange: Self.fittedRange(
        smoothLoss + rawLoss, in: xs, within: 1e-12...Double.greatestFiniteMagnitude, least: 0,
        log: true),
      showsLegend: false, axisStyle: theme.dim, glyphs: theme.glyphs,
      xLabel: inEpochs ? "epoch" : "batch")
    lossChart.logY = true
    lossChart.marks = changeMarks
    lossChart.render(in: parts[1], on: &canvas)
  }

}
