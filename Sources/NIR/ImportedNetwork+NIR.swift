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
    if let entry = graph.metadata["asf_dt"] {
      guard case .real(let value) = entry, value > 0, value.isFinite else {
        throw Self.badMetadata("asf_dt", entry, "a time step in seconds, a finite number above 0")
      }
      dt = value
    }
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
    if let entry = graph.metadata["asf_scale_factors"] {
      guard case .floats(let values) = entry, values.count == runtime.count,
        values.allSatisfy({ $0.isFinite && $0 >= 0 })
      else {
        throw Self.badMetadata(
          "asf_scale_factors", entry,
          "\(runtime.count) finite numbers ≥ 0, one scale factor per layer")
      }
      scaleFactors = values
    }
    var timeSteps: Int?
    if let entry = graph.metadata["asf_time_steps"] {
      guard case .integer(let value) = entry, Limits.timeSteps.contains(value) else {
        throw Self.badMetadata(
          "asf_time_steps", entry,
          "a whole number from \(Limits.timeSteps.lowerBound) to \(Limits.timeSteps.upperBound)")
      }
      timeSteps = value
    }
    var preset: String?
    if case .text(let text) = graph.metadata["asf_preset"] { preset = text }
    self.init(
      spec: spec, neuronModel: assembler.model?.0 ?? .integrateAndFire, weights: assembler.weights,
      thresholds: thresholds, scaleFactors: scaleFactors, timeSteps: timeSteps, preset: preset,
      spikeRule: rule, notes: assembler.notes)
  }

  /// The error of a metadata entry whose value cannot be used: named, with what was found
  /// and what is allowed (it is refused, not replaced by a default behind the user's back).
  static func badMetadata(_ key: String, _ value: NIRGraph.Metadata, _ allowed: String)
    -> NIRError
  {
    let found: String
    switch value {
    case .text(let text): found = "the text '\(text.prefix(40))\(text.count > 40 ? "…" : "")'"
    case .integer(let n): found = "\(n)"
    case .real(let x): found = "\(x)"
    case .floats(let values):
      let shown = values.prefix(8).map { "\($0)" }.joined(separator: ", ")
      found = "\(values.count) numbers [\(shown)\(values.count > 8 ? ", …" : "")]"
    }
    return .invalidNode(
      node: "metadata \(key)", reason: "it holds \(found); it must be \(allowed)")
  }

  static func inputShape(_ graph: NIRGraph, _ name: String) -> Shape {
    guard case .input(let dims) = graph.nodes[name] else { return .vector(1) }
    return dims.count == 3
      ? Shape(height: dims[1], width: dims[2], channels: dims[0]) : .vector(dims[0])
  }
}
