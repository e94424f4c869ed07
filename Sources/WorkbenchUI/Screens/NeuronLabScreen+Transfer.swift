// The neuron lab's transfer plot: FO against FI for every complete window (a dot each; the
// windows under earlier settings dim), the line through the origin whose slope is the
// measured S (ΣFO/ΣFI of the windows under the settings in force), the ceiling FO = FI/Vth
// and the limit FO = T (one spike a step at most). In one picture: what ASF-BP assumes, a
// linear map from FI to FO, and why S falls as the input grows (the dots bend away from the
// ceiling and flatten under T).

import Foundation
import TerminalKit
import Workbench

extension NeuronLabScreen {
  func drawTransfer(in area: Rect, on canvas: inout Canvas) {
    let lab = controller.lab
    let s = settings
    let big = controller.presentation
    let slope = lab.pooledScaleFactor
    let title =
      "Transfer · FO vs FI · S = "
      + (slope.map { String(format: "%.3f", $0) } ?? "—") + " · 1/Vth = "
      + String(format: "%.3f", 1 / s.threshold)
    let inner = panel(title, in: area, on: &canvas)
    guard inner.width > Self.gutter + 4, inner.height >= 4 else { return }
    let rows = inner.rows([.weight(1), .fixed(1), .fixed(1)])
    let plot = Self.plot(rows[0])
    let flows = lab.windowFlows
    // The window in progress, as a point that moves.
    let live = (x: Double(lab.neuron.accumulatedInput), y: Double(lab.neuron.accumulatedOutput))
    let maxInput = max(
      Double(s.threshold), live.x, flows.map { Double($0.input) }.max() ?? 0)
    let xTop = maxInput * 1.05
    let yTop =
      max(
        1, live.y, flows.map { Double($0.output) }.max() ?? 0,
        min(xTop / Double(s.threshold), Double(s.timeSteps))) * 1.05
    var points = flows.map {
      ScatterPlotView.Point(
        x: Double($0.input), y: Double($0.output), earlier: $0.generation != lab.generation)
    }
    points.append(ScatterPlotView.Point(x: live.x, y: live.y, earlier: true))
    var lines: [ScatterPlotView.Line] = [
      .ray(slope: 1 / Double(s.threshold), style: theme.style(.red, bold: big)),
      .horizontal(at: Double(s.timeSteps), style: theme.dim),
    ]
    if let slope { lines.insert(.ray(slope: Double(slope), style: theme.style(.cyan)), at: 0) }
    ScatterPlotView(
      points: points, lines: lines, xRange: 0...xTop, yRange: 0...yTop,
      style: theme.style(.yellow, bold: true), earlierStyle: theme.dim, thick: big,
      glyphs: theme.glyphs
    ).render(in: plot, on: &canvas)
    let labelStyle = big ? theme.style(.white, bold: true) : theme.dim
    let axisCharacter = String(theme.glyphs.vertical)
    for r in 0..<rows[0].height {
      canvas.put(axisCharacter, x: plot.x - 1, y: plot.y + r, style: labelStyle, clip: rows[0])
    }
    let topLabel = TextLayout.fit(
      CompactNumber.string(yTop), width: Self.gutter - 1, alignment: .right)
    canvas.put(topLabel, x: rows[0].x, y: plot.y, style: labelStyle, clip: rows[0])
    canvas.put("FO", x: rows[0].x, y: plot.y + 1, style: labelStyle, clip: rows[0])
    canvas.put(
      TextLayout.fit("0", width: Self.gutter - 1, alignment: .right), x: rows[0].x,
      y: plot.maxY - 1, style: labelStyle, clip: rows[0])
    // Under the plot: the FI axis, then what each line is.
    let axis = Self.plot(rows[1])
    canvas.put("0", x: axis.x, y: axis.y, style: labelStyle, clip: rows[1])
    let end = "FI " + CompactNumber.string(xTop)
    canvas.put(end, x: axis.maxX - end.count, y: axis.y, style: labelStyle, clip: rows[1])
    var x = rows[2].x + 1
    let legend: [(String, Style)] = [
      ("● window", theme.style(.yellow, bold: true)), ("─ S", theme.style(.cyan)),
      ("─ 1/Vth", theme.style(.red)), ("─ FO = T", theme.dim),
      ("dim: earlier, ongoing", theme.dim),
    ]
    for (text, style) in legend {
      x = canvas.put(text, x: x, y: rows[2].y, style: style, clip: rows[2]) + 2
    }
  }
}
