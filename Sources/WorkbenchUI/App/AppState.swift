// The UI's own state (which screen, which layer, which overlay) and how keys change it.
// Key handling is pure: the key table (KeyMap) names the command, and `handle` returns the
// effects for the loop to carry out (session commands, loading the catalogue, opening an
// experiment, quitting), so it is testable without a terminal, files or presets.

import SpikingCore
import TerminalKit
import Workbench

/// The screens of the workbench.
public enum ScreenKind: Int, Sendable, CaseIterable {
  case train = 1
  case neuronLab = 2
  case experiments = 3
  case help = 4

  public var title: String {
    switch self {
    case .train: "Train"
    case .neuronLab: "Neuron lab"
    case .experiments: "Experiments"
    case .help: "Help"
    }
  }
}

/// An overlay drawn over the current screen.
public enum Overlay: Sendable, Equatable {
  case help
  case confirmQuit
  /// Starting this preset would take long here: Enter or y starts it, other keys do not.
  case confirmStart(ExperimentItem)
  /// The first launch's welcome: any key closes it (and then does what it does).
  case welcome
}

/// What the loop must do after a key: the effects that touch the session, files or processes.
public enum AppAction: Sendable, Equatable {
  case send(SessionCommand)
  /// Start training a preset, or replay a recorded run (Experiments screen).
  case open(ExperimentItem)
  /// Load a sweep (Figure 4) or speed comparison (Figure 3) folder and chart it.
  case showResult(ExperimentItem)
  /// Open the neuron lab with the Table 4 neuron (it does not exist yet).
  case openNeuronLab
  /// Open the neuron lab and run the Table 4 sweep.
  case runTable4
  /// Measure Figure 3 (ASF-BP against BPTT) now, in a process of its own.
  case measureSpeed
  /// Read the list of presets and recorded runs for the Experiments screen.
  case loadCatalogue
  /// Write the frame on screen as SVG and text.
  case saveFrame
  /// Read a recorded run and overlay its curves (nil: stop comparing).
  case compare(ExperimentItem?)
  case quit
}

/// The UI state of the workbench.
public struct AppState: Sendable {
  public var screen: ScreenKind = .train
  public var overlay: Overlay?
  /// How far the Help page is scrolled down, in rows.
  public var helpScroll = 0
  /// The terminal's size at the last key (the loop sets it), for scrolling the Help page.
  public var terminalWidth = 120
  public var terminalHeight = 40
  /// Index into the rasters of the last batch: 0 is the input, l + 1 hidden layer l.
  public var selectedRaster = 1
  /// `+`/`-` act on every conv/linear layer instead of the selected one.
  public var allLayers = false
  /// The panel with the keyboard focus (Tab cycles; it is highlighted).
  public var focus = 0
  public static let panelCount = 7
  /// The focused panel fills the Train screen (z or Enter; Esc back).
  public var zoomed = false
  /// Which sample and neurons the rasters show (sent to the session when changed).
  public var rasterView = RasterView()
  /// A second recorded run whose curves the Train screen overlays, by name.
  public var comparisons: [(name: String, snapshot: SessionSnapshot)] = []
  /// Runs compared with this one at most.
  public static let maxComparisons = 2
  /// The first compared run; setting it compares with that run alone (nil: none).
  public var comparison: (name: String, snapshot: SessionSnapshot)? {
    get { comparisons.first }
    set { comparisons = newValue.map { [$0] } ?? [] }
  }
  /// Which batches the accuracy and loss curves show (`a` cycles).
  public var curveWindow = CurveWindow.all
  /// The session's message has been on screen long enough (set by the loop), so an old
  /// message does not come back after a notice of the UI's own.
  public var sessionMessageExpired = false
  var sessionMessage: (text: String, since: Double)?
  /// How long a session message stays, in seconds.
  static let messageLifetime = 8.0

  /// What happened, with times (the log panel); how far the log is scrolled up.
  public var log = EventLog()
  public var logScroll = 0
  var loggedEpochs = 0
  /// How many of the session's notices the log holds.
  var loggedNotices = 0
  var loggedNotice: String?
  var loggedFailure = false
  /// The end of the live run has had its suggestions of what to do next.
  var suggestedNext = false

