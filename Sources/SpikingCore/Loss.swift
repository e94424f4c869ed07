// The loss of ASF-BP on the output membranes, mem / (Vth·T) against one-hot labels, and its
// gradient, which both backward passes start from.

/// The loss L = c · ½ Σ_b Σ_j (mem_bj / (Vth·T) − Y_bj)², summed over the batch.
public enum LossScale: String, Codable, Sendable, CaseIterable {
  /// c = 2: the plain sum of squares of the reference code (the default).
  case sse
  /// c = 1: the paper's ½‖Y − out‖².
  case halfSSE = "half-sse"

  /// The factor c.
  public var factor: Float { self == .sse ? 2 : 1 }
}

extension BatchActivations {
  /// The loss of the batch against one-hot `labels`, and the number of correct predictions
  /// (arg-max of mem). Requires `forward` first.
  public func lossAndCorrect(network: Network, labels: [Int], loss scale: LossScale) -> (
    loss: Float, correct: Int
  ) {
    let out = layers[layers.count - 1].outputShape.count
    let mem = inputFlows[layers.count - 1]
    let norm = 1 / (network.outputThreshold * Float(network.timeSteps))
    var loss: Float = 0
    var correct = 0
    for b in 0..<labels.count {
      var best = 0
      for j in 0..<out {
        let diff = mem[b * out + j] * norm - (j == labels[b] ? 1 : 0)
        loss += diff * diff
        if mem[b * out + j] > mem[b * out + best] { best = j }
      }
      if best == labels[b] { correct += 1 }
    }
    return (loss * scale.factor / 2, correct)
  }
}

/// ∂L/∂mem = c · (mem·norm − Y) · norm with norm = 1/(Vth·T), for the samples of `labels`
/// (`mem` and `delta`: [labels.count][classes]).
func outputGradient(
  network: Network, mem: UnsafePointer<Float>, labels: ArraySlice<Int>, scale: LossScale,
  into delta: UnsafeMutablePointer<Float>
) {
  let out = network.classCount
  let norm = 1 / (network.outputThreshold * Float(network.timeSteps))
  for (s, label) in labels.enumerated() {
    for j in 0..<out {
      let target: Float = j == label ? 1 : 0
      delta[s * out + j] = scale.factor * (mem[s * out + j] * norm - target) * norm
    }
  }
}
