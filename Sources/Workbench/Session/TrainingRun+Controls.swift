// The live controls of a training run: time window, thresholds and learning rate, changed
// between batches. The network owns T and the thresholds; the relative changes (one key
// press each) apply to the value in force and return the sentence the workbench shows.

import Foundation
import SpikingCore

extension TrainingRun {
  /// The time window in force (the network's).
  public var timeSteps: Int { trainer.network.timeSteps }

  /// The preset as started, with the time window and thresholds in force: what a checkpoint
  /// records, so that a resumed run continues with the values the user last set.
  public var presetInForce: Preset {
    var resolved = preset
    resolved.timeSteps = timeSteps
    let network = trainer.network
    let adjustable = network.layers.indices.filter { network.adjustsWithAllLayers($0) }
    if let first = adjustable.first,
      adjustable.allSatisfy({ network.thresholds[$0] == network.thresholds[first] })
    {
      resolved.threshold = network.thresholds[first]
    }
    return resolved
  }

  /// Sets the time window from the next batch on. Under BPTT a window whose per-step state
  /// would not fit in memory is refused with the error (the window stays as it was).
  @discardableResult
  public func setTimeSteps(_ steps: Int) -> WorkbenchError? {
    let steps = min(Limits.timeSteps.upperBound, max(Limits.timeSteps.lowerBound, steps))
    if let excess = Self.memoryExcess(
      method: trainer.method, layers: trainer.network.layers, batch: preset.batchSize,
      steps: steps, workers: trainer.settings.workerCount)
    {
      return excess
    }
    trainer.network.timeSteps = steps
    return nil
  }

  /// Moves the time window one step of `Limits.timeWindowSteps` longer or shorter than the
  /// window in force; returns the confirmation (or why it stays).
  public func changeTimeWindow(longer: Bool) -> String {
    let current = timeSteps
    guard let next = Limits.timeWindow(after: current, longer: longer) else {
      return "T stays \(current): the keys move it within \(Limits.timeWindowRange)"
    }
    if let refusal = setTimeSteps(next) { return refusal.description }
    return "T \(current) → \(next) from the next batch"
  }

  /// Sets the threshold of one layer (or of every conv/linear/output layer when `layer` is
  /// nil) from the next batch on, clamped to `Limits.threshold`.
  public func setThreshold(_ value: Float, layer: Int?) {
    let value = Limits.clampThreshold(value)
    if let layer {
      guard trainer.network.thresholds.indices.contains(layer) else { return }
      trainer.network.thresholds[layer] = value
    } else {
      for l in trainer.network.layers.indices where trainer.network.adjustsWithAllLayers(l) {
        trainer.network.thresholds[l] = value
      }
    }
  }

  /// Adds `delta` to the threshold in force of one layer (or of each conv/linear/output
  /// layer when `layer` is nil); returns the confirmation, e.g.
  /// "conv1 Vth 1.00 → 1.10 from the next batch".
  public func nudgeThreshold(by delta: Float, layer: Int?) -> String {
    let network = trainer.network
    if let layer {
      guard network.thresholds.indices.contains(layer) else {
        return "there is no layer \(layer): nothing changed"
      }
      let old = network.thresholds[layer]
      setThreshold(old + delta, layer: layer)
      let new = trainer.network.thresholds[layer]
      if new == old { return limitNotice(network.layers[layer].name, old) }
      return "\(network.layers[layer].name) Vth \(format(old)) → \(format(new)) from the next batch"
    }
    var changed: [String] = []
    for l in network.layers.indices where network.adjustsWithAllLayers(l) {
      let old = network.thresholds[l]
      setThreshold(old + delta, layer: l)
      let new = trainer.network.thresholds[l]
      if new != old { changed.append("\(format(old)) → \(format(new))") }
    }
    guard !changed.isEmpty else { return limitNotice("every layer", network.thresholds[0]) }
    let summary = Set(changed).count == 1 ? changed[0] : "\(delta > 0 ? "+" : "")\(format(delta))"
    return "Vth of every conv/linear layer \(summary) from the next batch"
  }

