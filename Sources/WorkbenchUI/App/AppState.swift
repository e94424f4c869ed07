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

}
