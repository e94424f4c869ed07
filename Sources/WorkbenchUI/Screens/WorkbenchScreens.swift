// Composes a whole frame: title line, the current screen, a notice line and the status bar,
// plus the help overlay or the quit question; or the too-small message.

import Foundation
import SpikingCore
import TerminalKit
import Workbench

/// Renders frames of the workbench.
public enum WorkbenchScreens {
  public static let minimumWidth = 80
  public static let minimumHeight = 24

  /// The frame for a terminal of `width` × `height`.
  public static func render(
    snapshot: SessionSnapshot, state: AppState, width: Int, height: Int, color: Bool
  ) -> Canvas {
    var canvas = draw(snapshot: snapshot, state: state, width: width, height: height, color: color)
    // The ASCII glyph set draws the widgets; the fold catches text (separators, arrows).
    if state.ascii { canvas.foldToASCII() }
    return canvas
  }

  /// The neuron lab's panels alone (no title, hints or status), for slides.
  public static func renderNeuronLab(
    _ lab: NeuronLabController, width: Int, height: Int, ascii: Bool = false
  ) -> Canvas {
    var canvas = Canvas(width: max(0, width), height: max(0, height))
    let theme = Theme(glyphs: ascii ? .ascii : .unicode, color: true)
    NeuronLabScreen(controller: lab, theme: theme).render(in: canvas.bounds, on: &canvas)
    if ascii { canvas.foldToASCII() }
    return canvas
  }

  /// The rectangle of a frame between its title line and its notice and status lines.
  static func body(width: Int, height: Int) -> Rect {
    Rect(width: width, height: height).rows([.fixed(1), .weight(1), .fixed(1), .fixed(1)])[1]
  }

  private static func draw(
    snapshot: SessionSnapshot, state: AppState, width: Int, height: Int, color: Bool
  ) -> Canvas {
    var canvas = Canvas(width: max(0, width), height: max(0, height))
    let theme = Theme(glyphs: state.ascii ? .ascii : .unicode, color: color)
    let tooSmall = TooSmallView(
      minimumWidth: minimumWidth, minimumHeight: minimumHeight, glyphs: theme.glyphs)
    guard tooSmall.fits(canvas.bounds) else {
      tooSmall.render(in: canvas.bounds, on: &canvas)
      return canvas
    }
    let parts = canvas.bounds.rows([.fixed(1), .weight(1), .fixed(1), .fixed(1)])
    drawTitle(snapshot: snapshot, state: state, theme: theme, in: parts[0], on: &canvas)
    if state.screen == .neuronLab, let lab = state.lab {
      NeuronLabScreen(controller: lab, theme: theme).render(in: parts[1], on: &canvas)
    } else if state.screen == .experiments {
      ExperimentsScreen(state: state, theme: theme).render(in: parts[1], on: &canvas)
    } else {
      TrainScreen(snapshot: snapshot, state: state, theme: theme).render(in: parts[1], on: &canvas)
    }
    drawNotice(snapshot: snapshot, state: state, theme: theme, in: parts[2], on: &canvas)
    if state.screen == .neuronLab, let lab = state.lab {
      labStatusBar(lab, theme: theme).render(in: parts[3], on: &canvas)
    } else {
      statusBar(snapshot: snapshot, state: state, theme: theme, width: parts[3].width).render(
        in: parts[3], on: &canvas)
    }
    switch state.overlay {
    case .help:
      state.helpView(snapshot: snapshot, theme: theme).render(in: parts[1], on: &canvas)
    case .confirmQuit:
      HelpOverlay(
        title: "Quit while training runs?",
        entries: [
          (key: "y / q", description: "quit (the last epoch's checkpoint stays)"),
          (key: "any other key", description: "go on training"),
        ],
        footer: "s saves a checkpoint first", style: .plain, keyStyle: theme.accent,
        glyphs: theme.glyphs
      ).render(in: parts[1], on: &canvas)
    case .confirmStart(let item):
      HelpOverlay(
        title: "Start \(item.name)? It takes about \(item.time) here",
        entries: [
          (key: "Enter / y", description: "start training it"),
          (key: "any other key", description: "back to the list"),
        ],
        footer: item.data, style: .plain, keyStyle: theme.accent, glyphs: theme.glyphs
      ).render(in: parts[1], on: &canvas)
    case .welcome:
      HelpPageView(
        title: "Welcome to asf-tui", lines: Welcome.lines, maxWidth: 76, style: .plain,
        keyStyle: theme.accent, glyphs: theme.glyphs
      ).render(in: parts[1], on: &canvas)
    case nil:
      break
    }
    return canvas
  }

