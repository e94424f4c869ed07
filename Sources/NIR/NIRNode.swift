// The NIR node types asf-tui writes and reads (NIR 1.0: the `nir` package's names and
// parameters). Shapes leave out the batch: channels × height × width for maps. Neuron
// parameters hold one value per neuron. Any other node type is kept by name so that import
// can say which node it cannot run.

/// One node of a NIR graph.
public enum NIRNode: Equatable, Sendable {
  case input(shape: [Int])
  case output(shape: [Int])
  /// weight (out, in, kh, kw), bias (out); stride, padding and dilation (h, w).
  case conv2d(
    weight: NIRTensor, bias: NIRTensor, stride: [Int], padding: [Int], dilation: [Int],
    groups: Int, inputSize: [Int]?)
  /// y = W·x, weight (out, in).
  case linear(weight: NIRTensor)
  /// y = W·x + b.
  case affine(weight: NIRTensor, bias: NIRTensor)
  /// Mean of each window; kernel, stride and padding (h, w).
  case avgPool2d(kernel: [Int], stride: [Int], padding: [Int])
  /// Sum of each window.
  case sumPool2d(kernel: [Int], stride: [Int], padding: [Int])
  /// Flattens dimensions startDim…endDim of the input (counted without the batch).
  case flatten(inputShape: [Int]?, startDim: Int, endDim: Int)
  /// Integrate-and-fire: dv/dt = R·I; a spike when v crosses v_threshold, then v = v_reset.
  case integrateAndFire(r: NIRTensor, threshold: NIRTensor, reset: NIRTensor)
  /// Leaky integrate-and-fire: τ·dv/dt = (v_leak − v) + R·I; spike and reset as IF.
  case leakyIntegrateAndFire(
    tau: NIRTensor, r: NIRTensor, leak: NIRTensor, threshold: NIRTensor, reset: NIRTensor)
  /// Integrator: dv/dt = R·I (no spikes).
  case integrator(r: NIRTensor)
  /// A node type asf-tui does not model (kept for error messages).
  case other(type: String)

  /// The node's NIR type name, as stored in its `type` dataset.
  public var typeName: String {
    switch self {
    case .input: "Input"
    case .output: "Output"
    case .conv2d: "Conv2d"
    case .linear: "Linear"
    case .affine: "Affine"
    case .avgPool2d: "AvgPool2d"
    case .sumPool2d: "SumPool2d"
    case .flatten: "Flatten"
    case .integrateAndFire: "IF"
    case .leakyIntegrateAndFire: "LIF"
    case .integrator: "I"
    case .other(let type): type
    }
  }
}
