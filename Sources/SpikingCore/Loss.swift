// The loss on the network's output against one-hot labels, and its gradient, which every
// backward pass starts from. The accumulated methods (ASF-BP, BPTT, rate-BP) read the output
// as mem / (Vth·T); the per-step loss of OTTT and SLTT reads each step's W^N·o_t / Vth.

import Foundation

/// The loss of one sample's output row z (already divided by Vth·T, or by Vth per step):
/// the sum of squares L = c · ½ Σ_j (z_j − Y_j)², or the cross-entropy L = −log softmax(z)_y.
/// Batches sum their samples' losses.
public enum LossScale: String, Codable, Sendable, CaseIterable {
  /// c = 2: the plain sum of squares of the reference code (the default).
  case sse
  /// c = 1: the paper's ½‖Y − out‖².
  case halfSSE = "half-sse"
  /// Softmax cross-entropy on z, the loss of the OTTT, SLTT and rate-BP papers' code.
  case crossEntropy = "cross-entropy"

  /// The factor c of the sums of squares (1 for the cross-entropy, which has none).
  public var factor: Float { self == .sse ? 2 : 1 }

  /// The loss of the row `z` of `count` outputs against `label`.
  public func value(_ z: UnsafePointer<Float>, count: Int, label: Int) -> Float {
    switch self {
    case .sse, .halfSSE:
      var sum: Float = 0
      for j in 0..<count {
        let d = z[j] - (j == label ? 1 : 0)
        sum += d * d
      }
      return sum * factor / 2
    case .crossEntropy:
      var top = z[0]
      for j in 1..<count { top = max(top, z[j]) }
      var sum: Float = 0
      for j in 0..<count { sum += exp(z[j] - top) }
      return log(sum) + top - z[label]
    }
  }

  /// ∂L/∂z · `times` for the row `z`, written over `z` (each element is read before it is
  /// written): c·(z − Y), or softmax(z) − Y.
  public func gradient(
    inPlace z: UnsafeMutablePointer<Float>, count: Int, label: Int, times: Float
  ) {
    switch self {
    case .sse, .halfSSE:
      for j in 0..<count { z[j] = factor * (z[j] - (j == label ? 1 : 0)) * times }
    case .crossEntropy:
      var top = z[0]
      for j in 1..<count { top = max(top, z[j]) }
      var sum: Float = 0
      for j in 0..<count {
        z[j] = exp(z[j] - top)
        sum += z[j]
      }
      for j in 0..<count { z[j] = (z[j] / sum - (j == label ? 1 : 0)) * times }
    }
  }
}

extension BatchActivations {
  /// The loss of the batch against one-hot `labels` on mem / (Vth·T), and the number of
  /// correct predictions (arg-max of mem). Requires `forward` first.
  public func lossAndCorrect(network: Network, labels: [Int], loss scale: LossScale) -> (
    loss: Float, correct: Int
  ) {
    let out = layers[layers.count - 1].outputShape.count
    let mem = inputFlows[layers.count - 1]
    let norm = 1 / (network.outputThreshold * Float(network.timeSteps))
    var loss: Float = 0
    var correct = 0
    var row = [Float](repeating: 0, count: out)
    for b in 0..<labels.count {
      var best = 0
      for j in 0..<out {
        row[j] = mem[b * out + j] * norm
        if mem[b * out + j] > mem[b * out + best] { best = j }
      }
      loss += row.withUnsafeBufferPointer { z in
        z.baseAddress.map { scale.value($0, count: out, label: labels[b]) } ?? 0
      }
      if best == labels[b] { correct += 1 }
    }
    return (loss, correct)
  }
}

/// ∂L/∂mem = ∂L/∂z · norm at z = mem·norm, norm = 1/(Vth·T), for the samples of `labels`
/// (`mem` and `delta`: [labels.count][classes]).
func outputGradient(
  network: Network, mem: UnsafePointer<Float>, labels: ArraySlice<Int>, scale: LossScale,
  into delta: UnsafeMutablePointer<Float>
) {
  let out = network.classCount
  let norm = 1 / (network.outputThreshold * Float(network.timeSteps))
  for (s, label) in labels.enumerated() {
    let row = delta + s * out
    for j in 0..<out { row[j] = mem[s * out + j] * norm }
    scale.gradient(inPlace: row, count: out, label: label, times: norm)
  }
}
