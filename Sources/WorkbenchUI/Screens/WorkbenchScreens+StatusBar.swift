// The status bars of the workbench's frames: a live run's (state, progress, speed and ETA
// first, then the learning rate, the switches and the values in force), a replay's and the
// neuron lab's; with the progress texts they share.

import Foundation
import SpikingCore
import TerminalKit
import Workbench

extension WorkbenchScreens {
  static func statusBar(
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

  static func replayStatusBar(
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

  static func labStatusBar(_ lab: NeuronLabController, theme: Theme) -> StatusBar {
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
