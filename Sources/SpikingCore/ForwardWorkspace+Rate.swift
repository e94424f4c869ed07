// Rate-based back-propagation's part of the forward (Yu et al., NeurIPS 2024, and their code
// Tab-ct/rate-based-backpropagation): while a sample runs, each neuron estimates
// ∂rate/∂c̄, how its rate r = (1/T)·Σ_t o_t moves when the same small input is added at every
// step. With u_t the membrane before the threshold test, f' the boxcar surrogate, λ the
// layer's leak and the hard reset u ← u·(1 − o):
//   e_0 = 1,  elig = (1/T)·Σ_t e_t·f'(u_t),  e_{t+1} = 1 + λ·e_t·((1 − o_t) − u_t·f'(u_t))
// (reset by subtraction: e_{t+1} = 1 + λ·e_t·(1 − V·f'(u_t))), the derivative of u_{t+1} along
// the same path BPTT differentiates. The backward then goes once through the network of
// accumulated flows with elig in place of ASF-BP's S·1[FI > 0] (EquivalentNetwork).

extension ForwardWorkspace {
  /// Zeroes the sample's rows and sets every e to 1.
  func startEligibility(_ rows: [UnsafeMutablePointer<Float>?]) {
    for (l, row) in rows.enumerated() {
      guard let row else { continue }
      let n = layers[l].outputShape.count
      row.update(repeating: 0, count: n)
      eligibilityFactors[l].update(repeating: 1, count: n)
    }
  }

  /// One step of layer l, before its neurons fire: elig += e·f'(u), then e moves on.
  @inline(__always)
  func accumulateEligibility(
    _ row: UnsafeMutablePointer<Float>, layer l: Int, membrane u: UnsafePointer<Float>,
    threshold v: Float, network: Network
  ) {
    let e = eligibilityFactors[l]
    let leak = network.leak(ofLayer: l)
    let inclusive = network.switches.spikeRule == .inclusive
    let subtract = network.switches.reset == .subtract
    for i in 0..<layers[l].outputShape.count {
      let ui = u[i]
      let slope = surrogateDerivative(ui, threshold: v)
      row[i] += e[i] * slope
      let fired = inclusive ? ui >= v : ui > v
      let kept = subtract ? 1 - v * slope : (fired ? 0 : 1) - ui * slope
      e[i] = 1 + leak * e[i] * kept
    }
  }

  /// Divides the sums by T.
  func finishEligibility(_ rows: [UnsafeMutablePointer<Float>?], steps: Int) {
    let scale = 1 / Float(max(1, steps))
    for (l, row) in rows.enumerated() {
      guard let row else { continue }
      for i in 0..<layers[l].outputShape.count { row[i] *= scale }
    }
  }
}
