// OTTT and SLTT (OnlineTrainer) against their equations: a case worked by hand (one neuron,
// T = 3), and a naive twin written from the papers' equations with plain loops in Double on a
// conv · avgpool · conv · maxpool · linear · linear network whose window of T = 11 steps takes
// two of the engine's windows; SLTT-K's choice of steps; the memory does not grow with T.

import XCTest

@testable import SpikingCore

final class OnlineTrainerTests: XCTestCase {
  let spec = NetworkSpec.bothPools

  /// One input → one IF neuron (Vth 1) → one output, the input spiking at every step, w = 0.6
  /// and 0.5: u = 0.6, 1.2 (fires, resets), 0.6; every u within the surrogate's window
  /// (|u − 1| < ½, f' = 1). Per step m_t = 0.5·o_t = 0, 0.5, 0 and, with the sum of squares
  /// over T = 3, δm_t = (2/3)·(m_t − 1) = −2/3, −1/3, −2/3. So dW₂ = Σ o_t·δm_t = −1/3;
  /// δ_t = 0.5·δm_t = −1/3, −1/6, −1/3; SLTT: dW₁ = Σ δ_t·x_t = −5/6; OTTT with the traces
  /// â = 1, 2, 3: dW₁ = −1/3 − 2/6 − 3/3 = −5/3.
  func testOneNeuronWorkedByHand() throws {
    let tiny = NetworkSpec(
      input: Shape(height: 1, width: 1, channels: 1),
      layers: [.flatten, .linear(outFeatures: 1), .linear(outFeatures: 1)])
    var network = try Network(spec: tiny, timeSteps: 3, threshold: 1)
    network.weights = [[0.6], [0.5]]
    let expected: [TrainingMethod: [Float]] = [.sltt: [-5 / 6, -1 / 3], .ottt: [-5 / 3, -1 / 3]]
    for (method, gradients) in expected {
      let trainer = OnlineTrainer(
        method: method, network: network,
        settings: TrainerSettings(encoding: .clampedRate, workerCount: 1))
      let stats = trainer.trainBatch(
        images: [1], labels: [0], seed: 1, updateScaleFactors: false, recordRaster: false)
      XCTAssertEqual(stats.layers[0].spikeRate, 1 / 3, accuracy: 1e-6, "\(method): one spike")
      XCTAssertEqual(trainer.gradients[0][0], gradients[0], accuracy: 1e-6, "\(method) dW₁")
      XCTAssertEqual(trainer.gradients[1][0], gradients[1], accuracy: 1e-6, "\(method) dW₂")
    }
  }

  /// Each sample's signed input spikes as the engine draws them, [T][n].
  static func inputSpikes(
    _ network: Network, images: [Float], samples: Int, streams: InputStreams,
    encoding: InputEncoding
  ) -> [[[Double]]] {
    let n = network.layers[0].inputShape.count
    let steps = network.timeSteps
    let workspace = ForwardWorkspace(layers: network.layers)
    return (0..<samples).map { s in
      let trace = TimeTrace(layers: network.layers, batch: 1, steps: steps, workers: 1)
      var counts = ([n] + network.layers.dropLast().map(\.outputShape.count)).map {
        [Float](repeating: 0, count: $0)
      }
      let pointers = counts.indices.map { a in
        counts[a].withUnsafeMutableBufferPointer { $0.baseAddress! }
      }
      network.weights.withUnsafePointers { w in
        images.withUnsafeBufferPointer { img in
          workspace.run(
            network: network, weights: w, image: img.baseAddress! + s * n, encoding: encoding,
            key: streams.key(ofSample: s), counts: pointers, rasters: nil,
            trace: trace.forwardTrace(sample: 0))
        }
      }
      _ = counts
      return (0..<steps).map { t in (0..<n).map { Double(trace.input[t * n + $0]) } }
    }
  }

  /// The method's gradient for one sample, from its equations with plain loops: per step that
  /// goes back, the loss ℓ(m_t/V)/T on m_t = W^N·o_t (ℓ a sample's sum of squares or
  /// cross-entropy), δ_t = g_t·f'(u_t) layer by layer
  /// with nothing carried back in time; dW^l += δ_t ⊗ (o^{l−1}_t, or for OTTT the trace
  /// â_t = λ_l·â_{t−1} + o^{l−1}_t of every hidden weight layer's input).
  func naiveGradients(
    _ network: Network, weights: [[Double]], input: [[Double]], label: Int,
    method: TrainingMethod, goesBack: [Bool], scale: LossScale
  ) -> [[Double]] {
    let run = naiveSimulate(network, weights: weights, input: input, spike: { $0 > $1 ? 1 : 0 })
    let layers = network.layers
    let hidden = layers.count - 1
    let steps = input.count
    let v = Double(network.outputThreshold)
    var gradients = weights.map { [Double](repeating: 0, count: $0.count) }
    var traces = layers.map { [Double](repeating: 0, count: $0.inputShape.count) }
    for t in 0..<steps {
      func layerInput(_ l: Int) -> [Double] { l == 0 ? input[t] : run.outputs[l - 1][t] }
      for l in 0..<hidden where layers[l].hasWeights {
        let leak = Double(network.leak(ofLayer: l))
        traces[l] = zip(traces[l], layerInput(l)).map { leak * $0 + $1 }
      }
      guard goesBack[t] else { continue }
      let below = layerInput(hidden)
      let m = naiveOp(layers[hidden], below, weights[hidden])
      let deltaM = sampleLossGradient(scale, z: m.map { $0 / v }, label: label).map {
        $0 / (v * Double(steps))
      }
      var (g, dw) = naiveOpGradients(layers[hidden], x: below, w: weights[hidden], dy: deltaM)
      for i in dw.indices { gradients[hidden][i] += dw[i] }
      for l in stride(from: hidden - 1, through: 0, by: -1) {
        var delta = g
        if layers[l].hasNeurons {
          let threshold = Double(network.thresholds[l])
          delta = zip(g, run.membranes[l][t]).map { gi, u in
            abs(u - threshold) < threshold / 2 ? gi / threshold : 0
          }
        }
        let x = method == .ottt && layers[l].hasWeights ? traces[l] : layerInput(l)
        let step = naiveOpGradients(layers[l], x: x, w: weights[l], dy: delta)
        if method == .ottt && layers[l].hasWeights {
          g = naiveOpGradients(layers[l], x: layerInput(l), w: weights[l], dy: delta).dx
        } else {
          g = step.dx
        }
        for i in step.dw.indices { gradients[l][i] += step.dw[i] }
      }
    }
    return gradients
  }

