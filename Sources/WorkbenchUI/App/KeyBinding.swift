// The one table of keys: for each context (Train, replay, Experiments list or chart, neuron
// lab) which keys do what. It drives the dispatch in AppState, the `?` overlay and the hint
// line, so the three never disagree. Drawing and effects live elsewhere.

import TerminalKit

/// What a key asks for.
public enum KeyCommand: Sendable, Equatable {
  // Training.
  case pauseOrResume, trainOneBatch, raiseThreshold, lowerThreshold, toggleAllLayers
  case longerTimeWindow, shorterTimeWindow, nextLayer, previousLayer, nextPanel, previousPanel
  case saveCheckpoint, stopRun, toggleZoom, showLayerTable, showLog, showLatency
  case cycleCurveWindow, measureAccuracy
  case lowerLearningRate, raiseLearningRate
  // ASF-BP's switches (issue 17).
  case nextScaleMode, toggleMask, toggleReset, toggleSpikeRule, lowerSmoothing, raiseSmoothing
  case previousSample, nextSample, nextNeurons, previousNeurons, rasterOverview
  // Replay.
  case replaySlower, replayFaster, replayStart, replayEnd, replayNextBatch
  // Experiments.
  case selectNext, selectPrevious, openSelected, backToList, compareSelected
  // Neuron lab.
  case labRunOrPause, labStep, labSlower, labFaster, labNewWindow, labTable4
  case labRangeUp, labRangeDown, labWiden, labNarrow, labRaiseThreshold, labLowerThreshold
  case labLeak, labReset, labLongerWindow, labShorterWindow
  case labLessWeight, labMoreWeight, labFewerSynapses, labMoreSynapses
  case labSwitchNeuron, labLesson, labNextStep, labPreviousStep, labPresentation
  case labClearFaint, labTransferPlot
  // Everywhere.
  case showTrain, showNeuronLab, showExperiments, showHelp, saveFrame, quit
  /// A key that is read but does nothing here (the list does not move under a chart).
  case ignored
}

/// Where the keys are read: each context has its own bindings.
public enum KeyContext: Sendable, Equatable {
  case train, replay, experimentsList, experimentsChart, neuronLab

  /// The title of the `?` overlay.
  public var helpTitle: String {
    switch self {
    case .train: "Keys of the Train screen"
    case .replay: "Keys of a replay"
    case .experimentsList, .experimentsChart: "Keys of the Experiments screen"
    case .neuronLab: "Keys of the neuron lab"
    }
  }
}

/// Keys, how the help writes them, what they do, and the command they send.
public struct KeyBinding: Sendable {
  public let keys: [Key]
  /// As the help writes the keys, e.g. "+ / -".
  public let label: String
  /// The line of the `?` overlay; nil when the line of its pair describes it (`-` under
  /// "+ / -").
  public let help: String?
  /// Its words on the hint line, e.g. "+/- Vth"; nil keeps it off that line.
  public let hint: String?
  public let command: KeyCommand

  init(_ keys: [Key], _ label: String, _ help: String?, hint: String? = nil, _ command: KeyCommand)
  {
    self.keys = keys
    self.label = label
    self.help = help
    self.hint = hint
    self.command = command
  }
}

/// The bindings of every context.
public enum KeyMap {
  private static func chars(_ text: String) -> [Key] { text.map { Key.character($0) } }

  /// The panel keys of the Train screen, live or replayed: focus, zoom, the zoomed views.
  static let panels: [KeyBinding] = [
    .init([.tab, .right], "Tab", "move the focus between panels (Shift-Tab back)", .nextPanel),
    .init([.backTab, .left], "Shift-Tab", nil, .previousPanel),
    .init(
      chars("z") + [.enter], "z / Enter", "zoom the focused panel to the whole screen (Esc back)",
      hint: "z zoom", .toggleZoom),
    .init(
      chars("L"), "L", "the per-layer table (rates, silent, saturated, SOPs), zoomed",
      .showLayerTable),
    .init(chars("l"), "l", "the log, zoomed (↑/↓ scroll)", .showLog),
    .init(chars("t"), "t", "the latency curve after the last epoch, zoomed", .showLatency),
    .init(
      chars("a"), "a", "curves: all batches / the last epoch / since the last change",
      .cycleCurveWindow),
  ]