  /// A transient notice (e.g. "the neuron lab comes in a later release").
  public var notice: String?
  public var ascii = false
  /// The neuron lab, created when its screen is first opened.
  public var lab: NeuronLabController?
  /// What the lab is opened with: a lesson read from the command line (else the shipped one,
  /// read on `g`) and presentation mode (`--big`).
  public var labLesson: NeuronLesson?
  public var labPresentation = false
  /// The Experiments screen's list (read when the screen opens) and its selected row.
  public var experiments: [ExperimentItem] = []
  public var selectedExperiment = 0
  /// The sweep or speed comparison shown in place of the Experiments list (Enter opens it;
  /// Esc, Enter or Backspace goes back to the list); nil shows the list.
  public var openResult: ExperimentResult?

  public init(ascii: Bool = false) { self.ascii = ascii }

  /// Shows the neuron lab, with `lab` when there is none yet.
  public mutating func showNeuronLab(_ lab: @autoclosure () -> NeuronLabController) {
    screen = .neuronLab
    if self.lab == nil { self.lab = lab() }
  }

  /// Shows the Experiments list read by the loop, keeping the selection in range.
  /// The first time, the cursor starts on the default preset (quick, no download).
  public mutating func showCatalogue(_ items: [ExperimentItem]) {
    let first = experiments.isEmpty
    experiments = items
    selectedExperiment = min(selectedExperiment, max(0, items.count - 1))
    if first, let quick = items.firstIndex(where: { $0.name == PresetLibrary.defaultName }) {
      selectedExperiment = quick
    }
  }

  /// Where keys are read now: each context has its own bindings (KeyMap).
  public func keyContext(isReplay: Bool) -> KeyContext {
    switch screen {
    case .neuronLab where lab != nil: .neuronLab
    case .experiments: openResult == nil ? .experimentsList : .experimentsChart
    default: isReplay ? .replay : .train
    }
  }

  /// The runtime layer index of the selected raster (nil for the input).
  public var selectedLayer: Int? { selectedRaster == 0 ? nil : selectedRaster - 1 }

  /// Applies a key. `snapshot` gives the values in force.
  public mutating func handle(_ key: Key, snapshot: SessionSnapshot) -> [AppAction] {
    notice = nil
    switch key {
    case .wheelUp, .wheelDown:
      if overlay == nil { wheel(up: key == .wheelUp) }
      if overlay == .help { scrollHelp(by: key == .wheelUp ? -3 : 3, snapshot: snapshot) }
      return []
    case .click:
      return []  // the loop hit-tests clicks (WorkbenchScreens.target) and calls `click`
    default:
      break
    }
    if overlay == .welcome {
      overlay = nil
      // Esc, Enter and q only close it; other keys go on to do what they do.
      if [.escape, .enter, .character("q"), .character(" ")].contains(key) { return [] }
    }
    if let overlay {
      switch (overlay, key) {
      case (.confirmQuit, .character("y")), (.confirmQuit, .character("q")):
        return [.quit]
      case (.confirmQuit, _):
        self.overlay = nil
      case (.confirmStart(let item), .enter), (.confirmStart(let item), .character("y")):
        self.overlay = nil
        screen = .train
        return [.open(item)]
      case (.confirmStart, _):
        self.overlay = nil
        notice = "not started"
      case (.help, .escape), (.help, .character("?")), (.help, .character("q")),
        (.help, .character("4")), (.help, .function(1)):
        self.overlay = nil
      case (.help, .up), (.help, .character("k")): scrollHelp(by: -1, snapshot: snapshot)
      case (.help, .down), (.help, .character("j")): scrollHelp(by: 1, snapshot: snapshot)
      case (.help, .pageUp), (.help, .character("b")):
        scrollHelp(by: -helpPageRows(snapshot), snapshot: snapshot)
      case (.help, .pageDown), (.help, .character(" ")):
        scrollHelp(by: helpPageRows(snapshot), snapshot: snapshot)
      case (.help, .home), (.help, .character("g")): helpScroll = 0
      case (.help, .end), (.help, .character("G")): scrollHelp(by: .max / 2, snapshot: snapshot)
      case (.help, _):
        notice = "Help: ↑/↓ or PgUp/PgDn scroll, Esc closes"
      case (.welcome, _):
        break
      }
      return []
    }
    let context = keyContext(isReplay: snapshot.isReplay)
    guard let command = KeyMap.command(for: key, in: context) else {
      if context == .replay, KeyMap.command(for: key, in: .train) != nil {
        notice = "a replay shows a recorded run: it cannot change it"
      } else {
        notice = "unknown key here: press ? for the list of keys"
      }
      return []
    }
    return perform(command, snapshot: snapshot)
  }

