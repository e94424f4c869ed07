// Gradients of the equivalent network against finite differences of a naive re-implementation
// of its loss (FO and S held fixed: FO^n = S^n · max(FI^n, 0), FI^n = op(FO^{n−1})), for the
// paper's choices and for the switches (issue 17): the mask 1[FI > 0] off (FO^n = S^n · FI^n)
// and one S per neuron.

import XCTest

@testable import SpikingCore

final class EquivalentNetworkTests: XCTestCase {
  /// conv · avgpool · conv · maxpool · linear · linear on a 7×6×2 input (the average pool
  /// drops the last row: floor pooling).
  let spec = NetworkSpec(
    input: Shape(height: 7, width: 6, channels: 2),
    layers: [
      .conv(outChannels: 3, kernel: 3, padding: 1), .avgPool(size: 2),
      .conv(outChannels: 4, kernel: 3, padding: 1), .maxPool(size: 3), .flatten,
      .linear(outFeatures: 5), .linear(outFeatures: 3),
    ])

  /// The slope of neuron `i` of layer `l`: its own S with one S per neuron, else the layer's.
  func slope(_ network: Network, _ l: Int, _ i: Int) -> Double {
    if network.switches.scaleMode == .neuron { return Double(network.neuronScaleFactors[l][i]) }
    return Double(network.scaleFactors[l])
  }

  /// FO of a neuron in the naive equivalent network: S·max(FI, 0), or S·FI without the mask.
  func activation(_ network: Network, _ l: Int, _ i: Int, _ fi: Double) -> Double {
    slope(network, l, i) * (network.switches.mask ? max(fi, 0) : fi)
  }

  /// The naive equivalent network: returns the loss for given weights.
  func naiveLoss(
    _ network: Network, weights: [[Float]], input: [[Float]], labels: [Int], scale: LossScale
  ) -> Double {
    var loss: Double = 0
    for (s, x) in input.enumerated() {
      var a = x.map(Double.init)
      for (l, layer) in network.layers.enumerated() {
        let fi = naiveOp(layer, a, weights[l])
        if layer.isOutput {
          let norm = 1 / (Double(network.outputThreshold) * Double(network.timeSteps))
          loss += sampleLoss(scale, z: fi.map { $0 * norm }, label: labels[s])
        } else if layer.hasScaleFactor {
          a = fi.indices.map { activation(network, l, $0, fi[$0]) }
        } else {
          a = fi
        }
      }
    }
    return loss
  }

  func testEveryWeightGradientMatchesFiniteDifferences() throws {
    let cases: [(LossScale, Int, mask: Bool, EngineSwitches.ScaleMode)] = [
      (.sse, 1, true, .layer), (.halfSSE, 2, true, .layer), (.sse, 2, false, .layer),
      (.sse, 1, true, .neuron), (.halfSSE, 2, false, .neuron), (.crossEntropy, 2, true, .layer),
    ]
    for (scale, workers, mask, mode) in cases {
      var network = try Network(spec: spec, timeSteps: 4, threshold: 1.5, seed: 7)
      network.scaleFactors = network.layers.map {
        $0.hasScaleFactor ? 0.4 + 0.1 * Float($0.outputShape.count % 5) : 1
      }
      network.switches.mask = mask
      network.switches.scaleMode = mode
      network.neuronScaleFactors = network.layers.map { layer in
        layer.hasScaleFactor
          ? (0..<layer.outputShape.count).map { 0.3 + 0.05 * Float($0 % 9) } : []
      }
      var rng = RandomSource(seed: 3)
      let batch = 3
      let input = (0..<batch).map { _ in (0..<84).map { _ in rng.nextFloat(in: -1, 3) } }
      let labels = [0, 2, 1]
      // Feed the equivalent network's own activations as FO so that FD is well defined.
      let eq = EquivalentNetwork(layers: network.layers, batch: batch, workers: workers)
      for s in 0..<batch { for i in 0..<84 { eq.flows.activation(0)[s * 84 + i] = input[s][i] } }
      // Run the layers one at a time so act[l+1] = S·max(FI, 0) before the next layer.
      for l in network.layers.indices {
        eq.forward(weights: network.weights, samples: batch)
        let layer = network.layers[l]
        let fi = eq.flows.inputFlow(l)
        let act = eq.flows.activation(l + 1)
        if layer.hasScaleFactor {
          let n = layer.outputShape.count
          for i in 0..<act.count { act[i] = Float(activation(network, l, i % n, Double(fi[i]))) }
        } else if case .maxPool = layer.kind {
          // The forward's max-pool counts equal the max of the counts here, so FI of the next
          // layer and its weight gradient see the same input.
          for i in 0..<act.count { act[i] = fi[i] }
        }
      }
      eq.forward(weights: network.weights, samples: batch)
      var gradients = network.weights.map { [Float](repeating: 0, count: $0.count) }
      eq.backward(network: network, labels: labels, loss: scale, gradients: &gradients)

      let base = naiveLoss(
        network, weights: network.weights, input: input, labels: labels, scale: scale)
      let (loss, _) = eq.flows.lossAndCorrect(network: network, labels: labels, loss: scale)
      XCTAssertEqual(Double(loss), base, accuracy: 1e-4 * max(1, abs(base)))

      var worst: Double = 0
      var checked = 0
      for l in network.weights.indices {
        for i in network.weights[l].indices {
          var plus = network.weights
          var minus = network.weights
          let h: Float = 1e-3
          plus[l][i] += h
          minus[l][i] -= h
          let fd =
            (naiveLoss(network, weights: plus, input: input, labels: labels, scale: scale)
              - naiveLoss(network, weights: minus, input: input, labels: labels, scale: scale))
            / (2 * Double(h))
          let analytic = Double(gradients[l][i])
          let difference = abs(fd - analytic) / max(1e-3, abs(fd) + abs(analytic))
          worst = max(worst, difference)
          checked += 1
        }
      }
      print(
        "equivalent-network gradients (\(scale.rawValue), \(workers) workers, mask \(mask), S per \(mode.rawValue)): \(checked) weights, largest relative difference \(worst)"
      )
      XCTAssertLessThan(worst, 1e-3)
    }
  }
}