  func testGradientsMatchANaiveTwinOfTheirEquations() throws {
    let samples = 10
    var rng = RandomSource(seed: 23)
    let images = (0..<(samples * 72)).map { _ in rng.nextFloat(in: -1, 1) }
    let labels = (0..<samples).map { $0 % 3 }
    for model in NeuronModel.allCases {
      for method in [TrainingMethod.ottt, .sltt] {
        for chosen in method == .sltt ? [nil, 4] : [nil] as [Int?] {
          // Both kinds of loss: the sum of squares with IF, the cross-entropy with LIF.
          let scale: LossScale = model == .integrateAndFire ? .sse : .crossEntropy
          let network = try Network(
            spec: spec, neuronModel: model, timeSteps: 11, threshold: 0.7, seed: 3)
          var settings = TrainerSettings(
            encoding: .clampedRate, loss: scale, workerCount: 2)
          settings.slttSteps = chosen
          let trainer = OnlineTrainer(method: method, network: network, settings: settings)
          let streams = InputStreams(seed: 9)
          _ = trainer.trainBatch(
            images: images, labels: labels, streams: streams, updateScaleFactors: false,
            recordRaster: false)
          let goesBack = BatchStep.stepsGoingBack(
            method: method, steps: 11, chosen: chosen, streams: streams)
          XCTAssertEqual(goesBack.filter { $0 }.count, chosen ?? 11)
          let weights = network.weights.map { $0.map(Double.init) }
          let spikes = Self.inputSpikes(
            network, images: images, samples: samples, streams: streams, encoding: .clampedRate)
          var expected = weights.map { [Double](repeating: 0, count: $0.count) }
          for s in 0..<samples {
            let one = naiveGradients(
              network, weights: weights, input: spikes[s], label: labels[s], method: method,
              goesBack: goesBack, scale: scale)
            for l in expected.indices {
              for i in expected[l].indices { expected[l][i] += one[l][i] }
            }
          }
          let name = "\(method) K=\(chosen.map(String.init) ?? "T") \(model) \(scale)"
          assertGradientsAgree(expected, trainer.gradients, name)
        }
      }
    }
  }

  func testSLTTKChoosesKDistinctStepsPerBatch() {
    let a = BatchStep.stepsGoingBack(
      method: .sltt, steps: 30, chosen: 5, streams: InputStreams(seed: 1, stream: 2, indices: [7]))
    XCTAssertEqual(a.filter { $0 }.count, 5)
    XCTAssertEqual(
      a,
      BatchStep.stepsGoingBack(
        method: .sltt, steps: 30, chosen: 5,
        streams: InputStreams(seed: 1, stream: 2, indices: [7])), "the same batch, the same steps")
    let others = (0..<8).map { batch in
      BatchStep.stepsGoingBack(
        method: .sltt, steps: 30, chosen: 5,
        streams: InputStreams(seed: 1, stream: 2, indices: [100 + batch]))
    }
    XCTAssertGreaterThan(Set(others.map { $0.description }).count, 4, "batches choose anew")
    XCTAssertEqual(
      BatchStep.stepsGoingBack(method: .ottt, steps: 6, chosen: 2, streams: InputStreams(seed: 1)),
      Array(repeating: true, count: 6), "only SLTT chooses")
  }

  func testWindowsHoldAtMostTheirCapacityOfRowsThatGoBack() {
    let windows = OnlineWindows(
      goesBack: [true, false, true, true, false, true, false], capacity: 2)
    XCTAssertEqual(windows.ranges, [0..<3, 3..<6, 6..<7])
    XCTAssertEqual(windows.rows, [0, -1, 1, 0, -1, 1, -1])
    XCTAssertEqual(windows.rowCounts, [2, 2, 0])
  }

  func testBatchMemoryDoesNotGrowWithT() throws {
    let lenet = try Network(spec: .lenet, timeSteps: 4)
    for method in [TrainingMethod.ottt, .sltt] {
      let short = BufferPlan(layers: lenet.layers, batch: 32, steps: 4, method: method, workers: 2)
      let long = BufferPlan(layers: lenet.layers, batch: 32, steps: 100, method: method, workers: 2)
      XCTAssertEqual(short.totalBytes, long.totalBytes, "\(method)")
      let bptt = BufferPlan(layers: lenet.layers, batch: 32, steps: 100, method: .bptt, workers: 2)
      XCTAssertLessThan(long.totalBytes * 4, bptt.totalBytes, "\(method) against BPTT")
    }
  }
}
