// The Train screen: spike raster of the selected layer, its FI/FO histograms, the evolution
// of every layer's scale factor, accuracy and loss curves, and the status bar. Pure layout:
// it draws a snapshot into a canvas and does no I/O.

import SpikingCore
import TerminalKit
import Workbench

/// Draws the Train screen.
struct TrainScreen {
  let snapshot: SessionSnapshot
  let state: AppState
  let theme: Theme

  func render(in area: Rect, on canvas: inout Canvas) {
    if case .failed(let message) = snapshot.state {
      drawFailure(message, in: area, on: &canvas)
      return
    }
    for (index, rect) in Self.panels(in: area, state: state, layers: snapshot.last?.layers.count) {
      drawPanel(index, in: rect, on: &canvas)
    }
  }

  /// Where each panel goes (panel index, area): the zoomed panel alone; on wide terminals a
  /// third column with the per-layer table over the log; on narrower ones the table and the
  /// log take the places of the flows and the scale factors while they have the focus.
  /// Drawing and mouse clicks both use it.
  static func panels(in area: Rect, state: AppState, layers: Int?) -> [(index: Int, rect: Rect)] {
    if state.zoomed { return [(state.focus, area)] }
    let wide = area.width >= wideWidth
    let columns = area.columns(
      wide ? [.weight(3), .weight(2), .fixed(tableWidth)] : [.weight(3), .weight(2)])
    let left = columns[0].rows([.weight(3), .weight(2)])
    let right = columns[1].rows([.weight(3), .weight(2)])
    var result = [(0, left[0]), (state.focus == latencyPanel && !wide ? latencyPanel : 3, left[1])]
    if wide {
      let tableHeight = min(columns[2].height / 2, (layers ?? 5) + 9)
      let latencyHeight = min(max(0, columns[2].height - tableHeight) / 2, 12)
      let third = columns[2].rows([.fixed(tableHeight), .fixed(latencyHeight), .weight(1)])
      result += [
        (1, right[0]), (2, right[1]), (layerTablePanel, third[0]), (latencyPanel, third[1]),
        (logPanel, third[2]),
      ]
    } else {
      result += [
        (state.focus == layerTablePanel ? layerTablePanel : 1, right[0]),
        (state.focus == logPanel ? logPanel : 2, right[1]),
      ]
    }
    return result.map { (index: $0.0, rect: $0.1) }
  }

  /// From this width on, the per-layer table has a column of its own.
  static let wideWidth = 160
  static let tableWidth = 78
  /// The panel index of the per-layer table (focus order: raster, flows, scale factors,
  /// curves, layers).
  static let layerTablePanel = 4
  static let logPanel = 5
  static let latencyPanel = 6

  private func drawPanel(_ index: Int, in area: Rect, on canvas: inout Canvas) {
    switch index {
    case 0: drawRaster(in: area, on: &canvas)
    case 1: drawFlows(in: area, on: &canvas)
    case 2: drawScaleFactors(in: area, on: &canvas)
    case 3: drawCurves(in: area, on: &canvas)
    case Self.layerTablePanel: drawLayerTable(in: area, on: &canvas)
    case Self.latencyPanel: drawLatency(in: area, on: &canvas)
    default: drawLog(in: area, on: &canvas)
    }
  }

  func panel(_ title: String, index: Int, in area: Rect, on canvas: inout Canvas) -> Rect {
    let panel = Panel(
      title: title, borderStyle: state.focus == index ? theme.focusBorder : theme.border,
      titleStyle: theme.accent, glyphs: theme.glyphs)
    panel.render(in: area, on: &canvas)
    return panel.innerArea(of: area)
  }

  private var selectedRaster: SpikeRaster? {
    guard let rasters = snapshot.last?.rasters, !rasters.isEmpty else { return nil }
    return rasters[min(state.selectedRaster, rasters.count - 1)]
  }

