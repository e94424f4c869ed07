// The Neuron lab screen: the membrane trace of one neuron with its threshold and reset marks,
// the input synapses' spikes and the output row, all on one time axis (a spike's ▲, its
// output mark and the trace's drop share a column); the faint trace of the window before the
// last change; FI, FO and S beside 1/Vth; an explanation that follows the settings (or the
// lesson's step); and the Table 4 sweep. Presentation mode draws fewer, bolder panels.

import Foundation
import SpikingCore
import TerminalKit
import Workbench

/// Draws the neuron lab.
struct NeuronLabScreen {
  let controller: NeuronLabController
  let theme: Theme

  /// Columns left of the plots for their labels ("  1.5┤", "reset ", "  out "): the same in
  /// the trace and the raster, so that both plots start at the same column.
  static let gutter = 6

  /// Where the panels go: the trace, the raster, and (outside presentation mode) the flows,
  /// the explanation and Table 4.
  struct Layout {
    var membrane: Rect
    var raster: Rect
    var flows: Rect?
    var explanation: Rect?
    var table: Rect?
    var numbers: Rect?
  }

  func layout(in area: Rect) -> Layout {
    if controller.presentation {
      let parts = area.rows([.weight(3), .weight(2), .fixed(area.height >= 22 ? 7 : 3)])
      return Layout(membrane: parts[0], raster: parts[1], numbers: parts[2])
    }
    // Narrow screens give the side panels half the width, so that their lines fit.
    let weights: [Rect.Extent] =
      area.width < 110 ? [.weight(1), .weight(1)] : [.weight(3), .weight(2)]
    let halves = area.columns(weights)
    // Table 4's six rows and bars need 9 rows once run; the explanation takes what is left.
    let tableHeight = controller.table.isEmpty ? 3 : 9
    let beside = area.height - 9 - tableHeight
    if controller.currentLessonStep != nil,
      explanationLines(width: halves[1].width - 4).count + 2 > beside
    {
      // A lesson step whose text does not fit beside the plots: the whole width under them,
      // as many rows as the text needs (half the screen at most), Table 4 left out.
      let needed = explanationLines(width: area.width - 4).count + 2
      let parts = area.rows([.weight(1), .fixed(min(needed, area.height / 2))])
      let columns = parts[0].columns(weights)
      let left = columns[0].rows([.weight(3), .weight(2)])
      return Layout(
        membrane: left[0], raster: left[1], flows: columns[1], explanation: parts[1])
    }
    let left = halves[0].rows([.weight(3), .weight(2)])
    let right = halves[1].rows([.fixed(9), .weight(1), .fixed(tableHeight)])
    return Layout(
      membrane: left[0], raster: left[1], flows: right[0], explanation: right[1],
      table: right[2])
  }

  func render(in area: Rect, on canvas: inout Canvas) {
    let parts = layout(in: area)
    if controller.transferPlot {
      drawTransfer(in: parts.membrane, on: &canvas)
    } else {
      drawMembrane(in: parts.membrane, on: &canvas)
    }
    drawRaster(in: parts.raster, on: &canvas)
    if let flows = parts.flows { drawFlows(in: flows, on: &canvas) }
    if let explanation = parts.explanation { drawExplanation(in: explanation, on: &canvas) }
    if let table = parts.table { drawTable(in: table, on: &canvas) }
    if let numbers = parts.numbers { drawBigNumbers(in: numbers, on: &canvas) }
  }

  func panel(_ title: String, in area: Rect, on canvas: inout Canvas) -> Rect {
    let big = controller.presentation
    let panel = Panel(
      title: big ? title.uppercased() : title,
      borderStyle: big ? theme.style(.white, bold: true) : theme.border,
      titleStyle: big ? theme.style(.yellow, bold: true) : theme.accent, glyphs: theme.glyphs)
    panel.render(in: area, on: &canvas)
    return panel.innerArea(of: area)
  }

  var settings: NeuronLabSettings { controller.lab.settings }

  /// The plot area of a panel's inner rectangle: right of the gutter.
  static func plot(_ inner: Rect) -> Rect {
    Rect(
      x: inner.x + gutter, y: inner.y, width: max(0, inner.width - gutter), height: inner.height)
  }

  func traceSteps(_ steps: [NeuronLabStep]) -> [StepTraceView.Step] {
    steps.map {
      .init(
        before: Double($0.membraneBeforeReset), after: Double($0.membraneAfter), spiked: $0.spiked)
    }
  }

  /// The membrane panel's parts: the plot, the row of axis labels, the row of reset marks.
  static func membraneRows(_ inner: Rect) -> (plot: Rect, axis: Rect, marks: Rect) {
    let rows = inner.rows([.weight(1), .fixed(1), .fixed(1)])
    return (rows[0], rows[1], rows[2])
  }

  /// The raster panel's parts: the input trains and the output row.
  static func rasterRows(_ inner: Rect) -> (input: Rect, output: Rect) {
    let rows = inner.rows([.weight(1), .fixed(1)])
    return (rows[0], rows[1])
  }

  /// The highest value the trace's axis shows: what the live trace needs (the faint trace is
  /// clipped to it, never widens it).
  var top: Double {
    let peak = controller.lab.history.lazy.map { Double($0.membraneBeforeReset) }.max() ?? 0
    return max(Double(settings.threshold) * 1.5, peak * 1.05)
  }

