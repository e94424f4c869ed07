// The Train screen's relative changes: a threshold step for the selected layer (or all), and
// one step of one of ASF-BP's switches; the session applies them to the values in force.

import SpikingCore
import Workbench

extension AppState {
  /// A relative change (one press, one step), applied by the session to the value in force.
  mutating func thresholdChange(up: Bool, snapshot: SessionSnapshot) -> [AppAction] {
    let delta = up ? Limits.thresholdStep : -Limits.thresholdStep
    if allLayers { return [.send(.nudgeThreshold(layer: nil, by: delta))] }
    guard let layer = selectedLayer, snapshot.thresholds.indices.contains(layer) else {
      notice = "the input layer has no threshold: select a layer with n/p"
      return []
    }
    return [.send(.nudgeThreshold(layer: layer, by: delta))]
  }

  /// One step of a switch, sent to the training session (not to a replay).
  mutating func switchChange(_ command: KeyCommand, snapshot: SessionSnapshot) -> [AppAction] {
    guard !snapshot.isReplay else {
      notice = "a replay shows a recorded run: its switches are as recorded"
      return []
    }
    let change: SwitchChange =
      switch command {
      case .nextScaleMode: .nextScaleMode
      case .toggleMask: .toggleMask
      case .toggleReset: .toggleReset
      case .toggleSpikeRule: .toggleSpikeRule
      case .lowerSmoothing: .smoothing(by: -0.1)
      default: .smoothing(by: 0.1)
      }
    return [.send(.changeSwitch(change))]
  }
}