  /// Commands that steer the run (a read-only follow refuses them, saying how to steer).
  static let steering: Set<KeyCommand> = [
    .pauseOrResume, .trainOneBatch, .raiseThreshold, .lowerThreshold, .longerTimeWindow,
    .shorterTimeWindow, .saveCheckpoint, .stopRun, .lowerLearningRate, .raiseLearningRate,
    .nextScaleMode, .toggleMask, .toggleReset, .toggleSpikeRule, .lowerSmoothing,
    .raiseSmoothing,
  ]

  /// Carries out a command of the key table.
  mutating func perform(_ command: KeyCommand, snapshot: SessionSnapshot) -> [AppAction] {
    let rasterCount = max(1, (snapshot.last?.rasters.count ?? snapshot.layerNames.count))
    if let reason = snapshot.readOnly, Self.steering.contains(command) {
      notice = reason
      return []
    }
    switch command {
    case .pauseOrResume:
      if snapshot.state == .running {
        // A batch is not cut short: say so, since a long one (VGG7) can take seconds. A
        // followed run's session says it once the command is written.
        if !snapshot.isReplay && !snapshot.followed { notice = "pausing after this batch" }
        return [.send(.pause)]
      }
      if snapshot.state.isPaused { return [.send(.resume)] }
      if snapshot.state == .idle && !snapshot.isReplay {
        notice = "pausing as soon as the data is read, before the first batch"
        return [.send(.pause)]
      }
      notice = "training is \(snapshot.state.label): nothing to pause"
    case .trainOneBatch:
      if snapshot.state.isPaused { return [.send(.step)] }
      notice =
        snapshot.state == .finished
        ? "training has finished: no batch is left (3 opens the Experiments screen)"
        : "'.' trains one batch while paused (press space to pause)"
    case .raiseThreshold, .lowerThreshold:
      return thresholdChange(up: command == .raiseThreshold, snapshot: snapshot)
    case .toggleAllLayers:
      allLayers.toggle()
      notice =
        allLayers ? "+/- now change every layer's threshold" : "+/- change the selected layer"
    case .longerTimeWindow: return [.send(.longerTimeWindow)]
    case .shorterTimeWindow: return [.send(.shorterTimeWindow)]
    case .nextLayer where zoomed && focus == TrainScreen.logPanel:
      logScroll = max(0, logScroll - 1)
    case .previousLayer where zoomed && focus == TrainScreen.logPanel:
      logScroll = min(max(0, log.entries.count - 1), logScroll + 1)
    case .nextLayer, .previousLayer:
      let step = command == .nextLayer ? 1 : rasterCount - 1
      selectedRaster = (selectedRaster + step) % rasterCount
      // A window of neurons belongs to its layer: another layer starts whole.
      if rasterView.activation != nil {
        rasterView.activation = nil
        rasterView.firstNeuron = 0
        return [.send(.setRasterView(rasterView))]
      }
    case .previousSample, .nextSample, .nextNeurons, .previousNeurons, .rasterOverview:
      return changeRaster(command, snapshot: snapshot)
    case .nextPanel: focus = (focus + 1) % Self.panelCount
    case .previousPanel: focus = (focus + Self.panelCount - 1) % Self.panelCount
    case .saveCheckpoint: return [.send(.saveCheckpoint(path: nil))]
    case .stopRun: return [.send(.stopRun)]
    case .saveFrame: return [.saveFrame]
    case .nextScaleMode, .toggleMask, .toggleReset, .toggleSpikeRule, .lowerSmoothing,
      .raiseSmoothing:
      return switchChange(command, snapshot: snapshot)
    case .lowerLearningRate, .raiseLearningRate:
      return [.send(.scaleLearningRate(by: command == .raiseLearningRate ? 2 : 0.5))]
    case .toggleZoom:
      zoomed.toggle()
      if zoomed { notice = "zoomed: z, Enter or Esc goes back; Tab zooms the next panel" }
    case .showLayerTable:
      focus = TrainScreen.layerTablePanel
      zoomed = true
    case .measureAccuracy:
      // The session says the accuracy once it has measured it.
      if snapshot.followed {
        notice = "A measures a run this workbench trains; a followed run tests after each epoch"
        return []
      }
      return [.send(.measureAccuracy)]
    case .cycleCurveWindow:
      curveWindow = curveWindow.next
      if curveWindow == .sinceChange && snapshot.changes.isEmpty {
        notice = "curves: no setting has changed yet, so since the last change is every batch"
      } else {
        notice = "curves: \(curveWindow.sentence) (a: next)"
      }
    case .showLatency:
      focus = TrainScreen.latencyPanel
      zoomed = true
    case .showLog:
      focus = TrainScreen.logPanel
      zoomed = true
      logScroll = 0
    case .replaySlower, .replayFaster:
      return [.send(.changeSpeed(faster: command == .replayFaster))]
    case .replayStart, .replayEnd: return [.send(.seek(toEnd: command == .replayEnd))]
    case .replayNextBatch: return [.send(.step)]
    case .selectNext:
      selectedExperiment = min(max(0, experiments.count - 1), selectedExperiment + 1)
    case .selectPrevious: selectedExperiment = max(0, selectedExperiment - 1)
    case .openSelected:
      guard experiments.indices.contains(selectedExperiment) else { return [] }
      return open(experiments[selectedExperiment])
    case .backToList: openResult = nil
    case .compareSelected:
      guard experiments.indices.contains(selectedExperiment) else { return [] }
      let item = experiments[selectedExperiment]
      let name = item.name.split(separator: "/").last.map(String.init) ?? item.name
      if comparisons.contains(where: { $0.name == name }) {
        comparisons.removeAll { $0.name == name }
        notice = comparisons.isEmpty ? "no comparison" : "\(name) is no longer compared"
        return []
      }
      guard comparisons.count < Self.maxComparisons else {
        notice =
          "\(Self.maxComparisons) runs are compared with this one already: c on one of them "
          + "stops comparing it"
        return []
      }
      guard item.kind == .run || item.kind == .shipped else {
        notice = "only a recorded run can be compared: \(item.name) is a \(item.kind.rawValue)"
        return []
      }
      return [.compare(item)]
    case .ignored: break
    case .showTrain:
      // Esc (or 1) on the Train screen first leaves a zoomed panel.
      if screen == .train { zoomed = false }
      screen = .train
    case .showNeuronLab:
      if lab == nil { return [.openNeuronLab] }
      screen = .neuronLab
    case .showExperiments:
      screen = .experiments
      openResult = nil
      return [.loadCatalogue]
    case .showHelp:
      overlay = .help
      helpScroll = 0
    case .quit:
      // A replay changes nothing that quitting could lose: it ends at once.
      if snapshot.state == .running && !snapshot.isReplay && !snapshot.quitLeavesRun {
        overlay = .confirmQuit
        return []
      }
      return [.quit]
    default:
      notice = lab?.perform(command)
    }
    return []
  }
}

extension AppState {
  /// The Help page for the context in use, as drawn on this terminal.
  func helpView(snapshot: SessionSnapshot, theme: Theme = Theme(glyphs: .unicode, color: false))
    -> HelpPageView
  {
    HelpPageView(
      title: "Help · asf-tui", lines: HelpPage.lines(for: keyContext(isReplay: snapshot.isReplay)),
      scroll: helpScroll, style: .plain, keyStyle: theme.accent, glyphs: theme.glyphs)
  }

  /// The rows the Help page shows at once on this terminal.
  func helpPageRows(_ snapshot: SessionSnapshot) -> Int {
    let body = WorkbenchScreens.body(width: terminalWidth, height: terminalHeight)
    return max(1, helpView(snapshot: snapshot).visibleRows(in: body).shown - 1)
  }

  /// Scrolls the Help page by `rows`, within its length on this terminal.
  mutating func scrollHelp(by rows: Int, snapshot: SessionSnapshot) {
    let body = WorkbenchScreens.body(width: terminalWidth, height: terminalHeight)
    let limit = helpView(snapshot: snapshot).visibleRows(in: body).maxScroll
    helpScroll = max(0, min(limit, helpScroll + rows))
  }
}
