// The Train screen's per-layer table and log panels (issue 14): beside the plots on wide
// terminals, in place of the flows and scale factors while focused on narrower ones.

import TerminalKit
import Workbench

extension TrainScreen {
  /// The latency curve after the last epoch: test accuracy (%) against the inference time
  /// steps T, from the same weights, with the SOPs per inference at the longest window.
  func drawLatency(in area: Rect, on canvas: inout Canvas) {
    let curve = snapshot.latency
    let operations =
      curve.last.map {
        " · \(CompactNumber.string($0.synapticOperations)) SOPs at T=\($0.timeSteps)"
      } ?? ""
    let inner = panel(
      "Latency · accuracy against inference steps T\(operations)", index: Self.latencyPanel,
      in: area, on: &canvas)
    guard !curve.isEmpty else {
      canvas.put(
        "after each epoch: test accuracy at T/20, T/10, T/5, T/2 and T (t zooms)", x: inner.x + 1,
        y: inner.y, style: theme.dim, clip: inner)
      return
    }
    let series = LineChart.Series(
      name: "test accuracy % after epoch \(snapshot.testAccuracy.count)",
      points: curve.map { (Double($0.timeSteps), $0.accuracy * 100) }, style: theme.series(2),
      marker: "o", labels: curve.map { String(format: "%.1f", $0.accuracy * 100) })
    // With room, the values themselves on a line under the chart.
    var chartArea = inner
    if inner.height >= 8 {
      let parts = inner.rows([.weight(1), .fixed(1)])
      chartArea = parts[0]
      let values = curve.map { String(format: "T=%d: %.1f %%", $0.timeSteps, $0.accuracy * 100) }
      canvas.put(
        "test accuracy " + values.joined(separator: " · "), x: parts[1].x + 1, y: parts[1].y,
        style: theme.dim, clip: parts[1])
    }
    LineChart(
      series: [series], yRange: 0...100, axisStyle: theme.dim, glyphs: theme.glyphs,
      xLabel: "time steps T"
    ).render(in: chartArea, on: &canvas)
  }

  /// The log, newest last, wrapped; scrolled up by `state.logScroll` entries when zoomed.
  func drawLog(in area: Rect, on canvas: inout Canvas) {
    let scroll = state.zoomed || state.focus == Self.logPanel ? state.logScroll : 0
    let more = scroll > 0 ? " · \(scroll) newer below (↓)" : ""
    let inner = panel("Log · l full view\(more)", index: Self.logPanel, in: area, on: &canvas)
    guard !state.log.entries.isEmpty else {
      canvas.put(
        "notices, epochs, checkpoints and errors appear here", x: inner.x + 1, y: inner.y,
        style: theme.dim, clip: inner)
      return
    }
    let width = max(1, inner.width - 1)
    var lines: [(String, Style)] = []
    for entry in state.log.visible(rows: inner.height, scroll: scroll) {
      let style: Style =
        switch entry.kind {
        case .error: theme.style(.red, bold: true)
        case .warning: theme.style(.yellow)
        case .epoch: theme.style(.green)
        case .checkpoint: theme.style(.cyan)
        case .notice: .plain
        }
      for (i, line) in TextLayout.wrap(entry.time + " " + entry.text, width: width).enumerated() {
        lines.append(((i == 0 ? "" : "         ") + line, style))
      }
    }
    for (row, line) in lines.suffix(inner.height).enumerated() {
      canvas.put(line.0, x: inner.x + 1, y: inner.y + row, style: line.1, clip: inner)
    }
  }

  func drawLayerTable(in area: Rect, on canvas: inout Canvas) {
    let inner = panel("Layers · last batch", index: Self.layerTablePanel, in: area, on: &canvas)
    guard let stats = snapshot.last else {
      canvas.put(waitingText, x: inner.x + 1, y: inner.y, style: theme.dim, clip: inner)
      return
    }
    let table = LayerTable(statistics: stats, agreement: snapshot.agreement)
    let parts = inner.rows([.fixed(table.rows.count + 1), .weight(1)])
    table.render(in: parts[0], on: &canvas, theme: theme)
    var notes = [
      "rate = FO/T: output spikes per neuron and step · silent: never fired",
      "FI/(T·Vth): mean input per step, in thresholds · satur.: fired every step",
      "SOPs: synaptic operations per sample (input spikes × fan-out)",
    ]
    if !snapshot.agreement.isEmpty {
      notes.append("cos BPTT: the gradient's cosine to BPTT's on 8 samples of the batch")
    }
    let noteRows = min(notes.count, max(0, parts[1].height - 1))
    for (row, line) in notes.prefix(noteRows).enumerated() {
      canvas.put(line, x: parts[1].x, y: parts[1].y + 1 + row, style: theme.dim, clip: parts[1])
    }
    // With room, each weight layer's cosine at every check so far.
    let curveArea = Rect(
      x: parts[1].x, y: parts[1].y + 1 + noteRows, width: parts[1].width,
      height: parts[1].height - 1 - noteRows)
    if curveArea.height >= 6, !snapshot.agreementHistory.isEmpty {
      drawAgreement(in: curveArea, on: &canvas)
    }
  }

  /// The gradient checks so far: per layer with weights, cos(∇_method, ∇_BPTT) per check.
  func drawAgreement(in area: Rect, on canvas: inout Canvas) {
    let names = snapshot.agreementLayers
    let series = snapshot.agreementHistory.enumerated().map { i, history in
      LineChart.Series(
        name: names.indices.contains(i) ? names[i] : "layer \(i + 1)",
        points: history.values.enumerated().compactMap { k, value in
          value.isFinite ? (Double(k * history.stride + 1), Double(value)) : nil
        }, style: theme.series(i), marker: "o")
    }
    let low = snapshot.agreementHistory.flatMap(\.values).filter(\.isFinite).min() ?? 0
    LineChart(
      series: series, yRange: Double(min(0, low))...1, axisStyle: theme.dim,
      glyphs: theme.glyphs, xLabel: "gradient check"
    ).render(in: area, on: &canvas)
  }
}
