// How a run is set up from its preset: the network, the trainer's settings, and the memory
// check made before anything is allocated.

import Foundation
import SpikingCore

extension TrainingRun {
  /// The network `preset` describes, shaped for `data` (event data has two polarity channels:
  /// a named network takes the data's input shape), with its initial weights. Its shapes and
  /// the memory training it needs are checked before any weight is allocated.
  public static func network(
    for preset: Preset, data: DataSplits, workers: Int = TrainerSettings().workerCount
  ) throws -> Network {
    var spec = preset.network
    if preset.architecture != "custom" { spec.input = data.inputShape }
    let layers = try Network.layers(of: spec)
    // The network's input, not its first layer's: a network may start with flatten.
    guard spec.input == data.inputShape else {
      throw WorkbenchError.incompatibleData(
        expected: "\(spec.input)", found: "\(data.inputShape)")
    }
    try data.checkShapesAgree()
    let outputs = layers[layers.count - 1].outputShape.count
    let classes = data.train.classCount
    guard outputs == classes else {
      throw WorkbenchError.wrongClassCount(
        outputs: outputs, classes: classes, dataset: data.train.name)
    }
    if let excess = memoryExcess(
      method: preset.method, layers: layers, batch: preset.batchSize, steps: preset.timeSteps,
      workers: workers)
    {
      throw excess
    }
    var network = try Network(
      spec: spec, neuronModel: preset.neuron, timeSteps: preset.timeSteps,
      threshold: preset.threshold, poolThreshold: preset.poolThreshold, seed: preset.seed)
    network.switches = preset.switches
    return network
  }

  /// The trainer settings of `preset` on `data` (encoder, loss, optimiser, input frames,
  /// worker threads).
  public static func trainerSettings(for preset: Preset, data: DataSplits) -> TrainerSettings {
    var settings = TrainerSettings(
      encoding: data.isEventData ? .events : preset.encoder, loss: preset.loss,
      learningRate: preset.learningRate, weightDecay: preset.weightDecay)
    settings.inputFrames = data.framesPerSample
    if preset.workers > 0 { settings.workerCount = preset.workers }
    if preset.slttSteps > 0 { settings.slttSteps = preset.slttSteps }
    return settings
  }

  /// The error to give when training `layers` would need more than 60 % of this machine's
  /// memory: BPTT's per-step state when that is most of it, else the whole network, naming
  /// the layer that needs the most.
  static func memoryExcess(
    method: TrainingMethod, layers: [LayerInfo], batch: Int, steps: Int, workers: Int
  ) -> WorkbenchError? {
    let estimate = MemoryEstimate(
      layers: layers, batch: batch, steps: steps, method: method, workers: workers)
    let available = Double(ProcessInfo.processInfo.physicalMemory)
    guard estimate.bytes > 0.6 * available else { return nil }
    let gib = 1_073_741_824.0
    if estimate.traceBytes > estimate.bytes / 2 {
      return .stateTooLarge(
        neededGiB: estimate.traceBytes / gib, availableGiB: available / gib, batch: batch,
        steps: steps)
    }
    return .networkTooLarge(
      neededGiB: estimate.bytes / gib, availableGiB: available / gib,
      layer: estimate.largestLayer, layerGiB: estimate.largestLayerBytes / gib, batch: batch)
  }
}
