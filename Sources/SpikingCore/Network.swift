// A spiking network's parameters and per-layer settings: weights, thresholds, scale
// factors, neuron model and time window. The engine's kernels read it; the trainer owns it.

/// What a runtime layer does. Flatten layers of a spec are dropped: storage is already flat.
public enum LayerKind: Hashable, Sendable {
  case conv(ConvGeometry)
  case linear
  case avgPool(size: Int)
  case maxPool(size: Int)
}

/// One runtime layer: shapes, name and role.
public struct LayerInfo: Hashable, Sendable {
  public let kind: LayerKind
  public let name: String
  public let inputShape: Shape
  public let outputShape: Shape
  /// The last layer: accumulates current, never fires.
  public let isOutput: Bool

  /// Has spiking neurons of its own (conv/linear hidden layers and average pools).
  public var hasNeurons: Bool {
    if isOutput { return false }
    switch kind {
    case .conv, .linear, .avgPool: return true
    case .maxPool: return false
    }
  }

  /// Has a trainable weight matrix (rows × columns), else (0, 0).
  public var weightShape: (rows: Int, columns: Int) {
    switch kind {
    case .conv(let g): (g.patchSize, g.outChannels)
    case .linear: (inputShape.count, outputShape.count)
    case .avgPool, .maxPool: (0, 0)
    }
  }

  /// Has a trainable weight matrix (conv and linear layers).
  public var hasWeights: Bool { weightShape.rows > 0 }

  /// Has a scale factor used by the backward pass (every layer with neurons).
  public var hasScaleFactor: Bool { hasNeurons }
}

/// A spiking network: layers, weights and the settings that may change at batch boundaries.
public struct Network: Sendable {
  public let spec: NetworkSpec
  public let layers: [LayerInfo]
  /// Per layer: the weight matrix, row-major `weightShape`; empty for pools.
  public var weights: [[Float]]
  /// Per layer: firing threshold (for the output layer, the virtual threshold of the loss).
  public var thresholds: [Float]
  /// Per layer: ASF-BP scale factor S (1 for layers without neurons); with one S per neuron
  /// (`switches.scaleMode == .neuron`), their mean.
  public var scaleFactors: [Float]
  /// Per layer, with one S per neuron: each neuron's S (empty until measured, and for
  /// layers without neurons).
  public var neuronScaleFactors: [[Float]] = []
  /// ASF-BP's switchable choices (the paper's by default).
  public var switches = EngineSwitches()
  public var neuronModel: NeuronModel
  /// The time window T, in steps.
  public var timeSteps: Int

  /// Builds the layers of `spec`, He-normal weights from `seed`, threshold `threshold` for
  /// conv/linear/output layers and `poolThreshold` (0.75) for average pools.
  public init(
    spec: NetworkSpec, neuronModel: NeuronModel = .integrateAndFire, timeSteps: Int = 100,
    threshold: Float = 1, poolThreshold: Float = 0.75, seed: UInt64 = 1
  ) throws {
    let layers = try Self.layers(of: spec)
    self.spec = spec
    self.layers = layers
    self.neuronModel = neuronModel
    self.timeSteps = timeSteps
    var rng = RandomSource(seed: seed)
    weights = layers.map { layer in
      let (rows, columns) = layer.weightShape
      guard rows > 0 else { return [] }
      let std = (2 / Float(rows)).squareRoot()
      return (0..<(rows * columns)).map { _ in std * rng.nextNormal() }
    }
    thresholds = layers.map { layer in
      if case .avgPool = layer.kind { return poolThreshold }
      return threshold
    }
    scaleFactors = layers.map { _ in 1 }
  }

