// What each command of the key table does to the UI state, and the effects it asks of the
// loop (session commands, files, the catalogue).

import SpikingCore
import TerminalKit
import Workbench

extension AppState {
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