  static let train: [KeyBinding] =
    [
      .init(chars(" "), "space", "pause / resume training", hint: "space pause", .pauseOrResume),
      .init(chars("."), ".", "train one batch while paused", hint: ". one batch", .trainOneBatch),
      .init(
        chars("+="), "+ / -", "threshold Vth of the selected layer ±0.1", hint: "+/- Vth",
        .raiseThreshold),
      .init(chars("-_"), "-", nil, .lowerThreshold),
      .init(chars("*"), "*", "toggle: +/- act on every layer", .toggleAllLayers),
      .init(
        chars("["), "[ / ]", "shorter / longer time window T", hint: "[/] T", .shorterTimeWindow),
      .init(chars("]"), "]", nil, .longerTimeWindow),
      .init(
        chars("n") + [.down], "n / p", "next / previous layer (raster, histograms)",
        hint: "n/p layer", .nextLayer),
      .init(chars("p") + [.up], "p", nil, .previousLayer),
    ] + panels + [
      .init(chars("<,"), "< / >", "raster: previous / next sample of the batch", .previousSample),
      .init(chars(">"), ">", nil, .nextSample),
      .init(
        chars("j"), "j / k", "raster: the next / previous 256 neurons of the layer", .nextNeurons),
      .init(chars("k"), "k", nil, .previousNeurons),
      .init(chars("o"), "o", "raster: the whole layer again (every n-th neuron)", .rasterOverview),
      .init(
        chars("("), "( / )", "halve / double the learning rate (the schedule's decays still apply)",
        hint: "(/) lr", .lowerLearningRate),
      .init(chars(")"), ")", nil, .raiseLearningRate),
      .init(
        chars("s"), "s", "save a checkpoint into the run folder", hint: "s save", .saveCheckpoint),
      .init(
        chars("A"), "A",
        "measure the test accuracy now at the values in force (the first 1,000 test samples)",
        .measureAccuracy),
      .init(
        chars("X"), "X",
        "stop the run: it saves its checkpoint and trains no more (--resume goes on)",
        .stopRun),
    ] + switches

  /// ASF-BP's switches, from the next batch on (issue 17).
  static let switches: [KeyBinding] = [
    .init(
      chars("S"), "S", "scale factor: per layer → per neuron → 1/Vth → 1 → frozen",
      .nextScaleMode),
    .init(chars("{"), "{ / }", "scale factor's EMA weight −/+ 0.1", .lowerSmoothing),
    .init(chars("}"), "}", nil, .raiseSmoothing),
    .init(chars("M"), "M", "gradient mask 1[FI > 0] on / off", .toggleMask),
    .init(chars("R"), "R", "reset after a spike: hard / subtract", .toggleReset),
    .init(chars("I"), "I", "spike rule: u > Vth / u ≥ Vth", .toggleSpikeRule),
  ]

  static let replay: [KeyBinding] =
    [
      .init(chars(" "), "space", "pause / play the replay", hint: "space pause", .pauseOrResume),
      .init(chars("<,"), "< / >", "slower / faster", hint: "< > speed", .replaySlower),
      .init(chars(">"), ">", nil, .replayFaster),
      .init(
        [.home] + chars("g"), "Home / End", "first / last recorded batch",
        hint: "Home/End start/end",
        .replayStart),
      .init([.end] + chars("G"), "End", nil, .replayEnd),
      .init(chars("."), ".", "next recorded batch", hint: ". next batch", .replayNextBatch),
      .init(chars("n") + [.down], "n / p", "next / previous layer", hint: "n/p layer", .nextLayer),
      .init(chars("p") + [.up], "p", nil, .previousLayer),
    ] + panels

  static let experimentsList: [KeyBinding] = [
    .init(
      [.down] + chars("j"), "↓ / ↑", "choose a preset or a recorded run", hint: "↑/↓ choose",
      .selectNext),
    .init([.up] + chars("k"), "↑", nil, .selectPrevious),
    .init(
      [.enter], "Enter", "start the preset, replay the run, or chart the sweep", hint: "Enter open",
      .openSelected),
    .init(
      chars("c"), "c",
      "compare: this recorded run's curves beside the Train screen's, in epochs (up to two runs; c again stops)",
      hint: "c compare", .compareSelected),
  ]

  static let experimentsChart: [KeyBinding] = [
    .init(
      [.escape, .enter, .backspace], "Esc / Enter / Bksp", "back to the list",
      hint: "Esc/Enter/Backspace back to the list", .backToList),
    .init([.up, .down] + chars("jk"), "↑ / ↓", nil, .ignored),
  ]