  private func drawRaster(in area: Rect, on canvas: inout Canvas) {
    guard let raster = selectedRaster else {
      let inner = panel("Spikes", index: 0, in: area, on: &canvas)
      canvas.put(waitingText, x: inner.x + 1, y: inner.y, style: theme.dim, clip: inner)
      if let work = snapshot.work, work.total > 0, inner.height > 2 {
        let width = max(4, min(40, inner.width - 2))
        canvas.put(
          WorkbenchScreens.progressText(work.fraction, width: width, glyphs: theme.glyphs),
          x: inner.x + 1, y: inner.y + 2, style: theme.style(.cyan), clip: inner)
      }
      return
    }
    let neurons =
      raster.isWindow
      ? "neurons \(raster.firstNeuron)–\(raster.firstNeuron + raster.rows - 1) of \(raster.neuronTotal)"
      : raster.stride > 1
        ? "every \(ordinal(raster.stride)) of \(raster.neuronTotal) neurons"
        : "\(raster.neuronTotal) neurons"
    let samples = snapshot.last?.samples ?? 1
    // The sample's label and the prediction, when known for the sample shown.
    let sample = snapshot.sample.flatMap { $0.index == raster.sample ? $0 : nil }
    let verdict = sample.map { " · label \($0.label) → \($0.prediction)" } ?? ""
    let title =
      "Spikes · \(raster.layerName) · sample \(raster.sample + 1)/\(samples)\(verdict) · \(neurons) × T=\(raster.timeSteps)"
    var inner = panel(title, index: 0, in: area, on: &canvas)
    // Beside the raster where there is room: the input, label, prediction and outputs.
    if let sample, inner.width >= 60, inner.height >= 12 {
      let width = max(18, (sample.pictureWidth + 1) / 2 + 2)
      drawSample(
        sample, in: Rect(x: inner.maxX - width, y: inner.y, width: width, height: inner.height),
        on: &canvas)
      inner.width -= width + 1
    }
    let rows = inner.rows([.fixed(1), .weight(1)])
    canvas.put(
      "neuron ↓  time →  (n/p layer · </> sample · j/k neurons · o whole layer)", x: rows[0].x,
      y: rows[0].y, style: theme.dim, clip: rows[0])
    // Short windows are stretched along time so that each step is several dots wide.
    let dotsPerCell = theme.glyphs.usesBraille ? 2 : 1
    let stretch = max(1, rows[1].width * dotsPerCell / max(1, raster.timeSteps))
    SpikeRasterView(
      rows: raster.rows, timeSteps: raster.timeSteps * stretch, style: theme.style(.green),
      glyphs: theme.glyphs
    ) { neuron, step in raster.spiked(row: neuron, step: step / stretch) }
    .render(in: rows[1], on: &canvas)
  }

  /// The sample beside the raster: its input as shades (2 × 4 pixels a cell), label and
  /// prediction, and the output layer's mem per class as bars with the class under each.
  private func drawSample(_ sample: SampleView, in area: Rect, on canvas: inout Canvas) {
    var y = area.y
    let note = sample.recomputed ? "as it ran" : "input"
    canvas.put(note, x: area.x + 1, y: y, style: theme.dim, clip: area)
    y += 1
    let shades: [Character] =
      theme.glyphs.usesBraille ? [" ", "░", "▒", "▓", "█"] : [" ", ".", ":", "x", "#"]
    let (w, h) = (sample.pictureWidth, sample.pictureHeight)
    let columns = (w + 1) / 2
    let rows = (h + 3) / 4
    for row in 0..<rows where y < area.maxY {
      var line = ""
      for column in 0..<columns {
        var sum: Float = 0
        var n: Float = 0
        for dy in 0..<4 {
          for dx in 0..<2 {
            let (px, py) = (column * 2 + dx, row * 4 + dy)
            guard px < w, py < h else { continue }
            sum += sample.picture[py * w + px]
            n += 1
          }
        }
        let level = n > 0 ? sum / n : 0
        line.append(shades[min(4, Int((level * 4).rounded()))])
      }
      canvas.put(line, x: area.x + 1, y: y, style: theme.style(.white), clip: area)
      y += 1
    }
    let right = sample.label == sample.prediction
    canvas.put(
      "label \(sample.label) → \(sample.prediction) \(right ? "✓" : "✗")", x: area.x + 1, y: y,
      style: theme.style(right ? .green : .red, bold: true), clip: area)
    y += 1
    guard y + 2 < area.maxY, !sample.output.isEmpty else { return }
    canvas.put("mem per class", x: area.x + 1, y: y, style: theme.dim, clip: area)
    y += 1
    // One column per class, a bar from the smallest value to the largest.
    let low = sample.output.min() ?? 0
    let high = sample.output.max() ?? 1
    let bars: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
    let ascii: [Character] = ["_", ".", "-", "-", "=", "=", "#", "#"]
    var bar = ""
    var classes = ""
    for (j, value) in sample.output.enumerated().prefix(area.width - 2) {
      let level = high > low ? Int(((value - low) / (high - low) * 7).rounded()) : 0
      bar.append((theme.glyphs.usesBraille ? bars : ascii)[max(0, min(7, level))])
      classes.append(j < 10 ? Character(String(j)) : "·")
    }
    canvas.put(bar, x: area.x + 1, y: y, style: theme.style(.yellow), clip: area)
    canvas.put(classes, x: area.x + 1, y: y + 1, style: theme.dim, clip: area)
  }

