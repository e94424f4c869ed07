// The mouse (issue 14, point 7): a click on a tab opens its screen, a click on a panel
// focuses it, a click on an Experiments row selects it (and on the selected row opens it);
// the wheel scrolls the Experiments list and the log. The keyboard does all of it too.

import TerminalKit
import Workbench

/// What a mouse click lands on (`WorkbenchScreens.target`).
public enum ClickTarget: Sendable, Equatable {
  case screen(ScreenKind)
  case panel(Int)
  case experimentRow(Int)
}

extension AppState {
  /// Applies a click on `target` (nil: nothing there).
  public mutating func click(_ target: ClickTarget?, snapshot: SessionSnapshot) -> [AppAction] {
    notice = nil
    if overlay == .welcome {
      overlay = nil
      return []
    }
    guard let target, overlay == nil else { return [] }
    switch target {
    case .screen(let kind):
      let command: KeyCommand =
        switch kind {
        case .train: .showTrain
        case .neuronLab: .showNeuronLab
        case .experiments: .showExperiments
        case .help: .showHelp
        }
      return perform(command, snapshot: snapshot)
    case .panel(let index):
      focus = index
    case .experimentRow(let row):
      guard experiments.indices.contains(row) else { return [] }
      if row == selectedExperiment { return open(experiments[row]) }
      selectedExperiment = row
    }
    return []
  }

  /// The wheel: the Experiments list moves; on the Train screen the log scrolls when it has
  /// the focus. Elsewhere it does nothing.
  mutating func wheel(up: Bool) {
    switch screen {
    case .experiments where openResult == nil:
      selectedExperiment =
        up
        ? max(0, selectedExperiment - 1)
        : min(max(0, experiments.count - 1), selectedExperiment + 1)
    case .train where focus == TrainScreen.logPanel:
      logScroll = up ? min(max(0, log.entries.count - 1), logScroll + 1) : max(0, logScroll - 1)
    default:
      break
    }
  }
}
