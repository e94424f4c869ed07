// The Experiments screen: every shipped preset (what it reproduces, its data, the run time
// here) and what was recorded; Enter starts the selected preset, replays the run, or shows
// a sweep (Figure 4) or speed comparison (Figure 3) as a chart in place of the list.

import TerminalKit
import Workbench

/// Draws the Experiments screen.
struct ExperimentsScreen {
  let state: AppState
  let theme: Theme

  func render(in area: Rect, on canvas: inout Canvas) {
    if let result = state.openResult {
      renderResult(result, in: area, on: &canvas)
      return
    }
    let panel = Panel(
      title: "Experiments · ↑/↓ choose · Enter start, replay or chart",
      borderStyle: theme.border, titleStyle: theme.accent, glyphs: theme.glyphs)
    panel.render(in: area, on: &canvas)
    let inner = panel.innerArea(of: area)
    guard !state.experiments.isEmpty else {
      canvas.put("no presets found", x: inner.x + 1, y: inner.y, style: theme.dim, clip: inner)
      return
    }
    let (table, first) = Self.tableLayout(inner: inner, state: state)
    let detailRows = inner.height - table.height
    // Fixed columns around a flexible description, so the time column always shows.
    let nameWidth = min(
      inner.width >= 140 ? 40 : 30, state.experiments.map(\.name.count).max() ?? 4)
    let detailWidth = max(10, inner.width - 7 - nameWidth - 22 - 9 - 4)
    TableView(
      columns: [
        .init("kind", width: 7), .init("name", width: nameWidth),
        .init("reproduces / result", width: detailWidth), .init("data", width: 22),
        .init("time", alignment: .right, width: 9),
      ],
      rows: state.experiments.map {
        [$0.kind.rawValue, Self.shortName($0.name, width: nameWidth), $0.detail, $0.data, $0.time]
      },
      firstRow: first, selectedRow: state.selectedExperiment, headerStyle: theme.accent,
      selectedStyle: Style(bold: true, reverse: true), glyphs: theme.glyphs
    ).render(in: table, on: &canvas)
    guard detailRows > 0, state.experiments.indices.contains(state.selectedExperiment) else {
      return
    }
    let item = state.experiments[state.selectedExperiment]
    let text = TextLayout.wrap(item.name + ": " + item.detail, width: max(1, inner.width - 2))
    for (row, line) in text.prefix(detailRows).enumerated() {
      canvas.put(
        line, x: inner.x + 1, y: table.y + table.height + row, style: theme.dim, clip: inner)
    }
  }

  /// The table's area inside the panel (the last two rows give the selected item's whole
  /// description, which the table may cut) and the first row shown.
  static func tableLayout(inner: Rect, state: AppState) -> (table: Rect, first: Int) {
    let detailRows = inner.height >= 8 ? 2 : 0
    let table = Rect(
      x: inner.x, y: inner.y, width: inner.width, height: inner.height - detailRows)
    let visible = max(1, table.height - 1)
    let first = max(
      0, min(state.selectedExperiment - visible / 2, state.experiments.count - visible))
    return (table, first)
  }

  /// The list row at screen row `y` of the screen's `area`, if one is drawn there.
  static func row(atY y: Int, in area: Rect, state: AppState) -> Int? {
    guard state.openResult == nil else { return nil }
    let (table, first) = tableLayout(inner: area.inset(by: 1), state: state)
    let row = first + (y - table.y - 1)
    guard y > table.y, y < table.maxY, state.experiments.indices.contains(row) else { return nil }
    return row
  }

  /// A sweep or speed comparison filling the screen, or why its folder could not be read.
  private func renderResult(_ result: ExperimentResult, in area: Rect, on canvas: inout Canvas) {
    let name = result.folder.split(separator: "/").last.map(String.init) ?? result.folder
    switch result {
    case .sweep(_, let runs):
      SweepChart(runs: runs, title: name, glyphs: theme.glyphs).render(in: area, on: &canvas)
    case .speed(_, let comparison):
      SpeedChart(comparison: comparison, glyphs: theme.glyphs).render(in: area, on: &canvas)
    case .unreadable(let folder, let reason):
      let panel = Panel(
        title: "Cannot show \(folder)", footer: "Esc back to the list",
        borderStyle: theme.style(.red), titleStyle: theme.style(.red, bold: true),
        glyphs: theme.glyphs)
      panel.render(in: area, on: &canvas)
      let inner = panel.innerArea(of: area).inset(horizontal: 1, vertical: 0)
      for (row, line) in TextLayout.wrap(reason, width: inner.width).prefix(inner.height)
        .enumerated()
      {
        canvas.put(line, x: inner.x, y: inner.y + row, clip: inner)
      }
    }
  }

  /// A name cut in the middle where it is too long, so that the end shows: a run folder's
  /// date and time of day ("runs/digits-le…-20261206-214530").
  static func shortName(_ name: String, width: Int) -> String {
    guard name.count > width, width > 8 else { return name }
    let tail = min(16, width / 2)
    return String(name.prefix(width - tail - 1)) + "…" + String(name.suffix(tail))
  }
}
