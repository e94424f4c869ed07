// The Neuron lab screen: the membrane trace of one neuron with its threshold and reset marks,
// a raster of input synapses and the output, the running FI, FO and S beside 1/Vth, a short
// explanation, and the Table 4 sweep as a table and bars.

import Foundation
import SpikingCore
import TerminalKit
import Workbench

/// Draws the neuron lab.
struct NeuronLabScreen {
  let controller: NeuronLabController
  let theme: Theme

  func render(in area: Rect, on canvas: inout Canvas) {
    let halves = area.columns([.weight(3), .weight(2)])
    let left = halves[0].rows([.weight(3), .weight(2)])
    let right = halves[1].rows([.fixed(10), .weight(1), .weight(1)])
    drawMembrane(in: left[0], on: &canvas)
    drawRaster(in: left[1], on: &canvas)
    drawFlows(in: right[0], on: &canvas)
    drawExplanation(in: right[1], on: &canvas)
    drawTable(in: right[2], on: &canvas)
  }

  private func panel(_ title: String, in area: Rect, on canvas: inout Canvas) -> Rect {
    let panel = Panel(
      title: title, borderStyle: theme.border, titleStyle: theme.accent, glyphs: theme.glyphs)
    panel.render(in: area, on: &canvas)
    return panel.innerArea(of: area)
  }

  private var settings: NeuronLabSettings { controller.lab.settings }

  private func drawMembrane(in area: Rect, on canvas: inout Canvas) {
    let s = settings
    let inner = panel(
      "Membrane potential u[t] · Vth=\(format(s.threshold)) · step \(controller.lab.history.count)/\(s.timeSteps)",
      in: area, on: &canvas)
    let history = controller.lab.history
    let t = Double(s.timeSteps)
    let series = [
      LineChart.Series(
        name: "Vth", points: [(0, Double(s.threshold)), (t, Double(s.threshold))],
        style: theme.style(.red), marker: "-"),
      LineChart.Series(
        name: "u before reset",
        points: history.enumerated().map {
          (Double($0.offset), Double($0.element.membraneBeforeReset))
        },
        style: theme.style(.cyan), marker: "*"),
    ]
    let top = max(
      Double(s.threshold) * 1.5, history.map { Double($0.membraneBeforeReset) }.max() ?? 0)
    let parts = inner.rows([.weight(1), .fixed(1)])
    LineChart(
      series: series, xRange: 0...t, yRange: 0...top, axisStyle: theme.dim, glyphs: theme.glyphs
    ).render(in: parts[0], on: &canvas)
    // Reset marks under the plot, in the plot's columns: one ▲ per spike (the reset follows).
    let labelWidth = max(CompactNumber.string(top).count, CompactNumber.string(0).count)
    let plotX = parts[1].x + labelWidth + 1
    let plotWidth = max(1, parts[1].width - labelWidth - 1)
    canvas.put("reset", x: parts[1].x, y: parts[1].y, style: theme.dim, clip: parts[1])
    let dots = theme.glyphs.usesBraille ? 2 : 1
    for (step, point) in history.enumerated() where point.spiked {
      let dot = Int(Double(step) / max(1, t) * Double(plotWidth * dots - 1))
      canvas.put(
        theme.glyphs.usesBraille ? "▲" : "^", x: plotX + dot / dots, y: parts[1].y,
        style: theme.style(.yellow), clip: parts[1])
    }
  }

  private func drawRaster(in area: Rect, on canvas: inout Canvas) {
    let s = settings
    let shown = min(s.synapses, 24)
    let inner = panel(
      "Input spikes (\(shown) of \(s.synapses) synapses) and output", in: area, on: &canvas)
    let history = controller.lab.history
    let rows = shown + 2
    let stretch = max(1, inner.width * (theme.glyphs.usesBraille ? 2 : 1) / max(1, s.timeSteps))
    SpikeRasterView(
      rows: rows, timeSteps: s.timeSteps * stretch, style: theme.style(.green), glyphs: theme.glyphs
    ) { neuron, wide in
      let step = wide / stretch
      guard step < history.count else { return false }
      if neuron < shown { return history[step].firedSynapses.contains(neuron) }
      return neuron == rows - 1 && history[step].spiked
    }
    .render(in: inner, on: &canvas)
    canvas.put(
      "out", x: inner.maxX - 3, y: inner.maxY - 1, style: theme.style(.yellow), clip: inner)
  }

