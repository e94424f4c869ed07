// What follows a layer's synapses in the chain: IF or LIF neurons (a hidden layer), or the
// Output node, directly or through an integrator (the readout layer, which the engine never
// lets fire). Neuron parameters must be one value per layer; an input scale (IF's r, LIF's
// r·dt/τ) other than 1 is folded into the layer's weights.

import SpikingCore

extension NetworkAssembler {
  /// The neurons (or readout) after synapses `name` whose weights are `values`.
  mutating func synapses(_ name: String, weights values: [Float], isLinear: Bool) throws {
    let next = chain[index]
    var values = values
    switch node(next) {
    case .output, .integrator:
      guard isLinear else {
        throw unsupported(
          name, "the readout layer (the last before the Output node) must be Linear or Affine")
      }
      if case .integrator(let r) = node(next) {
        values = try fold(try uniform(r, "r", next), into: values, next)
        index += 1
        guard case .output = node(chain[index]) else {
          throw unsupported(next, "an integrator must lead to the Output node")
        }
      }
      weights.append(values)
      thresholds.append(1)  // The readout's virtual threshold; metadata may say otherwise.
      thresholdNodes.append(name)
      try checkOutput(chain[index])
      finished = true
      return
    case .integrateAndFire(let r, let threshold, let reset):
      try setModel(.integrateAndFire, next)
      try requireNeurons(threshold, next)
      try requireZeroReset(reset, next)
      values = try fold(try uniform(r, "r", next), into: values, next)
      thresholds.append(try uniform(threshold, "v_threshold", next))
    case .leakyIntegrateAndFire(let tau, let r, let leak, let threshold, let reset):
      try setModel(.leakyIntegrateAndFire, next)
      try requireNeurons(threshold, next)
      try requireZeroReset(reset, next)
      guard leak.values.allSatisfy({ $0 == 0 }) else {
        throw unsupported(next, "its v_leak is not 0; the engine's LIF neurons leak towards 0")
      }
      let tauValue = Double(try uniform(tau, "tau", next))
      let lambda = 1 - dt / tauValue
      let engine = Double(NeuronModel.leakyIntegrateAndFire.leak)
      guard tauValue > 0, abs(lambda - engine) <= 1e-6 else {
        throw unsupported(
          next,
          "τ = \(tauValue) s decays the membrane by λ = 1 − dt/τ = \(lambda) per step (dt = \(dt) s); the engine's LIF has λ = \(engine) (τ = \(dt / (1 - engine)) s)"
        )
      }
      let scale = Double(try uniform(r, "r", next)) * dt / tauValue
      values = try fold(Float(scale), into: values, next)
      thresholds.append(try uniform(threshold, "v_threshold", next))
    default:
      throw unsupported(
        next,
        "it follows \(name), which must be followed by IF or LIF neurons (a hidden layer) or by the Output node (the readout layer)"
      )
    }
    weights.append(values)
    thresholdNodes.append(next)
    index += 1
  }

  /// An average (or sum) pool and the IF neurons after it.
  mutating func pool(_ name: String, kernel: [Int], stride: [Int], padding: [Int]) throws {
    guard isMap else {
      throw unsupported(name, "pooling needs a (C, H, W) input, but it gets a vector")
    }
    let size = kernel[0]
    guard kernel[1] == size, stride == kernel, padding == [0, 0], Limits.poolSize.contains(size),
      shape.height >= size, shape.width >= size
    else {
      throw unsupported(
        name,
        "kernel \(kernel), stride \(stride), padding \(padding); the engine's pools have square windows of 2…\(Limits.poolSize.upperBound) that fit the input, stride equal to the window and no padding"
      )
    }
    let isSum: Bool
    if case .sumPool2d = node(name) { isSum = true } else { isSum = false }
    index += 1
    let next = chain[index]
    guard case .integrateAndFire(let r, let threshold, let reset) = node(next) else {
      throw unsupported(
        name,
        "it is followed by \(next) (\(node(next).typeName)), but the engine's average pools have IF neurons of their own, which never leak (AvgPool2d → IF)"
      )
    }
    shape = Shape(height: shape.height / size, width: shape.width / size, channels: shape.channels)
    try requireNeurons(threshold, next)
    try requireZeroReset(reset, next)
    // v gains r·(window sum or mean) per step: the same spikes as a mean against Vth/(r·k²).
    let gain = try uniform(r, "r", next) * (isSum ? Float(size * size) : 1)
    let value = try uniform(threshold, "v_threshold", next)
    if gain != 1 {
      notes.append(
        "\(next): the threshold \(value) became \(value / gain) for the engine's mean pool (r \(gain == 1 ? "1" : "and window sum") folded in)"
      )
    }
    add(.avgPool(size: size), name)
    weights.append([])
    thresholds.append(value / gain)
    thresholdNodes.append(next)
    index += 1
  }

  mutating func setModel(_ model: NeuronModel, _ node: String) throws {
    if let (existing, first) = self.model, existing != model {
      throw unsupported(
        node,
        "it is \(model == .integrateAndFire ? "IF" : "LIF") but \(first) is \(existing == .integrateAndFire ? "IF" : "LIF"); the engine runs one neuron model for all conv and linear layers"
      )
    }
    self.model = (model, node)
  }

  func requireNeurons(_ threshold: NIRTensor, _ node: String) throws {
    guard threshold.values.count == shape.count else {
      throw invalid(
        node, "it has \(threshold.values.count) neurons but its input has \(shape.count) values")
    }
  }

  func requireZeroReset(_ reset: NIRTensor, _ node: String) throws {
    guard reset.values.allSatisfy({ $0 == 0 }) else {
      throw unsupported(
        node, "its v_reset is not 0; the engine resets the membrane to 0 after a spike")
    }
  }

  /// The one value of a per-neuron parameter.
  func uniform(_ tensor: NIRTensor, _ key: String, _ node: String) throws -> Float {
    guard let value = tensor.uniformValue, value.isFinite else {
      throw unsupported(
        node,
        "its \(key) differs between neurons (or is not a number); the engine has one value per layer"
      )
    }
    return value
  }

  /// `values` times `scale`, noted, unless the scale is 1 (to a millionth).
  mutating func fold(_ scale: Float, into values: [Float], _ node: String) throws -> [Float] {
    guard scale.isFinite else {
      throw unsupported(node, "its input scale \(scale) is not a finite number")
    }
    guard abs(scale - 1) > 1e-6 else { return values }
    notes.append("\(node): its input scale \(scale) was folded into the weights before it")
    return values.map { $0 * scale }
  }

  func checkOutput(_ name: String) throws {
    guard case .output(let dims) = node(name) else { return }
    var count = 1
    for d in dims {
      let (product, overflow) = count.multipliedReportingOverflow(by: d)
      guard d > 0, !overflow else {
        throw invalid(name, "its shape \(dims) is not a list of positive sizes")
      }
      count = product
    }
    guard count == shape.count else {
      throw invalid(
        name, "its shape \(dims) differs from the readout layer's \(shape.count) outputs")
    }
  }
}
