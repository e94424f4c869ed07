// The Help page (`?`, `4`, F1): every key of the screen in use, the mouse, what the words on
// the screens mean, and where a newcomer starts. It scrolls where the terminal is small.

import TerminalKit

/// The lines of the Help page for a key context.
public enum HelpPage {
  /// The whole page for `context`: keys, mouse, the words on screen, where to start.
  public static func lines(for context: KeyContext) -> [HelpLine] {
    var lines: [HelpLine] = [.heading(context.helpTitle)]
    lines += KeyMap.help(for: context).map { .entry($0.key, $0.description) }
    lines.append(.heading("The mouse"))
    lines += mouse(for: context).map { .entry($0.0, $0.1) }
    lines.append(.heading("Words on the screens"))
    lines += glossary.map { .entry($0.0, $0.1) }
    lines.append(.heading("Where to start"))
    lines += whereToStart.map { .entry($0.0, $0.1) }
    return lines
  }

  /// What the mouse does in `context`.
  static func mouse(for context: KeyContext) -> [(String, String)] {
    let tabs = ("click a tab", "open that screen (1 Train, 2 Neuron lab, 3 Experiments, 4 Help)")
    switch context {
    case .train, .replay:
      return [
        tabs, ("click a panel", "move the focus to it (z or Enter zooms it)"),
        ("wheel", "scroll the log when it has the focus"),
      ]
    case .experimentsList:
      return [
        tabs, ("click a row", "choose it; click it again to open it"),
        ("wheel", "move in the list"),
      ]
    case .experimentsChart, .neuronLab:
      return [tabs]
    }
  }

  /// The words the screens use, each in a sentence.
  static let glossary: [(String, String)] = [
    ("SNN", "spiking neural network: neurons that pass spikes (0 or 1) at each time step"),
    ("T", "the time window: how many time steps each sample is shown for"),
    ("Vth", "a layer's firing threshold: a neuron spikes when its potential u passes Vth"),
    ("IF / LIF", "integrate-and-fire neuron / leaky IF, whose potential decays each step"),
    ("reset", "after a spike u goes to 0 (hard) or drops by Vth (subtract)"),
    ("FI", "accumulated input flow: a neuron's input summed over the T steps"),
    ("FO", "accumulated output flow: the number of spikes it sent in the T steps"),
    (
      "S",
      "a layer's scale factor, FO ≈ S·FI: measured each batch as Σ FO / Σ FI over the "
        + "neurons with FI ≥ FO and smoothed (EMA weight 0.6)"
    ),
    (
      "ASF-BP",
      "back-propagation on the accumulated spiking flow: one backward pass through the "
        + "equivalent network FO = S·FI instead of one per time step"
    ),
    ("BPTT", "back-propagation through time, the baseline: a backward pass over all T steps"),
    ("mask", "the backward pass lets gradient through only where FI > 0 (1[FI > 0])"),
    ("rate", "spikes per neuron per time step, FO/T (0 to 1)"),
    ("silent", "the share of a layer's neurons that sent no spike in the window"),
    ("saturated", "the share that spiked at every step (FO = T)"),
    ("SOPs", "synaptic operations: input spikes times their fan-out, the energy proxy"),
    ("raster", "spikes of one sample: a neuron per row, a time step per column"),
  ]

  /// A newcomer's first steps.
  static let whereToStart: [(String, String)] = [
    ("new to spikes?", "press 2 for the neuron lab, then g for its lesson (10 steps)"),
    (
      "watch one learn",
      "this Train screen trains the default network; space pauses, + and - "
        + "change Vth, ] a longer T, L the per-layer table"
    ),
    (
      "the paper",
      "press 3: its experiments as presets, and a recorded Table 1 run that "
        + "replays at once"
    ),
  ]
}
