// Import: a NIR graph as the engine's network. The chain from Input to Output becomes the
// layer list (NetworkAssembler); asf-tui's metadata, when present, restores what NIR cannot
// hold (T, the readout's threshold, the scale factors, the preset, the inclusive rule).

import SpikingCore

extension ImportedNetwork {
  /// The network of `graph`.
  /// - Throws: `NIRError.unsupportedNode` naming the first node the engine cannot run.
  public init(graph: NIRGraph) throws {
    let chain = try NIRChain(graph)
    var dt = NIRGraph.stepSeconds
    if case .real(let value) = graph.metadata["asf_dt"], value > 0, value.isFinite { dt = value }
    var assembler = try NetworkAssembler(graph: graph, chain: chain.names, dt: dt)
    try assembler.run()
    let spec = NetworkSpec(input: Self.inputShape(graph, chain.names[0]), layers: assembler.layers)
    let runtime: [LayerInfo]
    do {
      runtime = try Network.layers(of: spec)
    } catch EngineError.invalidLayer(let index, _, let reason) {
      let node = assembler.layerNodes.indices.contains(index) ? assembler.layerNodes[index] : ""
      throw NIRError.unsupportedNode(node: node, reason: "the engine cannot build it: \(reason)")
    } catch {
      throw NIRError.unsupportedNode(
        node: chain.names[0], reason: "the network it starts is invalid: \(error)")
    }
    var thresholds = assembler.thresholds
    var rule = EngineSwitches.SpikeRule.strict
    if case .text(let words) = graph.metadata["asf_spike_rule"], words.hasPrefix("inclusive") {
      rule = .inclusive
      for (l, layer) in runtime.enumerated() where layer.hasNeurons {
        thresholds[l] = thresholds[l].nextUp
      }
    }
    if case .real(let value) = graph.metadata["asf_output_threshold"] {
      thresholds[runtime.count - 1] = Float(value)
    }
    for (l, layer) in runtime.enumerated() {
      let node = layer.isOutput ? "asf_output_threshold" : assembler.thresholdNodes[l]
      guard thresholds[l].isFinite, Limits.threshold.contains(thresholds[l]) else {
        throw NIRError.unsupportedNode(
          node: node,
          reason:
            "its threshold \(thresholds[l]) is outside the engine's \(Limits.threshold.lowerBound)…\(Limits.threshold.upperBound)"
        )
      }
    }
    var scaleFactors: [Float]?
    if case .floats(let values) = graph.metadata["asf_scale_factors"],
      values.count == runtime.count,
      values.allSatisfy({ $0.isFinite && $0 >= 0 })
    {
      scaleFactors = values
    }
    var timeSteps: Int?
    if case .integer(let value) = graph.metadata["asf_time_steps"], Limits.timeSteps.contains(value)
    {
      timeSteps = value
    }
    var preset: String?
    if case .text(let text) = graph.metadata["asf_preset"] { preset = text }
    self.init(
      spec: spec, neuronModel: assembler.model?.0 ?? .integrateAndFire, weights: assembler.weights,
      thresholds: thresholds, scaleFactors: scaleFactors, timeSteps: timeSteps, preset: preset,
      spikeRule: rule, notes: assembler.notes)
  }

  static func inputShape(_ graph: NIRGraph, _ name: String) -> Shape {
    guard case .input(let dims) = graph.nodes[name] else { return .vector(1) }
    return dims.count == 3
      ? Shape(height: dims[1], width: dims[2], channels: dims[0]) : .vector(dims[0])
  }
}
