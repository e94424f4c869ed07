// Adam with L2 weight decay added to the gradient (as torch.optim.Adam(weight_decay=…)).

/// Adam optimiser state for a list of parameter arrays.
///
/// Per element, with g the gradient and w the weight:
/// g ← g + λ·w; m ← β₁m + (1−β₁)g; v ← β₂v + (1−β₂)g²;
/// w ← w − lr · (m / (1−β₁ᵗ)) / (√(v / (1−β₂ᵗ)) + ε).
public struct AdamOptimizer: Sendable {
  public var learningRate: Float
  public var beta1: Float = 0.9
  public var beta2: Float = 0.999
  public var epsilon: Float = 1e-8
  public var weightDecay: Float
  /// Steps taken so far (t).
  public var step: Int = 0
  /// First and second moment estimates, shaped like the parameters.
  public var firstMoments: [[Float]]
  public var secondMoments: [[Float]]

  public init(parameterCounts: [Int], learningRate: Float, weightDecay: Float) {
    self.learningRate = learningRate
    self.weightDecay = weightDecay
    firstMoments = parameterCounts.map { [Float](repeating: 0, count: $0) }
    secondMoments = parameterCounts.map { [Float](repeating: 0, count: $0) }
  }

  /// Applies one step to every parameter array from its gradient.
  public mutating func update(parameters: inout [[Float]], gradients: [[Float]]) {
    step += 1
    let correction1 = 1 - Float(Double(beta1).power(step))
    let correction2 = 1 - Float(Double(beta2).power(step))
    let (b1, b2, eps, decay, lr) = (beta1, beta2, epsilon, weightDecay, learningRate)
    for p in parameters.indices where !parameters[p].isEmpty {
      parameters[p].withUnsafeMutableBufferPointer { w in
        firstMoments[p].withUnsafeMutableBufferPointer { m in
          secondMoments[p].withUnsafeMutableBufferPointer { v in
            gradients[p].withUnsafeBufferPointer { g in
              nonisolated(unsafe) let (w, m, v, g) = (w, m, v, g)
              forEachPart(of: w.count) { range in
                for i in range {
                  let grad = g[i] + decay * w[i]
                  m[i] = b1 * m[i] + (1 - b1) * grad
                  v[i] = b2 * v[i] + (1 - b2) * grad * grad
                  let mHat = m[i] / correction1
                  let vHat = v[i] / correction2
                  w[i] -= lr * mHat / (vHat.squareRoot() + eps)
                }
              }
            }
          }
        }
      }
    }
  }
}

extension Double {
  fileprivate func power(_ n: Int) -> Double {
    var result = 1.0
    for _ in 0..<n { result *= self }
    return result
  }
}
