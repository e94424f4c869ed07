// A checkpoint of a network that no trainer has run yet (an imported one): its weights,
// thresholds and scale factors, Adam's moments at zero, epoch and step 0.

extension Checkpoint {
  /// A checkpoint of `network` before any training, made from `preset` (YAML).
  public init(untrained network: Network, preset: String, learningRate: Float) {
    let zeros = network.weights.map { [Float](repeating: 0, count: $0.count) }
    self.init(
      header: Header(
        version: Self.version, epoch: 0, batchesInEpoch: 0, spec: network.spec,
        neuronModel: network.neuronModel, timeSteps: network.timeSteps,
        thresholds: network.thresholds, scaleFactors: network.scaleFactors, adamStep: 0,
        learningRate: learningRate, preset: preset, tensors: Self.tensors(of: network.weights)),
      weights: network.weights, first: zeros, second: zeros)
  }
}
