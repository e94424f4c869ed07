// What a NIR graph holds that the engine can run: the layer list, the weights in the
// engine's layout, one threshold per runtime layer, the neuron model, and what the graph's
// asf-tui metadata adds (T, scale factors, the preset). `notes` says what was adjusted on
// the way in (an input scale folded into the weights, a sum pool's threshold divided).

import SpikingCore

/// A network read from a NIR graph, ready to become a checkpoint.
public struct ImportedNetwork: Sendable {
  public var spec: NetworkSpec
  public var neuronModel: NeuronModel
  /// Per runtime layer, the engine's layout; empty for pools.
  public var weights: [[Float]]
  /// Per runtime layer; the output layer's is the loss's virtual threshold.
  public var thresholds: [Float]
  /// Per runtime layer, from the graph's metadata when it has them for every layer.
  public var scaleFactors: [Float]?
  /// T from the metadata.
  public var timeSteps: Int?
  /// The preset the graph was exported from (metadata).
  public var preset: String?
  /// The spike rule the exporting run used (inclusive graphs were exported with a lowered
  /// threshold, which `thresholds` has undone).
  public var spikeRule: EngineSwitches.SpikeRule
  /// Adjustments made while importing, in words.
  public var notes: [String]

  /// The engine's network: layers, weights and thresholds of the graph.
  public func network(timeSteps: Int) throws -> Network {
    var network = try Network(spec: spec, neuronModel: neuronModel, timeSteps: timeSteps)
    network.weights = weights
    network.thresholds = thresholds
    if let scaleFactors { network.scaleFactors = scaleFactors }
    network.switches.spikeRule = spikeRule
    return network
  }
}