  private func drawMembrane(in area: Rect, on canvas: inout Canvas) {
    let s = settings
    let big = controller.presentation
    let top = self.top  // a pass over the history: once per frame
    let inner = panel(
      "Membrane potential · step \(controller.lab.history.count)/\(s.timeSteps)",
      in: area, on: &canvas)
    guard inner.width > Self.gutter, inner.height >= 4 else { return }
    let rows = Self.membraneRows(inner)
    let plot = Self.plot(rows.plot)
    let ghost = controller.lab.ghost
    let trace = StepTraceView(
      steps: traceSteps(controller.lab.history), timeSteps: s.timeSteps, range: 0...top,
      threshold: Double(s.threshold), ghost: traceSteps(ghost?.steps ?? []),
      ghostTimeSteps: ghost?.settings.timeSteps, style: theme.style(.cyan, bold: big),
      ghostStyle: theme.dim,
      thresholdStyle: theme.style(.red, bold: big), thick: big, glyphs: theme.glyphs)
    trace.render(in: plot, on: &canvas)
    // The y axis: the top value, Vth at its row, 0 at the bottom.
    let labelStyle = big ? theme.style(.white, bold: true) : theme.dim
    let axisCharacter = String(theme.glyphs.vertical)
    for r in 0..<rows.plot.height {
      canvas.put(axisCharacter, x: plot.x - 1, y: plot.y + r, style: labelStyle, clip: rows.plot)
    }
    let labels: [(Double, String)] = [
      (top, CompactNumber.string(top)), (0, "0"), (Double(s.threshold), "Vth"),
    ]
    for (value, label) in labels {
      let y = plot.y + trace.row(of: value, height: plot.height)
      canvas.put(
        TextLayout.fit(label, width: Self.gutter - 1, alignment: .right)
          + String(theme.glyphs.axisTick),
        x: rows.plot.x, y: y, style: value == Double(s.threshold) ? theme.style(.red) : labelStyle,
        clip: rows.plot)
    }
    drawTimeAxis(in: rows.axis, on: &canvas)
    // Reset marks in the columns of the steps that spiked: the same columns as the output row.
    canvas.put("reset", x: rows.marks.x, y: rows.marks.y, style: labelStyle, clip: rows.marks)
    let axis = StepAxis(timeSteps: s.timeSteps, width: plot.width)
    let mark = theme.glyphs.usesBraille ? "▲" : "^"
    for (step, point) in controller.lab.history.enumerated() where point.spiked {
      canvas.put(
        mark, x: plot.x + axis.column(step), y: rows.marks.y,
        style: theme.style(.yellow, bold: true), clip: rows.marks)
    }
  }

  /// "0 … T" under the plot and, when a change left a ghost, what the faint trace was.
  private func drawTimeAxis(in row: Rect, on canvas: inout Canvas) {
    let plot = Self.plot(row)
    let style = controller.presentation ? theme.style(.white, bold: true) : theme.dim
    canvas.put("0", x: plot.x, y: row.y, style: style, clip: row)
    let end = "T=\(settings.timeSteps)"
    canvas.put(end, x: plot.maxX - end.count, y: row.y, style: style, clip: row)
    guard let ghost = controller.lab.ghost else { return }
    let changes = settings.changes(from: ghost.settings)
    let label =
      changes.isEmpty
      ? "faint: the window before" : "faint: before " + changes.joined(separator: ", ")
    let room = max(0, plot.width - end.count - 4)
    canvas.put(
      String(label.prefix(room)), x: plot.x + 2, y: row.y,
      style: controller.presentation ? theme.style(.white) : theme.dim, clip: row)
  }

  private func drawRaster(in area: Rect, on canvas: inout Canvas) {
    let s = settings
    let big = controller.presentation
    let history = controller.lab.history
    // Each step's firing synapses as a set: the raster asks once per row and step.
    let fired = history.map { Set($0.firedSynapses) }
    let probe = StepRasterView(
      rows: s.synapses, timeSteps: s.timeSteps, thick: big, glyphs: theme.glyphs
    ) { _, _ in false }
    let innerGuess = area.height - 3
    let shown = probe.layout(height: max(0, innerGuess)).shown
    let inner = panel(
      "Input: \(shown) of \(s.synapses) synapses · output", in: area, on: &canvas)
    guard inner.width > Self.gutter, inner.height >= 2 else { return }
    let rows = Self.rasterRows(inner)
    let plot = Self.plot(rows.input)
    let labelStyle = big ? theme.style(.white, bold: true) : theme.dim
    canvas.put("in", x: rows.input.x + 1, y: rows.input.y, style: labelStyle, clip: rows.input)
    StepRasterView(
      rows: s.synapses, timeSteps: s.timeSteps, style: theme.style(.green, bold: big), thick: big,
      glyphs: theme.glyphs
    ) { synapse, step in
      step < fired.count && fired[step].contains(synapse)
    }
    .render(in: plot, on: &canvas)
    // The output row, labelled where it is, with a mark in each spiking step's column.
    let output = Self.plot(rows.output)
    canvas.put(
      "out", x: rows.output.x + 1, y: rows.output.y, style: theme.style(.yellow, bold: true),
      clip: rows.output)
    let axis = StepAxis(timeSteps: s.timeSteps, width: output.width)
    let mark = theme.glyphs.usesBraille ? "┃" : "|"
    for (step, point) in history.enumerated() where point.spiked {
      canvas.put(
        mark, x: output.x + axis.column(step), y: output.y,
        style: theme.style(.yellow, bold: true), clip: output)
    }
  }
}
