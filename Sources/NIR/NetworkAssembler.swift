// Walks a NIR chain from Input to Output and builds the engine's layers from it: Conv2d
// (stride 1, square kernel, zero bias) or Linear/Affine (zero bias), each followed by IF or
// LIF neurons, or by the Output node (optionally through an integrator) for the readout;
// AvgPool2d or SumPool2d followed by IF neurons for a spiking average pool; Flatten of a
// whole map. Anything else stops the import with the node and what the engine accepts.

import SpikingCore

/// The state of an import while it walks the chain.
struct NetworkAssembler {
  let graph: NIRGraph
  let chain: [String]
  /// One engine step in seconds, for LIF time constants.
  let dt: Double
  var index = 1
  var layers: [LayerSpec] = []
  /// Per entry of `layers`, the node it came from (for messages).
  var layerNodes: [String] = []
  var weights: [[Float]] = []
  var thresholds: [Float] = []
  /// Per runtime layer, the node its threshold came from (for messages).
  var thresholdNodes: [String] = []
  var shape: Shape
  /// Whether NIR sees the current activations as a (C, H, W) map (else a vector).
  var isMap: Bool
  /// The map a Flatten node flattened, until the linear layer after it reorders its inputs.
  var flattenedFrom: Shape?
  var model: (NeuronModel, node: String)?
  var notes: [String] = []
  var finished = false

  static let accepted =
    "asf-tui imports Input, Conv2d, Linear, Affine (zero bias), AvgPool2d or SumPool2d followed by IF, Flatten, IF, LIF, I and Output"

  init(graph: NIRGraph, chain: [String], dt: Double) throws {
    self.graph = graph
    self.chain = chain
    self.dt = dt
    let side = Limits.inputSide
    guard case .input(let dims) = graph.nodes[chain[0]], dims.allSatisfy(side.contains) else {
      throw NIRError.unsupportedNode(
        node: chain[0],
        reason: "every dimension of its shape must be from \(side.lowerBound) to \(side.upperBound)"
      )
    }
    switch dims.count {
    case 3:
      shape = Shape(height: dims[1], width: dims[2], channels: dims[0])
      isMap = true
    case 1:
      shape = .vector(dims[0])
      isMap = false
    default:
      throw NIRError.unsupportedNode(
        node: chain[0], reason: "its shape \(dims) is neither (C, H, W) nor (N)")
    }
  }

  /// The node called `name` (every name of the chain is one).
  func node(_ name: String) -> NIRNode { graph.nodes[name] ?? .other(type: "missing") }

  func unsupported(_ node: String, _ reason: String) -> NIRError {
    .unsupportedNode(node: node, reason: reason)
  }

  func invalid(_ node: String, _ reason: String) -> NIRError {
    .invalidNode(node: node, reason: reason)
  }

