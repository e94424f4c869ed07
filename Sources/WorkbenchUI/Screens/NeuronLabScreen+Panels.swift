// The neuron lab's side panels: the accumulated flows (FI, FO, S this window and over
// windows, beside 1/Vth), the explanation that follows the settings or the lesson's step,
// Table 4 with bars that mark the paper's value, and presentation mode's large numbers.

import Foundation
import SpikingCore
import TerminalKit
import Workbench

extension NeuronLabScreen {
  /// "0.641", or "—" while S is undefined (no input yet).
  static func scaleText(_ value: Float?) -> String {
    value.map { String(format: "%.3f", $0) } ?? "—"
  }

  func drawFlows(in area: Rect, on canvas: inout Canvas) {
    let inner = panel("Accumulated flows", in: area, on: &canvas)
    let s = settings
    let lab = controller.lab
    let mean =
      lab.meanScaleFactor.map {
        "S over \($0.windows) window\($0.windows == 1 ? "" : "s") = \(Self.scaleText($0.mean))"
      } ?? "S over windows: — (none complete)"
    let lines = [
      "FI = \(NeuronLabSettings.format(lab.neuron.accumulatedInput))  (input current)",
      "FO = \(Int(lab.neuron.accumulatedOutput))  (output spikes)",
      "S = FO/FI = \(Self.scaleText(lab.scaleFactor))",
      "1/Vth = \(String(format: "%.3f", 1 / s.threshold))  (S stays below)",
      mean,
      "\(s.modelName) · \(s.resetName) · T=\(s.timeSteps)",
      "\(s.rangeName) · \(s.synapses) × w=\(String(format: "%.4f", s.weight))",
    ]
    for (i, line) in lines.enumerated() where i < inner.height {
      canvas.put(
        line, x: inner.x + 1, y: inner.y + i, style: i == 2 ? theme.accent : .plain, clip: inner)
    }
  }

  /// What the neuron on screen does, in words that follow its model and reset.
  var explanation: String {
    let s = settings
    let leak =
      s.leak == 1
      ? ""
      : ", which keeps only \(Int((s.leak * 100).rounded())) % of itself from step to step (LIF)"
    var text =
      "Each step the synapses that fire add their weights to the membrane u\(leak). When u rises above Vth the neuron spikes and "
    switch s.reset {
    case .hard:
      text +=
        "u goes back to 0, so whatever exceeded Vth is lost. Hence S = FO/FI stays below 1/Vth, and the larger the input per step, the more is lost: S falls as the input range moves up (→)."
    case .subtract:
      text +=
        "Vth is subtracted from u, so the excess is kept for the next spike: little is lost and S stays close to 1/Vth whatever the input (x: back to the hard reset)."
    }
    if s.leak < 1 {
      text +=
        " The leak loses input too, most when the input is weak, so S falls further below 1/Vth."
    }
    return text
      + " ASF-BP uses the measured S as the slope of each layer in its backward pass (its neurons are IF with a hard reset)."
  }

  /// The explanation panel's lines at `width` columns: the lesson step's text and the keys
  /// that move through it, or the words that follow the settings.
  func explanationLines(width: Int) -> [String] {
    let step = controller.currentLessonStep
    var lines = TextLayout.wrap(step?.text ?? explanation, width: max(1, width))
    if step != nil {
      lines.append("")
      lines.append("n next · p previous · g leaves the lesson")
    }
    return lines
  }

  func drawExplanation(in area: Rect, on canvas: inout Canvas) {
    let step = controller.currentLessonStep
    let count = controller.lesson?.steps.count ?? 0
    let title =
      step.map { "Lesson \((controller.lessonStep ?? 0) + 1)/\(count) · \($0.title)" }
      ?? "What you see"
    let inner = panel(title, in: area, on: &canvas)
    var lines = explanationLines(width: inner.width - 2)
    if step == nil && inner.height > lines.count + 1 {
      lines.append("")
      lines.append(
        "g: the lesson · e: the \(controller.isTable4Neuron ? "free" : "Table 4") neuron")
    }
    // A text longer than the panel: its last row says so (a taller terminal shows it all).
    if lines.count > inner.height, inner.height > 0 {
      lines =
        Array(lines.prefix(inner.height - 1)) + ["… (the text goes on: a taller terminal shows it)"]
    }
    for (i, line) in lines.enumerated() where i < inner.height {
      canvas.put(
        line, x: inner.x + 1, y: inner.y + i, style: step == nil ? theme.dim : .plain, clip: inner)
    }
  }

