// The Train screen's curves: the scale factor of every layer, accuracy (%) and the loss per
// sample against the batch; with a second recorded run's curves drawn dim beside them when
// one is compared (Experiments screen, c), each named in the legend.

import TerminalKit
import Workbench

extension TrainScreen {
  /// `style` dimmed, for the compared run.
  private func dimmed(_ style: Style) -> Style {
    var style = style
    style.dim = true
    return style
  }

  /// The curves' runs: this one, then the compared one (named, dim).
  private var runs: [(snapshot: SessionSnapshot, suffix: String, compared: Bool)] {
    [(snapshot, "", false)]
      + (state.comparison.map { [($0.snapshot, " · " + $0.name, true)] } ?? [])
  }

  func drawScaleFactors(in area: Rect, on canvas: inout Canvas) {
    let inner = panel("Scale factors S per layer", index: 2, in: area, on: &canvas)
    let names = snapshot.last?.layers.map(\.name) ?? []
    guard !snapshot.scaleFactors.isEmpty, names.count == snapshot.scaleFactors.count else {
      canvas.put(waitingText, x: inner.x + 1, y: inner.y, style: theme.dim, clip: inner)
      return
    }
    var series: [LineChart.Series] = []
    for run in runs {
      let layerNames = run.snapshot.last?.layers.map(\.name) ?? names
      for (i, s) in run.snapshot.scaleFactors.enumerated() {
        let stride = Double(s.stride)
        let style = theme.series(i)
        series.append(
          LineChart.Series(
            name: (layerNames.indices.contains(i) ? layerNames[i] : "layer \(i + 1)") + run.suffix,
            points: s.values.enumerated().map { (Double($0.offset) * stride, Double($0.element)) },
            style: run.compared ? dimmed(style) : style,
            marker: theme.seriesMarkers[i % theme.seriesMarkers.count]))
      }
    }
    LineChart(series: series, axisStyle: theme.dim, glyphs: theme.glyphs, xLabel: "batch").render(
      in: inner, on: &canvas)
  }

  func drawCurves(in area: Rect, on canvas: inout Canvas) {
    let test = snapshot.testAccuracy.last.map { String(format: " · test %.2f %%", $0 * 100) } ?? ""
    let inner = panel("Accuracy and loss\(test)", index: 3, in: area, on: &canvas)
    guard !snapshot.accuracy.values.isEmpty else {
      canvas.put(waitingText, x: inner.x + 1, y: inner.y, style: theme.dim, clip: inner)
      return
    }
    // Accuracy (%) above, loss below: two y axes of their own, one x axis of batches.
    let halves = inner.rows([.weight(3), .weight(2)])
    var accuracy: [LineChart.Series] = []
    var loss: [LineChart.Series] = []
    var batches = 1.0
    for run in runs {
      let s = run.snapshot
      batches = max(batches, Double(s.batchesDone))
      let style = { (i: Int) in
        run.compared ? self.dimmed(self.theme.series(i)) : self.theme.series(i)
      }
      let stride = Double(s.accuracy.stride)
      let smoothed = Self.smooth(s.accuracy.values.map(Double.init), window: 8)
      accuracy.append(
        LineChart.Series(
          name: "train accuracy % (mean of 8 batches)" + run.suffix,
          points: smoothed.enumerated().map { (Double($0.offset) * stride, $0.element * 100) },
          style: style(0), marker: "*"))
      if !s.testAccuracy.isEmpty {
        let perEpoch = Double(max(1, s.batchesPerEpoch))
        accuracy.append(
          LineChart.Series(
            name: "test accuracy % (per epoch)" + run.suffix,
            points: s.testAccuracy.enumerated().map {
              (Double($0.offset + 1) * perEpoch - 1, $0.element * 100)
            },
            style: style(2), marker: "o"))
      }
      loss.append(
        LineChart.Series(
          name: "loss per sample" + run.suffix,
          points: s.loss.values.enumerated().map {
            (Double($0.offset) * Double(s.loss.stride), Double($0.element))
          }, style: style(4), marker: "."))
    }
    LineChart(
      series: accuracy, xRange: 0...batches, yRange: 0...100, axisStyle: theme.dim,
      glyphs: theme.glyphs, xLabel: "batch"
    ).render(in: halves[0], on: &canvas)
    LineChart(
      series: loss, xRange: 0...batches, axisStyle: theme.dim, glyphs: theme.glyphs,
      xLabel: "batch"
    ).render(in: halves[1], on: &canvas)
  }
}
