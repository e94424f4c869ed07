// Reads one NIR node's group: its type, then its parameters, checking that each is there,
// of the right kind, and of a shape that agrees with the others.

/// Reads the node stored in `group`, named `name` in errors.
struct NodeReader {
  let group: HDF5Group
  let name: String

  func invalid(_ reason: String) -> NIRError { .invalidNode(node: name, reason: reason) }

  func node() throws -> NIRNode {
    guard group.contains("type"), case .strings(let texts, _) = try group.read("type"),
      let type = texts.first
    else { throw invalid("it has no 'type'") }
    switch type {
    case "Input": return .input(shape: try integers("shape"))
    case "Output": return .output(shape: try integers("shape"))
    case "Conv2d":
      let weight = try tensor("weight")
      guard weight.shape.count == 4 else {
        throw invalid("its weight has shape \(weight.shape), not (out, in, kh, kw)")
      }
      let bias =
        group.contains("bias")
        ? try tensor("bias") : NIRTensor(shape: [weight.shape[0]], repeating: 0)
      guard bias.values.count == weight.shape[0] else {
        throw invalid("its bias has \(bias.values.count) values for \(weight.shape[0]) channels")
      }
      return .conv2d(
        weight: weight, bias: bias, stride: try pair("stride", default: 1),
        padding: try pair("padding", default: 0), dilation: try pair("dilation", default: 1),
        groups: try integer("groups", default: 1),
        inputSize: group.contains("input_shape") ? try integers("input_shape") : nil)
    case "Linear":
      return .linear(weight: try matrix("weight"))
    case "Affine":
      let weight = try matrix("weight")
      let bias = try tensor("bias")
      guard bias.values.count == weight.shape[0] else {
        throw invalid("its bias has \(bias.values.count) values for \(weight.shape[0]) outputs")
      }
      return .affine(weight: weight, bias: bias)
    case "AvgPool2d", "SumPool2d":
      let kernel = try pair("kernel_size", default: nil)
      let stride = try pair("stride", default: kernel[0])
      let padding = try pair("padding", default: 0)
      return type == "AvgPool2d"
        ? .avgPool2d(kernel: kernel, stride: stride, padding: padding)
        : .sumPool2d(kernel: kernel, stride: stride, padding: padding)
    case "Flatten":
      return .flatten(
        inputShape: group.contains("input_type") ? try integers("input_type") : nil,
        startDim: try integer("start_dim", default: 1), endDim: try integer("end_dim", default: -1))
    case "IF":
      let threshold = try tensor("v_threshold")
      return .integrateAndFire(
        r: try tensor("r", like: threshold), threshold: threshold,
        reset: try tensor("v_reset", like: threshold, default: 0))
    case "LIF":
      let threshold = try tensor("v_threshold")
      return .leakyIntegrateAndFire(
        tau: try tensor("tau", like: threshold), r: try tensor("r", like: threshold),
        leak: try tensor("v_leak", like: threshold, default: 0), threshold: threshold,
        reset: try tensor("v_reset", like: threshold, default: 0))
    case "I":
      return .integrator(r: try tensor("r"))
    default:
      return .other(type: type)
    }
  }

  /// A real array (a scalar reads as shape []).
  func tensor(_ key: String) throws -> NIRTensor {
    guard group.contains(key) else { throw invalid("it has no '\(key)'") }
    switch try group.read(key) {
    case .reals(let values, let shape):
      let floats = values.map { Float($0) }
      guard floats.allSatisfy(\.isFinite) else {
        throw invalid("its '\(key)' holds a value that is not a finite 32-bit number")
      }
      return NIRTensor(shape: shape, values: floats)
    case .integers(let values, let shape):
      return NIRTensor(shape: shape, values: values.map { Float($0) })
    case let other:
      throw invalid("its '\(key)' holds \(other.kind), not real numbers")
    }
  }

  /// A neuron parameter, one value per neuron: a scalar is repeated over `like`'s shape.
  func tensor(_ key: String, like reference: NIRTensor, default value: Float? = nil) throws
    -> NIRTensor
  {
    if !group.contains(key), let value {
      return NIRTensor(shape: reference.shape, repeating: value)
    }
    let t = try tensor(key)
    if t.values.count == 1, reference.values.count != 1 {
      return NIRTensor(shape: reference.shape, repeating: t.values[0])
    }
    guard t.values.count == reference.values.count else {
      throw invalid(
        "its '\(key)' has shape \(t.shape) but its v_threshold has shape \(reference.shape)")
    }
    return NIRTensor(shape: reference.shape, values: t.values)
  }

  func matrix(_ key: String) throws -> NIRTensor {
    let t = try tensor(key)
    guard t.shape.count == 2 else {
      throw invalid("its \(key) has shape \(t.shape), not (out, in)")
    }
    return t
  }

  func integers(_ key: String) throws -> [Int] {
    guard group.contains(key) else { throw invalid("it has no '\(key)'") }
    switch try group.read(key) {
    case .integers(let values, _): return values.map { Int(clamping: $0) }
    case .reals(let values, _) where values.allSatisfy({ $0 == $0.rounded() && abs($0) < 1e9 }):
      return values.map { Int($0) }
    case let other: throw invalid("its '\(key)' holds \(other.kind), not integers")
    }
  }

  func integer(_ key: String, default value: Int) throws -> Int {
    guard group.contains(key) else { return value }
    let values = try integers(key)
    guard values.count == 1 else { throw invalid("its '\(key)' is not one number") }
    return values[0]
  }

  /// A (height, width) pair; one number stands for both.
  func pair(_ key: String, default value: Int?) throws -> [Int] {
    guard group.contains(key) else {
      guard let value else { throw invalid("it has no '\(key)'") }
      return [value, value]
    }
    let values = try integers(key)
    switch values.count {
    case 1: return [values[0], values[0]]
    case 2: return values
    default: throw invalid("its '\(key)' has \(values.count) numbers, not (height, width)")
    }
  }
}