  /// Sets the base learning rate (the schedule still applies its decays).
  public func setLearningRate(_ rate: Float) {
    preset.learningRate = min(
      Limits.learningRate.upperBound, max(Limits.learningRate.lowerBound, rate))
  }

  /// Multiplies the base learning rate by `factor` (one key press), within the limits, and
  /// says what changed.
  public func scaleLearningRate(by factor: Float) -> String {
    let old = preset.learningRate
    setLearningRate(old * factor)
    let new = preset.learningRate
    let range =
      "\(shortRate(Limits.learningRate.lowerBound))…\(shortRate(Limits.learningRate.upperBound))"
    guard new != old else {
      return "learning rate stays \(shortRate(old)): it ranges over \(range)"
    }
    let decays = preset.lrMilestones.isEmpty ? "" : " (the schedule's decays still apply)"
    return "learning rate \(shortRate(old)) → \(shortRate(new)) from the next batch\(decays)"
  }

  private func shortRate(_ value: Float) -> String { String(format: "%.3g", value) }

  /// Applies a setting (threshold, T, learning rate, switch) from the next batch on and
  /// says what changed, or why nothing did; nil for a command that is not a setting.
  public func applySetting(_ command: SessionCommand) -> String? {
    switch command {
    case .setThreshold(let layer, let value):
      let network = trainer.network
      if let layer, !network.thresholds.indices.contains(layer) {
        return "there is no layer \(layer): nothing changed"
      }
      let index = layer ?? network.layers.indices.first { network.adjustsWithAllLayers($0) } ?? 0
      let old = network.thresholds[index]
      setThreshold(value, layer: layer)
      let name = layer.map { network.layers[$0].name } ?? "every conv/linear layer"
      return
        "\(name) Vth \(format(old)) → \(format(trainer.network.thresholds[index])) from the next batch"
    case .nudgeThreshold(let layer, let delta):
      return nudgeThreshold(by: delta, layer: layer)
    case .setTimeSteps(let steps):
      let old = timeSteps
      if let refusal = setTimeSteps(steps) { return refusal.description }
      return old == timeSteps
        ? "T stays \(old)" : "T \(old) → \(timeSteps) from the next batch"
    case .longerTimeWindow, .shorterTimeWindow:
      return changeTimeWindow(longer: command == .longerTimeWindow)
    case .setLearningRate(let rate):
      let old = preset.learningRate
      setLearningRate(rate)
      return
        "learning rate \(shortRate(old)) → \(shortRate(preset.learningRate)) from the next batch"
    case .scaleLearningRate(let factor):
      return scaleLearningRate(by: factor)
    case .changeSwitch(let change):
      return changeSwitch(change)
    default:
      return nil
    }
  }

  /// Writes `text` into the run folder's metrics as a notice line (where the run stands, so
  /// that a replay or a follower can mark it on the curves); nothing without a folder.
  public func recordNotice(_ text: String, change: Bool = false) {
    var record = StateRecord(type: "notice", text: text)
    record.epoch = epoch
    record.batch = batchInEpoch
    record.change = change ? true : nil
    try? runFolder?.append(.state(record))
  }

  /// Writes a state line ("paused", "running", "stopped" with where) into the metrics.
  public func recordState(_ state: String) {
    var record = StateRecord(type: "state", state: state, batches: batchesPerEpoch)
    if state == "stopped" {
      record.epoch = epoch
      record.batch = batchInEpoch
      record.phase = "training"
    }
    try? runFolder?.append(.state(record))
  }

  private func limitNotice(_ name: String, _ value: Float) -> String {
    "\(name) Vth stays \(format(value)): thresholds range over \(format(Limits.threshold.lowerBound))…\(format(Limits.threshold.upperBound))"
  }

  private func format(_ value: Float) -> String { String(format: "%.2f", value) }
}

extension Network {
  /// Whether layer `l`'s threshold follows a change of "every layer": conv, linear and output
  /// layers; the spiking pools keep theirs (0.75) and max pools have none.
  func adjustsWithAllLayers(_ l: Int) -> Bool {
    switch layers[l].kind {
    case .conv, .linear: true
    case .avgPool, .maxPool: false
    }
  }
}