  func drawTable(in area: Rect, on canvas: inout Canvas) {
    let t = controller.tableSettings
    let other = controller.isTable4Neuron ? "" : " · not the neuron above"
    let inner = panel(
      "Table 4 · \(t.modelName), T=\(t.timeSteps), Vth=\(NeuronLabSettings.format(t.threshold))\(other)",
      in: area, on: &canvas)
    guard !controller.table.isEmpty else {
      canvas.put(
        "press t to run the sweep (\(controller.tableTrials) trials per row)", x: inner.x + 1,
        y: inner.y, style: theme.dim, clip: inner)
      return
    }
    // input, paper, here (± when there is room), then a bar with the paper's value marked.
    let wide = inner.width >= 48
    let textWidth = wide ? 31 : 24
    let barX = inner.x + textWidth
    let barWidth = max(0, inner.maxX - barX - 1)
    let header = " input    paper   here" + (wide ? "      ±" : "")
    canvas.put(header, x: inner.x, y: inner.y, style: theme.accent, clip: inner)
    canvas.put(
      "S, \(theme.glyphs.vertical) paper", x: barX, y: inner.y, style: theme.accent, clip: inner)
    for (i, row) in controller.table.enumerated() where i + 1 < inner.height {
      let y = inner.y + 1 + i
      let text =
        " " + row.label.padding(toLength: 9, withPad: " ", startingAt: 0)
        + String(format: "%.3f  %.3f", row.paper, row.mean)
        + (wide ? String(format: "  %.3f", row.spread) : "")
      canvas.put(text, x: inner.x, y: y, clip: inner)
      guard barWidth > 0 else { continue }
      let bar = BarChart.barText(
        fraction: Double(row.mean), width: barWidth, glyphs: theme.glyphs)
      canvas.put(bar, x: barX, y: y, style: theme.style(.cyan), clip: inner)
      let paper = min(barWidth - 1, Int((Double(row.paper) * Double(barWidth)).rounded()))
      canvas.put(
        String(theme.glyphs.vertical), x: barX + max(0, paper), y: y,
        style: theme.style(.yellow, bold: true), clip: inner)
    }
  }

  /// Presentation mode: S and 1/Vth in large figures (a bold line when the room is short).
  func drawBigNumbers(in area: Rect, on canvas: inout Canvas) {
    let inner = panel("Accumulated flows", in: area, on: &canvas)
    let lab = controller.lab
    let s = settings
    let values = [
      ("S = FO/FI", Self.scaleText(lab.scaleFactor)),
      ("1/Vth", String(format: "%.3f", 1 / s.threshold)),
      ("FO", "\(Int(lab.neuron.accumulatedOutput))"),
    ]
    guard inner.height >= BigDigits.height + 1 else {
      let line = values.map { "\($0.0) \($0.1)" }.joined(separator: "   ")
      canvas.put(
        line, x: inner.x + 1, y: inner.y, style: theme.style(.yellow, bold: true), clip: inner)
      return
    }
    var x = inner.x + 1
    for (label, value) in values {
      canvas.put(label, x: x, y: inner.y, style: theme.style(.white, bold: true), clip: inner)
      let width = BigDigits.width(of: value)
      BigDigits.draw(
        value, x: x, y: inner.y + 1, style: theme.style(.yellow, bold: true),
        glyphs: theme.glyphs, clip: inner, on: &canvas)
      x += max(width, label.count) + 4
    }
  }
}