  /// The runtime layers of `spec` (shapes and names), checked but without weights: cheap
  /// enough to validate a description (a preset, a checkpoint) of any size.
  public static func layers(of spec: NetworkSpec) throws -> [LayerInfo] {
    guard let last = spec.layers.last else { throw EngineError.emptyNetwork }
    guard case .linear = last else { throw EngineError.lastLayerNotLinear(found: "\(last)") }
    let input = spec.input
    guard [input.height, input.width, input.channels].allSatisfy(Limits.inputSide.contains) else {
      throw EngineError.invalidInput(
        shape: "\(input)",
        reason: "height, width and channels must each be from 1 to \(Limits.inputSide.upperBound)")
    }
    var layers: [LayerInfo] = []
    var shape = input
    var counters: [String: Int] = [:]
    func nextName(_ base: String) -> String {
      counters[base, default: 0] += 1
      return "\(base)\(counters[base, default: 1])"
    }
    for (index, layer) in spec.layers.enumerated() {
      let isOutput = index == spec.layers.count - 1
      func invalid(_ reason: String) -> EngineError {
        .invalidLayer(index: index, layer: "\(layer)", reason: reason)
      }
      switch layer {
      case .flatten:
        shape = .vector(shape.count)
      case .conv(let outChannels, let kernel, let padding):
        guard Limits.layerWidth.contains(outChannels) else {
          throw invalid("the channels must be from 1 to \(Limits.layerWidth.upperBound)")
        }
        guard Limits.kernel.contains(kernel), (0...kernel).contains(padding) else {
          throw invalid(
            "the kernel must be from 1 to \(Limits.kernel.upperBound) and the padding from 0 to the kernel size"
          )
        }
        guard shape.height > 1 || shape.width > 1 || kernel == 1 else {
          throw invalid("a convolution needs a spatial input, but the input is a vector")
        }
        let g = ConvGeometry(
          input: shape, kernel: kernel, padding: padding, outChannels: outChannels)
        guard g.output.height > 0, g.output.width > 0 else {
          throw invalid("kernel \(kernel) with padding \(padding) does not fit input \(shape)")
        }
        layers.append(
          LayerInfo(
            kind: .conv(g), name: isOutput ? "output" : nextName("conv"), inputShape: shape,
            outputShape: g.output, isOutput: isOutput))
        shape = g.output
      case .linear(let outFeatures):
        guard Limits.layerWidth.contains(outFeatures) else {
          throw invalid("the features must be from 1 to \(Limits.layerWidth.upperBound)")
        }
        let out = Shape.vector(outFeatures)
        layers.append(
          LayerInfo(
            kind: .linear, name: isOutput ? "output" : nextName("fc"), inputShape: shape,
            outputShape: out, isOutput: isOutput))
        shape = out
      case .avgPool(let size), .maxPool(let size):
        // Windows that do not fit are dropped (floor), as in PyTorch: 21 → 10 for size 2.
        guard Limits.poolSize.contains(size), shape.height >= size, shape.width >= size else {
          throw invalid(
            "the pool size must be from 2 to \(Limits.poolSize.upperBound) and fit the input \(shape)"
          )
        }
        let out = Shape(
          height: shape.height / size, width: shape.width / size, channels: shape.channels)
        let isAvg: Bool
        if case .avgPool = layer { isAvg = true } else { isAvg = false }
        layers.append(
          LayerInfo(
            kind: isAvg ? .avgPool(size: size) : .maxPool(size: size),
            name: nextName(isAvg ? "avgpool" : "maxpool"), inputShape: shape, outputShape: out,
            isOutput: false))
        shape = out
      }
    }
    return layers
  }

  /// Number of weights in all layers.
  public var parameterCount: Int { weights.reduce(0) { $0 + $1.count } }

  /// The output layer's threshold: the virtual threshold Vth of the loss.
  public var outputThreshold: Float { thresholds[layers.count - 1] }

  /// Number of classes (output features).
  public var classCount: Int { layers[layers.count - 1].outputShape.count }

  /// The membrane decay λ of layer `l`'s neurons: the neuron model's leak for conv and linear
  /// neurons; 1 for spiking average pools, which never leak (as the reference code's pooling
  /// neurons, also in LIF networks).
  public func leak(ofLayer l: Int) -> Float {
    if case .avgPool = layers[l].kind { return 1 }
    return neuronModel.leak
  }
}
