// The effects of keys that only read presets or files and change the UI state: the
// Experiments catalogue, a chart of a sweep or speed comparison, the neuron lab and its
// Table 4 sweep. The loop hands every action here first and carries out what comes back
// (session commands, a new session, a measurement process, quitting).

import Workbench

extension AppState {
  /// Carries out the UI-only effects among `actions`; returns the others, in order.
  /// `catalogue` reads the Experiments list (the runs/ folder and the presets).
  public mutating func carryOut(
    _ actions: [AppAction], catalogue: () -> [ExperimentItem] = { ExperimentCatalogue.items() }
  ) -> [AppAction] {
    var rest: [AppAction] = []
    for action in actions {
      switch action {
      case .loadCatalogue:
        showCatalogue(catalogue())
      case .showResult(let item):
        if let result = ExperimentResult(loading: item) {
          openResult = result
        } else {
          notice = "\(item.name) is not a sweep or a speed comparison: nothing to chart"
        }
      case .compare(nil):
        comparison = nil
        notice = "no comparison"
      case .compare(let item?):
        do {
          guard let folder = item.recordingFolder else {
            throw WorkbenchError.notARunFolder(path: item.name)
          }
          let recording = try RunRecording(folder: folder)
          guard let last = recording.frames.last else {
            throw WorkbenchError.emptyRecording(path: folder)
          }
          let name = item.name.split(separator: "/").last.map(String.init) ?? item.name
          comparisons.append((name, last))
          notice =
            "comparing with \(name): the Train screen's curves in epochs (c again stops)"
        } catch {
          notice = "cannot compare with \(item.name): \(error)"
        }
      case .openNeuronLab:
        let (lesson, big) = (labLesson, labPresentation)
        showNeuronLab(.table4(lesson: lesson, presentation: big))
      case .runTable4:
        let (lesson, big) = (labLesson, labPresentation)
        showNeuronLab(.table4(lesson: lesson, presentation: big))
        lab?.runTable()
      case .send, .open, .measureSpeed, .saveFrame, .quit:
        rest.append(action)
      }
    }
    return rest
  }

  /// What Enter on an Experiments item does: chart a sweep or speed comparison, run a study
  /// preset's experiment, or start training the preset (or replaying the run).
  mutating func open(_ item: ExperimentItem) -> [AppAction] {
    switch (item.kind, item.experiment) {
    case (.sweep, _), (.speed, _): return [.showResult(item)]
    case (.preset, "table4"): return [.runTable4]
    case (.preset, "training-time"): return [.measureSpeed]
    case (.preset, _) where (item.seconds ?? 0) > Self.longStart:
      overlay = .confirmStart(item)
      return []
    default:
      screen = .train
      return [.open(item)]
    }
  }

  /// Presets estimated to train longer than this (seconds) ask before they start.
  static let longStart = 600.0
}