  /// Walks the whole chain.
  mutating func run() throws {
    while !finished {
      let name = chain[index]
      switch node(name) {
      case .conv2d(let weight, let bias, let stride, let padding, let dilation, let groups, _):
        guard isMap else {
          throw unsupported(name, "a convolution needs a (C, H, W) input, but it gets a vector")
        }
        let (o, c, kh, kw) = (weight.shape[0], weight.shape[1], weight.shape[2], weight.shape[3])
        guard stride == [1, 1], dilation == [1, 1], groups == 1 else {
          throw unsupported(
            name,
            "stride \(stride), dilation \(dilation), groups \(groups); the engine's convolutions have stride 1, dilation 1 and one group"
          )
        }
        guard Limits.layerWidth.contains(o), Limits.kernel.contains(kh),
          (0...kh).contains(padding[0])
        else {
          throw unsupported(
            name,
            "\(o) channels, kernel \(kh), padding \(padding[0]); the engine takes 1…\(Limits.layerWidth.upperBound) channels, kernels of 1…\(Limits.kernel.upperBound) and padding up to the kernel size"
          )
        }
        guard kh == kw, padding[0] == padding[1] else {
          throw unsupported(
            name,
            "kernel \(kh)×\(kw) with padding \(padding); the engine's kernels are square with the same padding on every side"
          )
        }
        guard c == shape.channels else {
          throw invalid(name, "its weight takes \(c) channels but its input has \(shape.channels)")
        }
        try requireZero(bias, name)
        let g = ConvGeometry(input: shape, kernel: kh, padding: padding[0], outChannels: o)
        guard g.output.height > 0, g.output.width > 0 else {
          throw invalid(name, "kernel \(kh) with padding \(padding[0]) does not fit input \(shape)")
        }
        add(.conv(outChannels: o, kernel: kh, padding: padding[0]), name)
        shape = g.output
        index += 1
        try synapses(name, weights: NIRLayout.convolution(weight), isLinear: false)
      case .linear(let weight), .affine(let weight, _):
        if case .affine(_, let bias) = node(name) { try requireZero(bias, name) }
        guard !isMap else {
          throw unsupported(
            name,
            "a linear layer needs a vector input, but it gets a map \(shape); put a Flatten node before it"
          )
        }
        let (o, n) = (weight.shape[0], weight.shape[1])
        guard Limits.layerWidth.contains(o) else {
          throw unsupported(
            name, "\(o) outputs; the engine takes 1…\(Limits.layerWidth.upperBound) per layer")
        }
        guard n == shape.count else {
          throw invalid(name, "its weight takes \(n) inputs but its input has \(shape.count)")
        }
        let values = NIRLayout.linear(weight, input: flattenedFrom ?? shape)
        flattenedFrom = nil
        add(.linear(outFeatures: o), name)
        shape = .vector(o)
        index += 1
        try synapses(name, weights: values, isLinear: true)
      case .avgPool2d(let kernel, let stride, let padding),
        .sumPool2d(let kernel, let stride, let padding):
        try pool(name, kernel: kernel, stride: stride, padding: padding)
      case .flatten(let inputShape, let start, let end):
        try flatten(name, inputShape: inputShape, start: start, end: end)
      case .integrateAndFire, .leakyIntegrateAndFire, .integrator:
        throw unsupported(
          name,
          "neurons must follow a Conv2d, Linear, Affine or pooling node (asf-tui's input is already spikes)"
        )
      case .output:
        throw unsupported(
          chain[index - 1],
          "it leads to the Output node, but the readout must be a Linear or Affine layer whose neurons never fire (asf-tui reads the class from their membrane summed over T); end the graph with Linear → Output"
        )
      case .input:
        throw unsupported(name, "a second Input node inside the chain")
      case .other(let type):
        throw unsupported(
          name, "its type \(type) has no counterpart in the engine; \(Self.accepted)")
      }
    }
  }

  mutating func flatten(_ name: String, inputShape: [Int]?, start: Int, end: Int) throws {
    index += 1
    guard isMap else { return }  // A vector is flat already.
    let dims = [shape.channels, shape.height, shape.width]
    if let inputShape, inputShape != dims {
      throw invalid(name, "its input_type \(inputShape) differs from its input \(dims)")
    }
    guard start == 0, end == -1 || end == 2 else {
      throw unsupported(
        name,
        "it flattens dimensions \(start)…\(end) of (C, H, W); the engine flattens whole maps (start_dim 0, end_dim -1)"
      )
    }
    add(.flatten, name)
    flattenedFrom = shape
    shape = .vector(shape.count)
    isMap = false
  }

  mutating func add(_ layer: LayerSpec, _ node: String) {
    layers.append(layer)
    layerNodes.append(node)
  }

  func requireZero(_ bias: NIRTensor, _ name: String) throws {
    guard bias.values.allSatisfy({ $0 == 0 }) else {
      throw unsupported(name, "its bias is not zero; the engine's layers have no bias")
    }
  }
}
