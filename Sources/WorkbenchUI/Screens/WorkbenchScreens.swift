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

  private static func statusBar(
    snapshot: SessionSnapshot, state: AppState, theme: Theme, width: Int
  ) -> StatusBar {
    if case .replay(let speed, let position, let length) = snapshot.source {
      return replayStatusBar(
        snapshot: snapshot, speed: speed, position: position, length: length, state: state,
        theme: theme)
    }
    let stateText = snapshot.state.label
    let stateStyle: Style? =
      switch snapshot.state {
      case .running:
        theme.color ? Style(foreground: .black, background: .green, bold: true) : Style(bold: true)
      case .paused, .diverged:
        theme.color ? Style(foreground: .black, background: .yellow, bold: true) : Style(bold: true)
      case .failed:
        theme.color ? Style(foreground: .white, background: .red, bold: true) : Style(bold: true)
      default: nil
      }
    // A run that never started has no epoch, batch or values in force to show.
    if case .failed = snapshot.state, snapshot.last == nil, snapshot.batchesPerEpoch == 0 {
      return StatusBar(left: [
        .init(" \(stateText) ", style: stateStyle), .init("the run could not start (above)"),
      ])
    }
    if snapshot.state == .idle {
      let reading =
        snapshot.work.flatMap { $0.total > 0 ? " \($0.stage) \($0.percent) " : nil }
        ?? " reading the data set… "
      return StatusBar(left: [.init(" loading ", style: nil), .init(reading)])
    }
    let total = max(1, snapshot.epochs * max(1, snapshot.batchesPerEpoch))
    let finished = snapshot.state == .finished
    let done = finished ? total : snapshot.epoch * max(1, snapshot.batchesPerEpoch) + snapshot.batch
    let fraction = Double(done) / Double(total)
    // A finished run shows its last batch, not the first of an epoch that never began.
    let batch = finished ? snapshot.batchesPerEpoch : snapshot.batch
    let vthLayer = state.selectedLayer ?? 0
    let vth = snapshot.thresholds.indices.contains(vthLayer) ? snapshot.thresholds[vthLayer] : 0
    // The layer whose threshold the status bar shows (and `+`/`-` change), by name.
    let layerName =
      snapshot.layerNames.indices.contains(vthLayer) ? snapshot.layerNames[vthLayer] : ""
    let vthLabel = state.allLayers ? "Vth(all)" : "\(layerName) Vth"
    let epoch = "\(min(snapshot.epoch + 1, max(1, snapshot.epochs)))/\(snapshot.epochs)"
    // State, progress, speed and ETA come first and stay; the values in force follow.
    func left(compact: Bool) -> [StatusBar.Segment] {
      let head: [StatusBar.Segment] = [.init(" \(stateText) ", style: stateStyle)]
      // Before the first batch ends there is no speed yet: how far its forward has got.
      if let first = firstBatchText(snapshot) {
        return head + [.init("epoch \(epoch) batch \(batch)/\(snapshot.batchesPerEpoch) \(first)")]
      }
      // A compact bar leaves the progress to the numbers.
      let bar = compact ? "" : " " + progressText(fraction, width: 12, glyphs: theme.glyphs)
      return head + [
        .init("epoch \(epoch) batch \(batch)/\(snapshot.batchesPerEpoch)\(bar)"),
        .init(
          String(format: compact ? "%.0f/s" : "%.0f samples/s", snapshot.samplesPerSecond)),
        .init("ETA \(duration(snapshot.secondsRemaining))"),
      ]
    }
    let strong = Style(bold: true, reverse: true)
    let inForce: [StatusBar.Segment] = [
      .init(" T=\(snapshot.timeSteps) ", style: strong),
      .init(String(format: " %@=%.2f ", vthLabel, vth), style: strong),
    ]
    let lr = StatusBar.Segment(String(format: "lr=%.2g", snapshot.learningRate))
    // ASF-BP's switches, when any differs from the paper's: named in full where they fit,
    // else counted ("3 switches"); then lr goes, then the bar and speed get shorter.
    let differences = snapshot.switches.differences
    let named: [StatusBar.Segment] =
      differences.isEmpty ? [] : [.init(" \(differences.joined(separator: " ")) ", style: strong)]
    let counted: [StatusBar.Segment] =
      differences.isEmpty
      ? []
      : [
        .init(
          differences.count == 1 ? " 1 switch " : " \(differences.count) switches ", style: strong)
      ]
    let candidates = [
      StatusBar(left: left(compact: false), right: [lr] + named + inForce),
      StatusBar(left: left(compact: false), right: [lr] + counted + inForce),
      StatusBar(left: left(compact: false), right: counted + inForce),
      StatusBar(left: left(compact: true), right: [lr] + counted + inForce),
      StatusBar(left: left(compact: true), right: counted + inForce),
    ]
    // The last drops segments from the front of its right group where even it is too wide.
    return candidates.first { $0.fits(width: width) } ?? candidates[candidates.count - 1]
  }

  private static func replayStatusBar(
    snapshot: SessionSnapshot, speed: Double, position: Int, length: Int, state: AppState,
    theme: Theme
  ) -> StatusBar {
    let label =
      snapshot.state == .running
      ? " REPLAY ▶ " : snapshot.state == .finished ? " REPLAY ■ end " : " REPLAY ‖ "
    let fraction = Double(position) / Double(max(1, length))
    let vthLayer = state.selectedLayer ?? 0
    let vth = snapshot.thresholds.indices.contains(vthLayer) ? snapshot.thresholds[vthLayer] : 0
    return StatusBar(
      left: [
        .init(
          label,
          style: theme.color
            ? Style(foreground: .black, background: .cyan, bold: true) : Style(bold: true)),
        .init(
          " epoch \(snapshot.epoch + 1)/\(snapshot.epochs) batch \(snapshot.batch)/\(snapshot.batchesPerEpoch) · frame \(position) of \(length) \(progressText(fraction, width: 12, glyphs: theme.glyphs)) "
        ),
      ],
      right: [
        .init(" \(Int(speed)) batches/s "),
        .init(" T=\(snapshot.timeSteps) ", style: Style(bold: true, reverse: true)),
        .init(String(format: " Vth=%.2f ", vth), style: Style(bold: true, reverse: true)),
      ])
  }

  private static func labStatusBar(_ lab: NeuronLabController, theme: Theme) -> StatusBar {
    let s = lab.lab.settings
    let stateStyle =
      theme.color
      ? Style(foreground: .black, background: lab.paused ? .yellow : .green, bold: true)
      : Style(bold: true)
    return StatusBar(
      left: [
        .init(lab.paused ? " paused " : " running ", style: stateStyle),
        .init(
          " \(lab.isTable4Neuron ? "Table 4 neuron" : "free neuron")"
            + (lab.lessonStep.map { " · lesson \($0 + 1)/\(lab.lesson?.steps.count ?? 0)" } ?? "")
            + " · step \(lab.lab.history.count)/\(s.timeSteps) · \(lab.speed)/frame "),
      ],
      right: [
        .init(
          String(format: " U(%.1f,%.1f) ", s.lower, s.upper),
          style: Style(bold: true, reverse: true)),
        .init(String(format: " Vth=%.2f ", s.threshold), style: Style(bold: true, reverse: true)),
        .init(" T=\(s.timeSteps) ", style: Style(bold: true, reverse: true)),
        .init(lab.lab.scaleFactor.map { String(format: " S=%.3f ", $0) } ?? " S=— "),
      ])
  }

  /// "first batch 37 %" while the first batch of a live run is in its spiking forward.
  static func firstBatchText(_ snapshot: SessionSnapshot) -> String? {
    guard snapshot.last == nil, snapshot.source == .live, snapshot.state == .running,
      let work = snapshot.work, work.stage == WorkProgress.forwardStage, work.total > 0
    else { return nil }
    return "first batch \(work.percent)"
  }

  static func progressText(_ fraction: Double, width: Int, glyphs: GlyphSet) -> String {
    let filled = Int((max(0, min(1, fraction)) * Double(width)).rounded())
    return String(repeating: glyphs.fullBlock, count: filled)
      + String(repeating: glyphs.emptyBlock, count: width - filled)
  }

  static func duration(_ seconds: Double) -> String {
    guard seconds.isFinite, seconds > 0 else { return "--" }
    let s = Int(seconds.rounded())
    if s >= 3600 { return String(format: "%dh%02dm", s / 3600, (s % 3600) / 60) }
    if s >= 60 { return String(format: "%dm%02ds", s / 60, s % 60) }
    return "\(s)s"
  }
}