  private func drawFlows(in area: Rect, on canvas: inout Canvas) {
    let inner = panel("Accumulated flows", in: area, on: &canvas)
    let s = settings
    let neuron = controller.lab.neuron
    let steps = max(1, controller.lab.history.count)
    let model = s.leak == 1 ? "IF" : "LIF λ=\(format(s.leak))"
    let lines = [
      "FI (input current) = \(format(neuron.accumulatedInput))",
      "FO (output spikes) = \(Int(neuron.accumulatedOutput))",
      "S = FO/FI          = \(String(format: "%.3f", neuron.scaleFactor))   1/Vth = \(String(format: "%.3f", 1 / s.threshold))",
      "mean current/step  = \(String(format: "%.3f", neuron.accumulatedInput / Float(steps)))",
      "pixels ~ U(\(format(s.lower)), \(format(s.upper)))   \(s.synapses) synapses × w=\(String(format: "%.4f", s.weight))",
      "\(model) · reset \(s.reset == .hard ? "hard (to 0)" : "subtract Vth") · T=\(s.timeSteps)",
      controller.paused
        ? "paused (space runs, . steps)" : "running at \(controller.speed) step(s) per frame",
    ]
    for (i, line) in lines.enumerated() where i < inner.height {
      canvas.put(
        line, x: inner.x + 1, y: inner.y + i, style: i == 2 ? theme.accent : .plain, clip: inner)
    }
  }

  private func drawExplanation(in area: Rect, on canvas: inout Canvas) {
    let inner = panel("What you see", in: area, on: &canvas)
    let text =
      "Each step the synapses that fire add their weights to the membrane u. When u rises above Vth "
      + "the neuron spikes and u is reset, so whatever exceeded Vth is lost. Hence S = FO/FI "
      + "stays below 1/Vth, and the larger the input per step, the more is lost: S falls as the "
      + "input range moves up (→). ASF-BP uses this S as the slope of the layer in its backward pass."
    for (i, line) in wrap(text, width: max(1, inner.width - 2)).enumerated() where i < inner.height
    {
      canvas.put(line, x: inner.x + 1, y: inner.y + i, style: theme.dim, clip: inner)
    }
  }

  private func drawTable(in area: Rect, on canvas: inout Canvas) {
    let inner = panel("Table 4: S of one IF neuron", in: area, on: &canvas)
    guard !controller.table.isEmpty else {
      canvas.put(
        "press t to run the sweep (\(controller.tableTrials) trials per row)", x: inner.x + 1,
        y: inner.y, style: theme.dim, clip: inner)
      return
    }
    let parts = inner.rows([.fixed(controller.table.count + 1), .weight(1)])
    TableView(
      columns: [
        .init("input"), .init("paper", alignment: .right), .init("here", alignment: .right),
        .init("±", alignment: .right), .init("diff", alignment: .right),
      ],
      rows: controller.table.map {
        [
          $0.label, String(format: "%.3f", $0.paper), String(format: "%.3f", $0.mean),
          String(format: "%.3f", $0.spread), String(format: "%+.3f", $0.difference),
        ]
      }, headerStyle: theme.accent, glyphs: theme.glyphs
    ).render(in: parts[0], on: &canvas)
    BarChart(
      bars: controller.table.map {
        BarChart.Bar(label: $0.label, value: Double($0.mean), text: String(format: "%.3f", $0.mean))
      }, maximum: 1, style: theme.style(.cyan), glyphs: theme.glyphs
    ).render(in: parts[1], on: &canvas)
  }

  private func format(_ x: Float) -> String {
    let text = String(format: "%.2f", x)
    return text.hasSuffix("0") ? String(text.dropLast()) : text
  }

  private func wrap(_ text: String, width: Int) -> [String] {
    var lines: [String] = []
    var line = ""
    for word in text.split(separator: " ") {
      if !line.isEmpty && line.count + 1 + word.count > width {
        lines.append(line)
        line = ""
      }
      line += (line.isEmpty ? "" : " ") + word
    }
    if !line.isEmpty { lines.append(line) }
    return lines
  }
}
