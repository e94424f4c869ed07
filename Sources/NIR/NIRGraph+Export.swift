// A network as a NIR graph (see docs/nir.md): Input (C, H, W) → for each layer its synapses
// (Conv2d with zero bias, or Linear after a Flatten of channels-first maps) and its neurons
// (IF, or LIF with τ and r for one step of dt = 1e-4 s), each average pool as AvgPool2d
// followed by IF neurons of its own → the output layer's Linear ("readout") → Output. What
// NIR cannot hold travels as metadata: T, the output layer's virtual threshold, the scale
// factors, the preset, and words on the spike rule, the reset and the readout.

import SpikingCore

extension NIRGraph {
  /// One engine time step in seconds, for LIF time constants (snnTorch's convention).
  public static let stepSeconds = 1e-4

  /// The NIR graph of `network`; `preset` (YAML) travels as metadata.
  /// - Throws: `NIRError.cannotExport` for a max pool (NIR 1.0 has no max-pooling node), a
  ///   subtractive reset, or a convolution after a linear layer.
  public init(exporting network: Network, preset: String) throws {
    guard network.switches.reset == .hard else {
      throw NIRError.cannotExport(
        what: "this network",
        reason:
          "it resets by subtracting the threshold (reset: subtract); NIR's IF and LIF reset to v_reset, so only reset: hard can be exported"
      )
    }
    self.init()
    var previous = "input"
    let input = network.spec.input
    var shape = [input.channels, input.height, input.width]
    if input.height == 1, input.width == 1, case .linear = network.layers.first?.kind {
      shape = [input.channels]  // A vector input: no Flatten before the first layer.
    }
    nodes[previous] = .input(shape: shape)
    func add(_ name: String, _ node: NIRNode) {
      nodes[name] = node
      edges.append((previous, name))
      previous = name
    }
    var flattens = 0
    var mapShape = input
    for (l, layer) in network.layers.enumerated() {
      let nodeName = layer.isOutput ? "readout" : layer.name
      switch layer.kind {
      case .conv(let g):
        guard shape.count == 3 else {
          throw NIRError.cannotExport(
            what: "layer \(layer.name)",
            reason: "a convolution after a linear layer has no NIR form")
        }
        let weight = NIRLayout.convolution(
          network.weights[l], kernel: g.kernel, inChannels: g.input.channels,
          outChannels: g.outChannels)
        add(
          nodeName,
          .conv2d(
            weight: weight, bias: NIRTensor(shape: [g.outChannels], repeating: 0), stride: [1, 1],
            padding: [g.padding, g.padding], dilation: [1, 1], groups: 1,
            inputSize: [g.input.height, g.input.width]))
      case .linear:
        // The engine drops flatten layers, so the map being flattened is the shape before.
        var source = layer.inputShape
        if shape.count == 3 {
          source = mapShape
          flattens += 1
          add(
            flattens == 1 ? "flatten" : "flatten\(flattens)",
            .flatten(inputShape: shape, startDim: 0, endDim: -1))
        }
        add(
          nodeName,
          .linear(
            weight: NIRLayout.linear(
              network.weights[l], input: source, outputs: layer.outputShape.count)))
      case .avgPool(let size):
        add(nodeName, .avgPool2d(kernel: [size, size], stride: [size, size], padding: [0, 0]))
      case .maxPool:
        throw NIRError.cannotExport(
          what: "layer \(layer.name)",
          reason:
            "NIR 1.0 has no max-pooling node (networks with max pooling, such as VGG7, stay in asf-tui); average pooling exports"
        )
      }
      let out = layer.outputShape
      mapShape = out
      // Convolutions and pools make maps, even of 1×1; linear layers make vectors.
      if case .linear = layer.kind {
        shape = [out.count]
      } else {
        shape = [out.channels, out.height, out.width]
      }
      if layer.hasNeurons {
        let leaky = network.leak(ofLayer: l) != 1
        let threshold = NIRTensor(
          shape: shape, repeating: network.switches.comparison(network.thresholds[l]))
        let zero = NIRTensor(shape: shape, repeating: 0)
        if leaky {
          let tau = Self.stepSeconds / Double(1 - network.leak(ofLayer: l))
          add(
            nodeName + "_lif",
            .leakyIntegrateAndFire(
              tau: NIRTensor(shape: shape, repeating: Float(tau)),
              r: NIRTensor(shape: shape, repeating: Float(tau / Self.stepSeconds)), leak: zero,
              threshold: threshold, reset: zero))
        } else {
          add(
            nodeName + "_if",
            .integrateAndFire(
              r: NIRTensor(shape: shape, repeating: 1), threshold: threshold, reset: zero))
        }
      }
    }
    add("output", .output(shape: shape))
    metadata = Self.exportMetadata(network, preset: preset)
  }

  /// What the graph's nodes cannot say, as metadata (keys start with "asf_").
  static func exportMetadata(_ network: Network, preset: String) -> [String: Metadata] {
    [
      "producer": .text("asf-tui"),
      "asf_time_steps": .integer(network.timeSteps),
      "asf_neuron_model": .text(network.neuronModel.rawValue),
      "asf_dt": .real(stepSeconds),
      "asf_output_threshold": .real(Double(network.outputThreshold)),
      "asf_scale_factors": .floats(network.scaleFactors),
      "asf_spike_rule": .text(
        network.switches.spikeRule == .strict
          ? "strict: a neuron fires when v > v_threshold"
          : "inclusive: a neuron fires when v >= Vth; exported as v > v_threshold with v_threshold the largest float below Vth"
      ),
      "asf_reset": .text("hard: v = v_reset = 0 after a spike, in the same step"),
      "asf_readout": .text(
        "the readout layer never fires: the class is the argmax of the output node's values summed over the T steps"
      ),
      "asf_preset": .text(preset),
    ]
  }
}
