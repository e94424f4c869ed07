// The UI's own state (which screen, which layer, which overlay) and how keys change it.
// Key handling is pure: it returns the commands for the training session and whether to
// quit, so it is testable without a terminal.

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
}

/// What the loop must do after a key.
public enum AppAction: Sendable, Equatable {
  case send(SessionCommand)
  /// Start training a preset, or replay a recorded run (Experiments screen).
  case open(ExperimentItem)
  /// Measure Figure 3 (ASF-BP against BPTT) now, in a process of its own.
  case measureSpeed
  case quit
}

/// The UI state of the workbench.
public struct AppState: Sendable {
  public var screen: ScreenKind = .train
  public var overlay: Overlay?
  /// Index into the rasters of the last batch: 0 is the input, l + 1 hidden layer l.
  public var selectedRaster = 1
  /// `+`/`-` act on every conv/linear layer instead of the selected one.
  public var allLayers = false
  /// The panel with the keyboard focus (Tab cycles; it is highlighted).
  public var focus = 0
  public static let panelCount = 4
  /// A transient notice (e.g. "the neuron lab comes in a later release").
  public var notice: String?
  public var ascii = false
  /// The neuron lab, created when its screen is first opened.
  public var lab: NeuronLabController?
  /// The Experiments screen's list (read when the screen opens) and its selected row.
  public var experiments: [ExperimentItem] = []
  public var selectedExperiment = 0
  /// The sweep or speed comparison shown in place of the Experiments list (Enter opens it;
  /// Esc, Enter or Backspace goes back to the list); nil shows the list.
  public var openResult: ExperimentResult?

  public init(ascii: Bool = false) { self.ascii = ascii }

  /// Opens the neuron lab screen (creating the lab with the Table 4 preset's setup).
  public mutating func openNeuronLab() {
    screen = .neuronLab
    if lab == nil {
      let preset = try? PresetLibrary.load("table4-scale-factor")
      lab = NeuronLabController(
        tableSettings: preset?.neuronLabSettings ?? NeuronLabSettings(),
        seed: preset?.seed ?? 1)
    }
  }

  /// The runtime layer index of the selected raster (nil for the input).
  public var selectedLayer: Int? { selectedRaster == 0 ? nil : selectedRaster - 1 }