  /// "2nd", "3rd", "62nd", "11th".
  private func ordinal(_ n: Int) -> String {
    let suffix =
      (11...13).contains(n % 100)
      ? "th" : n % 10 == 1 ? "st" : n % 10 == 2 ? "nd" : n % 10 == 3 ? "rd" : "th"
    return "\(n)\(suffix)"
  }

  /// What an empty panel says before the first batch: the data being read, or how far the
  /// first batch's spiking forward has got (a VGG7 batch at T=400 takes minutes here).
  var waitingText: String {
    let work = snapshot.work.flatMap { $0.total > 0 ? $0 : nil }
    switch snapshot.state {
    case .idle:
      return work.map { "loading data… \($0.percent): \($0.stage)" } ?? "loading data…"
    case .running, .paused:
      guard let work, work.stage == WorkProgress.forwardStage else {
        return "waiting for the first batch…"
      }
      return
        "first batch: \(work.percent) through the spiking forward (\(work.done) of \(work.total) samples)"
    default:
      return "waiting for the first batch…"
    }
  }

  /// A run that could not start: its whole error, wrapped, in one panel, and what to do.
  private func drawFailure(_ message: String, in area: Rect, on canvas: inout Canvas) {
    let panel = Panel(
      title: "The run could not start", borderStyle: theme.style(.red, bold: true),
      titleStyle: theme.style(.red, bold: true), glyphs: theme.glyphs)
    panel.render(in: area, on: &canvas)
    let inner = panel.innerArea(of: area)
    let width = max(1, inner.width - 2)
    // The message whole, its own line breaks kept, each line wrapped to the panel.
    let lines =
      message.split(separator: "\n", omittingEmptySubsequences: false).flatMap { line in
        let indent = String(line.prefix { $0 == " " }.prefix(width / 2))
        return line.isEmpty
          ? [""] : TextLayout.wrap(String(line), width: width - indent.count).map { indent + $0 }
      } + [""]
      + TextLayout.wrap(
        "3 opens the Experiments screen to start another preset; q quits (the message is printed again then).",
        width: width)
    for (row, line) in lines.prefix(max(0, inner.height)).enumerated() {
      canvas.put(line, x: inner.x + 1, y: inner.y + row, clip: inner)
    }
  }

  private func drawFlows(in area: Rect, on canvas: inout Canvas) {
    guard let stats = snapshot.last else {
      let inner = panel("Flows", index: 1, in: area, on: &canvas)
      canvas.put(waitingText, x: inner.x + 1, y: inner.y, style: theme.dim, clip: inner)
      return
    }
    guard let layer = state.selectedLayer, stats.layers.indices.contains(layer) else {
      let inner = panel("Flows · input", index: 1, in: area, on: &canvas)
      let rate = String(format: "%.1f", stats.inputSpikeRate * 100)
      canvas.put(
        "input spike rate \(rate) % per step", x: inner.x + 1, y: inner.y, clip: inner)
      canvas.put(
        "the input has no FI/FO: press n for a layer", x: inner.x + 1, y: inner.y + 1,
        style: theme.dim, clip: inner)
      return
    }
    let info = stats.layers[layer]
    let title = String(
      format: "Flows · %@ · S=%.3f · rate %.1f %%", info.name, info.scaleFactor,
      info.spikeRate * 100)
    let inner = panel(title, index: 1, in: area, on: &canvas)
    let parts = inner.rows([.fixed(1), .weight(1), .fixed(1), .weight(1)])
    let samples = stats.samples
    canvas.put(
      "FI/(T·Vth) accumulated input · neurons per bin (\(info.neuronCount) × \(samples) samples)",
      x: parts[0].x, y: parts[0].y, style: theme.dim, clip: parts[0])
    HistogramView(
      counts: info.inputFlow.counts, lower: Double(info.inputFlow.lower),
      upper: Double(info.inputFlow.upper), style: theme.style(.yellow), labelStyle: theme.dim,
      glyphs: theme.glyphs, showsAxes: true
    ).render(in: parts[1], on: &canvas)
    canvas.put(
      "FO/T output spikes per step · neurons per bin", x: parts[2].x, y: parts[2].y,
      style: theme.dim, clip: parts[2])
    HistogramView(
      counts: info.outputFlow.counts, lower: Double(info.outputFlow.lower),
      upper: Double(info.outputFlow.upper), style: theme.style(.magenta), labelStyle: theme.dim,
      glyphs: theme.glyphs, showsAxes: true
    ).render(in: parts[3], on: &canvas)
  }

  /// Running mean over the last `window` values.
  static func smooth(_ values: [Double], window: Int) -> [Double] {
    var result: [Double] = []
    var sum = 0.0
    for (i, v) in values.enumerated() {
      sum += v
      if i >= window { sum -= values[i - window] }
      result.append(sum / Double(min(i + 1, window)))
    }
    return result
  }
}
