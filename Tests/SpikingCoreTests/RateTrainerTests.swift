// Rate-based back-propagation (RateTrainer) against its equations: a case worked by hand (one
// neuron, T = 3) and a naive twin with plain loops in Double on a network with both kinds of
// pools; its memory does not grow with T.

import XCTest

@testable import SpikingCore

final class RateTrainerTests: XCTestCase {
  /// One input spiking at every step → one IF neuron (Vth 1, w = 0.6) → one output (w = 0.5):
  /// u = 0.6, 1.2 (fires), 0.6, f' = 1 at every step. e = 1, then 1 + (1 − 0.6) = 1.4, then
  /// 1 + 1.4·(0 − 1.2) = −0.68: elig = (1 + 1.4 − 0.68)/3 = 1.72/3. mem = 0.5 over T = 3:
  /// δmem = 2·(0.5/3 − 1)/3 = −5/9, dW₂ = FO·δmem = −5/9; δ = 0.5·δmem·elig, dW₁ = 3·δ
  /// = −(5/18)·1.72.
  func testOneNeuronWorkedByHand() throws {
    let tiny = NetworkSpec(
      input: Shape(height: 1, width: 1, channels: 1),
      layers: [.flatten, .linear(outFeatures: 1), .linear(outFeatures: 1)])
    var network = try Network(spec: tiny, timeSteps: 3, threshold: 1)
    network.weights = [[0.6], [0.5]]
    let trainer = RateTrainer(
      network: network, settings: TrainerSettings(encoding: .clampedRate, workerCount: 1))
    _ = trainer.trainBatch(
      images: [1], labels: [0], seed: 1, updateScaleFactors: false, recordRaster: false)
    XCTAssertEqual(trainer.gradients[1][0], -5 / 9, accuracy: 1e-6)
    XCTAssertEqual(trainer.gradients[0][0], -5 / 18 * 1.72, accuracy: 1e-6)
  }

  /// Rate-BP's gradient of one sample from its equations with plain loops.
  func naiveGradients(
    _ network: Network, weights: [[Double]], input: [[Double]], label: Int, scale: LossScale
  ) -> [[Double]] {
    let run = naiveSimulate(network, weights: weights, input: input, spike: { $0 > $1 ? 1 : 0 })
    let layers = network.layers
    let hidden = layers.count - 1
    let steps = input.count
    // The flows: input counts, then each layer's spike counts (a max pool: the max of its
    // input's counts, as the equivalent network takes it).
    var flows = [
      input.reduce(into: [Double](repeating: 0, count: input[0].count)) { sum, row in
        for i in row.indices { sum[i] += row[i] }
      }
    ]
    var slopes: [[Double]?] = []
    for l in 0..<hidden {
      if layers[l].hasNeurons {
        flows.append(
          run.outputs[l].reduce(into: [Double](repeating: 0, count: run.outputs[l][0].count)) {
            sum, row in for i in row.indices { sum[i] += row[i] }
          })
        let v = Double(network.thresholds[l])
        let leak = Double(network.leak(ofLayer: l))
        var e = [Double](repeating: 1, count: flows[l + 1].count)
        var slope = [Double](repeating: 0, count: e.count)
        for t in 0..<steps {
          for i in e.indices {
            let u = run.membranes[l][t][i]
            let f = abs(u - v) < v / 2 ? 1 / v : 0
            slope[i] += e[i] * f
            e[i] = 1 + leak * e[i] * ((1 - run.outputs[l][t][i]) - u * f)
          }
        }
        slopes.append(slope.map { $0 / Double(steps) })
      } else {
        flows.append(naiveOp(layers[l], flows[l], weights[l]))
        slopes.append(nil)
      }
    }
    let v = Double(network.outputThreshold)
    let norm = 1 / (v * Double(steps))
    let mem = naiveOp(layers[hidden], flows[hidden], weights[hidden])
    let deltaMem = sampleLossGradient(scale, z: mem.map { $0 * norm }, label: label).map {
      $0 * norm
    }
    var gradients = weights.map { [Double](repeating: 0, count: $0.count) }
    var g = deltaMem
    for l in stride(from: hidden, through: 0, by: -1) {
      let delta = l < hidden ? (slopes[l].map { zip(g, $0).map(*) } ?? g) : g
      let step = naiveOpGradients(layers[l], x: flows[l], w: weights[l], dy: delta)
      gradients[l] = step.dw
      g = step.dx
    }
    return gradients
  }

  func testGradientsMatchANaiveTwinOfTheirEquations() throws {
    let spec = NetworkSpec.bothPools
    let samples = 10
    var rng = RandomSource(seed: 29)
    let images = (0..<(samples * 72)).map { _ in rng.nextFloat(in: -1, 1) }
    let labels = (0..<samples).map { $0 % 3 }
    for model in NeuronModel.allCases {
      // Both kinds of loss: the sum of squares with IF, the cross-entropy with LIF.
      let scale: LossScale = model == .integrateAndFire ? .sse : .crossEntropy
      let network = try Network(
        spec: spec, neuronModel: model, timeSteps: 11, threshold: 0.7, seed: 3)
      let trainer = RateTrainer(
        network: network,
        settings: TrainerSettings(encoding: .clampedRate, loss: scale, workerCount: 2))
      let streams = InputStreams(seed: 9)
      _ = trainer.trainBatch(
        images: images, labels: labels, streams: streams, updateScaleFactors: false,
        recordRaster: false)
      let weights = network.weights.map { $0.map(Double.init) }
      let spikes = OnlineTrainerTests.inputSpikes(
        network, images: images, samples: samples, streams: streams, encoding: .clampedRate)
      var expected = weights.map { [Double](repeating: 0, count: $0.count) }
      for s in 0..<samples {
        let one = naiveGradients(
          network, weights: weights, input: spikes[s], label: labels[s], scale: scale)
        for l in expected.indices {
          for i in expected[l].indices { expected[l][i] += one[l][i] }
        }
      }
      assertGradientsAgree(expected, trainer.gradients, "\(model) \(scale)")
    }
  }

  func testBatchMemoryDoesNotGrowWithT() throws {
    let lenet = try Network(spec: .lenet, timeSteps: 4)
    let short = BufferPlan(layers: lenet.layers, batch: 32, steps: 4, method: .rateBP, workers: 2)
    let long = BufferPlan(layers: lenet.layers, batch: 32, steps: 100, method: .rateBP, workers: 2)
    XCTAssertEqual(short.totalBytes, long.totalBytes)
  }
}