  /// What a mouse click at (`x`, `y`) of a `width` × `height` frame lands on.
  public static func target(
    atX x: Int, y: Int, width: Int, height: Int, snapshot: SessionSnapshot, state: AppState
  ) -> ClickTarget? {
    guard width >= minimumWidth, height >= minimumHeight, state.overlay == nil else { return nil }
    let bounds = Rect(width: width, height: height)
    let parts = bounds.rows([.fixed(1), .weight(1), .fixed(1), .fixed(1)])
    if y == parts[0].y {
      var left = " asf-tui ".count
      for kind in ScreenKind.allCases {
        let label = " \(kind.rawValue) \(kind.title) "
        if x >= left && x < left + label.count { return .screen(kind) }
        left += label.count
      }
      return nil
    }
    guard parts[1].contains(x: x, y: y) else { return nil }
    switch state.screen {
    case .experiments:
      return ExperimentsScreen.row(atY: y, in: parts[1], state: state).map { .experimentRow($0) }
    case .neuronLab where state.lab != nil:
      return nil
    default:
      let panels = TrainScreen.panels(
        in: parts[1], state: state, layers: snapshot.last?.layers.count)
      return panels.first { $0.rect.contains(x: x, y: y) }.map { .panel($0.index) }
    }
  }

  private static func drawTitle(
    snapshot: SessionSnapshot, state: AppState, theme: Theme, in area: Rect, on canvas: inout Canvas
  ) {
    var x = area.x
    x = canvas.put(" asf-tui ", x: x, y: area.y, style: theme.accent, clip: area)
    for kind in ScreenKind.allCases {
      let label = " \(kind.rawValue) \(kind.title) "
      let style = kind == state.screen ? Style(bold: true, reverse: true) : theme.dim
      x = canvas.put(label, x: x, y: area.y, style: style, clip: area)
    }
    let free = Rect(x: x + 1, y: area.y, width: max(0, area.maxX - x - 1), height: 1)
    // Preset · data set · neuron model (in the lab: the lab's neuron), dropping from the end
    // what does not fit (never cut).
    let parts =
      state.screen == .neuronLab && state.lab != nil
      ? state.lab.map { $0.lab.settings.titleParts } ?? []
      : [snapshot.presetName, snapshot.datasetName, snapshot.neuronModel].filter { !$0.isEmpty }
    let right =
      (0..<parts.count).reversed().lazy.map { parts[...$0].joined(separator: " · ") + " " }
      .first { $0.count <= free.width } ?? ""
    canvas.put(
      right, x: max(free.x, area.maxX - right.count), y: area.y, style: theme.dim, clip: free)
  }

  private static func drawNotice(
    snapshot: SessionSnapshot, state: AppState, theme: Theme, in area: Rect, on canvas: inout Canvas
  ) {
    let diverged = { if case .diverged = snapshot.state { true } else { false } }()
    // A session message shows until it gets old (the loop says when); a divergence stays.
    // A failure is drawn whole on the screen: the notice line does not repeat it in one line.
    let failed = { if case .failed = snapshot.state { true } else { false } }()
    let message = (state.sessionMessageExpired && !diverged) || failed ? nil : snapshot.message
    if let notice = state.notice ?? message {
      let diverged = state.notice == nil && diverged
      let style = diverged ? theme.style(.red, bold: true) : theme.accent
      canvas.put(" " + notice, x: area.x, y: area.y, style: style, clip: area)
    } else if state.screen == .experiments, let result = state.openResult {
      let hint =
        " " + KeyMap.hintLine(for: .experimentsChart, width: area.width - 1) + " · \(result.folder)"
      canvas.put(hint, x: area.x, y: area.y, style: theme.dim, clip: area)
    } else {
      let hint =
        " "
        + KeyMap.hintLine(
          for: state.keyContext(isReplay: snapshot.isReplay), width: area.width - 1)
      canvas.put(hint, x: area.x, y: area.y, style: theme.dim, clip: area)
    }
  }

}
