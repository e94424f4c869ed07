// The Experiments screen: every shipped preset (what it reproduces, its data, the run time
// here) and the recorded runs; Enter starts the selected preset or replays the run.

import Workbench

/// Draws the Experiments screen.
struct ExperimentsScreen {
  let state: AppState
  let theme: Theme

  func render(in area: Rect, on canvas: inout Canvas) {
    let panel = Panel(
      title: "Experiments · ↑/↓ choose · Enter start a preset or replay a run",
      borderStyle: theme.border, titleStyle: theme.accent, glyphs: theme.glyphs)
    panel.render(in: area, on: &canvas)
    let inner = panel.innerArea(of: area)
    guard !state.experiments.isEmpty else {
      canvas.put("no presets found", x: inner.x + 1, y: inner.y, style: theme.dim, clip: inner)
      return
    }
    let visible = max(1, inner.height - 1)
    let first = max(
      0, min(state.selectedExperiment - visible / 2, state.experiments.count - visible))
    // Fixed columns around a flexible description, so the time column always shows.
    let nameWidth = min(28, state.experiments.map(\.name.count).max() ?? 4)
    let detailWidth = max(10, inner.width - 6 - nameWidth - 22 - 9 - 4)
    TableView(
      columns: [
        .init("kind", width: 6), .init("name", width: nameWidth),
        .init("reproduces / result", width: detailWidth), .init("data", width: 22),
        .init("time", alignment: .right, width: 9),
      ],
      rows: state.experiments.map { [$0.kind.rawValue, $0.name, $0.detail, $0.data, $0.time] },
      firstRow: first, selectedRow: state.selectedExperiment, headerStyle: theme.accent,
      selectedStyle: Style(bold: true, reverse: true), glyphs: theme.glyphs
    ).render(in: inner, on: &canvas)
  }
}