  static let neuronLab: [KeyBinding] = [
    .init(
      [.left], "← / →", "move the input range U(a, b) down / up by 0.1", hint: "←/→ input range",
      .labRangeDown),
    .init([.right], "→", nil, .labRangeUp),
    .init([.down], "↓ / ↑", "narrow / widen the range (b − 0.1 / b + 0.1)", .labNarrow),
    .init([.up], "↑", nil, .labWiden),
    .init(chars("+="), "+ / -", "threshold Vth ±0.1", hint: "+/- Vth", .labRaiseThreshold),
    .init(chars("-_"), "-", nil, .labLowerThreshold),
    .init(chars("l"), "l", "leak: 1 (IF), 0.99, 0.95, 0.9 (LIF)", hint: "l leak", .labLeak),
    .init(chars("x"), "x", "reset: hard (to 0) / subtract Vth", .labReset),
    .init(chars("["), "[ / ]", "time window T", .labShorterWindow),
    .init(chars("]"), "]", nil, .labLongerWindow),
    .init(chars("w"), "w / W", "sum of the synaptic weights −/+ 0.25", .labLessWeight),
    .init(chars("W"), "W", nil, .labMoreWeight),
    .init(chars("m"), "m / M", "halve / double the number of synapses", .labFewerSynapses),
    .init(chars("M"), "M", nil, .labMoreSynapses),
    .init(chars(" "), "space", "pause / run", hint: "space run/pause", .labRunOrPause),
    .init(chars("."), ".", "one time step", .labStep),
    .init(chars("<,"), "< / >", "slower / faster", .labSlower),
    .init(chars(">"), ">", nil, .labFaster),
    .init(
      chars("r"), "r", "new window (fresh pixels; the faint trace goes too)", .labNewWindow),
    .init(chars("c"), "c", "clear the faint trace (the window before a change)", .labClearFaint),
    .init(
      chars("v"), "v", "the transfer plot (FO against FI per window) / the membrane trace",
      hint: "v transfer", .labTransferPlot),
    .init(chars("t"), "t", "run the Table 4 sweep", hint: "t Table 4", .labTable4),
    .init(
      chars("e"), "e", "the Table 4 neuron / a free neuron (each keeps its settings)",
      .labSwitchNeuron),
    .init(
      chars("g"), "g", "the lesson: a step at a time (g again leaves)", hint: "g lesson",
      .labLesson),
    .init(chars("n"), "n / p", "next / previous step of the lesson", .labNextStep),
    .init(chars("p"), "p", nil, .labPreviousStep),
    .init(
      chars("b"), "b", "presentation mode: large traces and labels, high contrast",
      hint: "b big", .labPresentation),
    .init(chars("1"), "1", nil, hint: "1 Train", .showTrain),
  ]

  /// Keys that work on every screen (after the screen's own).
  static let global: [KeyBinding] = [
    .init(chars("1") + [.escape], "1 2 3", "Train, Neuron lab, Experiments screens", .showTrain),
    .init(chars("2"), "2", nil, .showNeuronLab),
    .init(chars("3"), "3", nil, .showExperiments),
    .init(
      chars("?4") + [.function(1)], "? / 4 / F1",
      "Help: these keys, the mouse, the words on the screens, where to start", hint: "? keys",
      .showHelp),
    .init(
      chars("f"), "f", "save this frame as SVG and text (run folder, else runs/frames)",
      .saveFrame),
    .init(chars("q"), "q", "quit (asks while training runs)", hint: "q quit", .quit),
  ]

  /// Every binding of `context`, its own first.
  public static func bindings(for context: KeyContext) -> [KeyBinding] {
    let own: [KeyBinding] =
      switch context {
      case .train: train
      case .replay: replay
      case .experimentsList: experimentsList
      case .experimentsChart: experimentsChart
      case .neuronLab: neuronLab
      }
    return own + global
  }

  /// The command of `key` in `context`, if it has one.
  public static func command(for key: Key, in context: KeyContext) -> KeyCommand? {
    bindings(for: context).first { $0.keys.contains(key) }?.command
  }

  /// The `?` overlay's lines for `context`.
  public static func help(for context: KeyContext) -> [(key: String, description: String)] {
    bindings(for: context).compactMap { binding in
      binding.help.map { (key: binding.label, description: $0) }
    }
  }

  /// The hint line, "? keys · space pause · … · q quit" (the help key first, quit last).
  /// Within `width` columns, the hints that do not fit are left out from the end of the
  /// screen's own, so that "? keys" and "q quit" always show.
  public static func hintLine(for context: KeyContext, width: Int = .max) -> String {
    let all = bindings(for: context)
    let first = all.filter { $0.command == .showHelp }.compactMap(\.hint)
    let last = all.filter { $0.command == .quit }.compactMap(\.hint)
    let middle = all.filter { $0.command != .showHelp && $0.command != .quit }.compactMap(\.hint)
    var kept: [String] = []
    for hint in middle {
      let line = (first + kept + [hint] + last).joined(separator: " · ")
      guard line.count <= width else { break }
      kept.append(hint)
    }
    return (first + kept + last).joined(separator: " · ")
  }
}