  /// Applies a key. `snapshot` gives the values in force.
  public mutating func handle(_ key: Key, snapshot: SessionSnapshot) -> [AppAction] {
    notice = nil
    if let overlay {
      switch (overlay, key) {
      case (.confirmQuit, .character("y")), (.confirmQuit, .character("q")):
        return [.quit]
      case (.confirmQuit, _):
        self.overlay = nil
        return []
      case (.help, .escape), (.help, .character("?")), (.help, .character("q")):
        self.overlay = nil
        return []
      case (.help, _):
        return []
      }
    }
    let rasterCount = max(1, (snapshot.last?.rasters.count ?? snapshot.layerNames.count))
    if screen == .neuronLab, var lab {
      switch key {
      case .character("q"), .character("?"), .function(1), .escape, .character("1"),
        .character("2"), .character("3"), .character("4"):
        break
      default:
        notice = lab.handle(key)
        self.lab = lab
        return []
      }
    }
    if snapshot.isReplay, screen == .train {
      switch key {
      case .character("<"), .character(","): return [.send(.changeSpeed(faster: false))]
      case .character(">"): return [.send(.changeSpeed(faster: true))]
      case .home, .character("g"): return [.send(.seek(toEnd: false))]
      case .end, .character("G"): return [.send(.seek(toEnd: true))]
      case .character("."): return [.send(.step)]
      case .character("+"), .character("-"), .character("["), .character("]"), .character("s"),
        .character("*"):
        notice = "a replay shows a recorded run: it cannot change it"
        return []
      case .character("q"):
        return [.quit]
      default:
        break
      }
    }
    if screen == .experiments, openResult != nil {
      switch key {
      case .escape, .enter, .backspace:
        openResult = nil
        return []
      case .up, .down, .character("j"), .character("k"):
        return []
      default:
        break
      }
    }
    if screen == .experiments {
      switch key {
      case .down, .character("j"):
        selectedExperiment = min(max(0, experiments.count - 1), selectedExperiment + 1)
        return []
      case .up, .character("k"):
        selectedExperiment = max(0, selectedExperiment - 1)
        return []
      case .enter:
        guard experiments.indices.contains(selectedExperiment) else { return [] }
        let item = experiments[selectedExperiment]
        if let result = ExperimentResult(loading: item) {
          openResult = result
          return []
        }
        if item.kind == .preset, item.name == "table4-scale-factor" {
          openNeuronLab()
          lab?.runTable()
          return []
        }
        if item.kind == .preset, item.name == "fig3-training-time" {
          // The loop starts the benchmark and charts its rows as they come.
          return [.measureSpeed]
        }
        screen = .train
        return [.open(item)]
      default:
        break
      }
    }
    switch key {
    case .character("q"):
      if snapshot.state == .running {
        overlay = .confirmQuit
        return []
      }
      return [.quit]
    case .character("?"), .function(1):
      overlay = .help
    case .escape, .character("1"):
      screen = .train
    case .character(" "):
      if snapshot.state == .running { return [.send(.pause)] }
      if snapshot.state.isPaused { return [.send(.resume)] }
      notice = "training is \(snapshot.state.label): nothing to pause"
    case .character("."):
      if snapshot.state.isPaused { return [.send(.step)] }
      notice = "'.' trains one batch while paused (press space to pause)"
    case .character("n"), .down:
      selectedRaster = (selectedRaster + 1) % rasterCount
    case .character("p"), .up:
      selectedRaster = (selectedRaster + rasterCount - 1) % rasterCount
    case .character("*"):
      allLayers.toggle()
      notice =
        allLayers ? "+/- now change every layer's threshold" : "+/- change the selected layer"
    case .character("+"), .character("="), .character("-"), .character("_"):
      let up = key == .character("+") || key == .character("=")
      return thresholdChange(up: up, snapshot: snapshot)
    case .character("]"):
      // Relative: the session applies each press to the window in force.
      return [.send(.longerTimeWindow)]
    case .character("["):
      return [.send(.shorterTimeWindow)]
    case .tab, .right:
      focus = (focus + 1) % Self.panelCount
    case .backTab, .left:
      focus = (focus + Self.panelCount - 1) % Self.panelCount
    case .character("s"):
      return [.send(.saveCheckpoint(path: nil))]
    case .character("2"):
      openNeuronLab()
    case .character("3"):
      screen = .experiments
      openResult = nil
      experiments = ExperimentCatalogue.items()
      selectedExperiment = min(selectedExperiment, max(0, experiments.count - 1))
    case .character("4"):
      overlay = .help
    default:
      notice = "unknown key: press ? for the list of keys"
    }
    return []
  }

  /// A relative change (one press, one step), applied by the session to the value in force.
  private mutating func thresholdChange(up: Bool, snapshot: SessionSnapshot) -> [AppAction] {
    let delta = up ? Limits.thresholdStep : -Limits.thresholdStep
    if allLayers { return [.send(.nudgeThreshold(layer: nil, by: delta))] }
    guard let layer = selectedLayer, snapshot.thresholds.indices.contains(layer) else {
      notice = "the input layer has no threshold: select a layer with n/p"
      return []
    }
    return [.send(.nudgeThreshold(layer: layer, by: delta))]
  }

  /// The key list of the help overlay.
  public static let keyHelp: [(String, String)] = [
    ("space", "pause / resume training"),
    (".", "train one batch while paused"),
    ("+ / -", "threshold Vth of the selected layer (±0.1)"),
    ("*", "toggle: +/- act on every layer"),
    ("[ / ]", "shorter / longer time window T"),
    ("n / p", "next / previous layer (raster, histograms)"),
    ("Tab", "move the focus between panels"),
    ("s", "save a checkpoint into the run folder"),
    ("1 2 3", "Train, Neuron lab, Experiments screens"),
    ("↑ ↓ Enter", "Experiments: choose; start, replay or chart it"),
    ("Esc / Bksp", "Experiments: from a chart back to the list"),
    ("t (lab)", "run the Table 4 sweep in the neuron lab"),
    ("? / F1", "this help"),
    ("Esc", "close an overlay"),
    ("q", "quit (asks while training runs)"),
  ]
}
