// The per-layer table of the Train screen: for every hidden layer of the last batch its
// threshold, scale factor, output flow FO/T (the spike rate), mean input flow FI/(T·Vth),
// the shares of neurons that never fired (silent) and that fired at every step (saturated),
// and the synaptic operations per sample that reach it; then the output layer's and the
// total. Dead and saturated layers are what one looks for here.

import SpikingCore
import TerminalKit

/// The rows of the per-layer table, as text.
struct LayerTable {
  let statistics: BatchStatistics
  /// The last gradient check, per runtime layer (the hidden layers, then the output):
  /// cos(∇_method, ∇_BPTT); empty when the run makes none (the column is left out).
  var agreement: [Float?] = []

  static let columns: [TableView.Column] = [
    .init("layer"), .init("neurons", alignment: .right), .init("Vth", alignment: .right),
    .init("S", alignment: .right), .init("rate FO/T", alignment: .right),
    .init("FI/(T·Vth)", alignment: .right), .init("silent", alignment: .right),
    .init("satur.", alignment: .right), .init("SOPs/sample", alignment: .right),
  ]

  /// "12.3 %", or "—" when not recorded.
  static func percent(_ value: Float?) -> String {
    value.map { String(format: "%.1f %%", $0 * 100) } ?? "—"
  }

  static func number(_ value: Double?) -> String {
    value.map { CompactNumber.string($0) } ?? "—"
  }

  /// The columns: the statistics, and the gradient check's when there is one.
  var columns: [TableView.Column] {
    Self.columns + (agreement.isEmpty ? [] : [.init("cos BPTT", alignment: .right)])
  }

  /// The cosine of row `l` (a runtime layer), "—" for layers without weights.
  func cosine(_ l: Int) -> [String] {
    guard !agreement.isEmpty else { return [] }
    let value = agreement.indices.contains(l) ? agreement[l] : nil
    return [value.map { String(format: "%.3f", $0) } ?? "—"]
  }

  var rows: [[String]] {
    var rows = statistics.layers.enumerated().map { l, layer in
      [
        layer.name, "\(layer.neuronCount)", String(format: "%.2f", layer.threshold),
        String(format: "%.3f", layer.scaleFactor), Self.percent(layer.spikeRate),
        layer.meanInputFlow.map { String(format: "%.3f", $0) } ?? "—",
        Self.percent(layer.silentShare), Self.percent(layer.saturatedShare),
        Self.number(layer.synapticOperations),
      ] + cosine(l)
    }
    let blank = ["", "", "", "", "", ""]
    rows.append(
      ["output"] + blank + ["", Self.number(statistics.outputSynapticOperations)]
        + cosine(statistics.layers.count))
    rows.append(
      ["total"] + blank + ["", Self.number(totalOperations)] + (agreement.isEmpty ? [] : [""]))
    return rows
  }

  /// Synaptic operations per sample over every layer, the output included; nil when the
  /// batch did not record them.
  var totalOperations: Double? {
    let perLayer = statistics.layers.compactMap(\.synapticOperations)
    guard perLayer.count == statistics.layers.count,
      let output = statistics.outputSynapticOperations
    else { return nil }
    return perLayer.reduce(0, +) + output
  }

  func render(in area: Rect, on canvas: inout Canvas, theme: Theme) {
    TableView(
      columns: columns, rows: rows, headerStyle: theme.accent, glyphs: theme.glyphs
    ).render(in: area, on: &canvas)
  }
}
