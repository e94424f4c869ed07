// BPTT's backward pass through time against finite differences of the surrogate model (the
// spike replaced by the ramp whose derivative is the surrogate), simulated with naive loops;
// and the per-step state the event-driven forward records against a dense simulation.

import XCTest

@testable import SpikingCore

final class TimeTraceTests: XCTestCase {
  /// conv · avgpool · conv · maxpool · linear · linear on a 6×6×2 input.
  let spec = NetworkSpec.bothPools

  func loss(_ network: Network, mem: [[Double]], labels: [Int], scale: LossScale) -> Double {
    let norm = 1 / (Double(network.outputThreshold) * Double(network.timeSteps))
    return mem.enumerated().reduce(0) { total, sample in
      total + sampleLoss(scale, z: sample.element.map { $0 * norm }, label: labels[sample.offset])
    }
  }

  static func ramp(_ u: Double, _ v: Double) -> Double { min(1, max(0, (u - v) / v + 0.5)) }
  static func heaviside(_ u: Double, _ v: Double) -> Double { u > v ? 1 : 0 }

  /// Random signed input spikes, [B][T][n].
  func inputSpikes(batch: Int, steps: Int, count: Int, seed: UInt64) -> [[[Double]]] {
    var rng = RandomSource(seed: seed)
    return (0..<batch).map { _ in
      (0..<steps).map { _ in
        (0..<count).map { _ in
          let r = rng.nextFloat(in: 0, 1)
          return r < 0.5 ? 1 : (r < 0.6 ? -1 : 0)
        }
      }
    }
  }

  /// Writes trajectories into a trace's stores, as the forward would have.
  func fill(_ trace: TimeTrace, input: [[[Double]]], trajectories: [NaiveTrajectory]) {
    let steps = trace.steps
    for (s, sample) in trajectories.enumerated() {
      for t in 0..<steps {
        let inputRow = trace.input + (s * steps + t) * trace.sizes[0]
        for (i, v) in input[s][t].enumerated() { inputRow[i] = Float(v) }
        for l in sample.outputs.indices {
          let n = trace.sizes[l + 1]
          let row = trace.outputs[l] + (s * steps + t) * n
          for (i, v) in sample.outputs[l][t].enumerated() { row[i] = Float(v) }
          if let membrane = trace.membranes[l] {
            let u = membrane + (s * steps + t) * n
            for (i, v) in sample.membranes[l][t].enumerated() { u[i] = Float(v) }
          }
        }
      }
    }
  }

  func testBackwardThroughTimeMatchesFiniteDifferencesOfTheRampModel() throws {
    let labels = [0, 2, 1]
    for (steps, model, scale, workers) in [
      (1, NeuronModel.integrateAndFire, LossScale.sse, 1), (2, .leakyIntegrateAndFire, .halfSSE, 2),
      (4, .integrateAndFire, .sse, 3), (3, .leakyIntegrateAndFire, .crossEntropy, 2),
    ] {
      // Low thresholds keep every layer active, so that many membranes sit on the ramp.
      let network = try Network(
        spec: spec, neuronModel: model, timeSteps: steps, threshold: 0.4, poolThreshold: 0.3,
        seed: 21)
      let weights = network.weights.map { $0.map(Double.init) }
      let input = inputSpikes(batch: labels.count, steps: steps, count: 72, seed: 8)
      let runs = input.map { naiveSimulate(network, weights: weights, input: $0, spike: Self.ramp) }
      let trace = TimeTrace(
        layers: network.layers, batch: labels.count, steps: steps, workers: workers)
      fill(trace, input: input, trajectories: runs)
      let mem = runs.flatMap { $0.mem.map(Float.init) }
      var gradients = network.weights.map { [Float](repeating: 0, count: $0.count) }
      trace.backward(
        network: network, mem: mem, labels: labels, loss: scale, spike: .ramp,
        gradients: &gradients)

      func lossAt(_ w: [[Double]]) -> Double {
        let mems = input.map { naiveSimulate(network, weights: w, input: $0, spike: Self.ramp).mem }
        return loss(network, mem: mems, labels: labels, scale: scale)
      }
      var worst = 0.0
      var nonzero = 0
      let h = 1e-5
      for l in weights.indices {
        for i in weights[l].indices {
          var plus = weights
          var minus = weights
          plus[l][i] += h
          minus[l][i] -= h
          let fd = (lossAt(plus) - lossAt(minus)) / (2 * h)
          let analytic = Double(gradients[l][i])
          worst = max(worst, abs(fd - analytic) / max(1e-3, abs(fd) + abs(analytic)))
          if abs(fd) > 1e-6 && l < weights.count - 1 { nonzero += 1 }
        }
      }
      print(
        "BPTT gradients, T=\(steps) \(model.rawValue) \(scale.rawValue) \(workers) workers: largest relative difference \(worst)"
      )
      XCTAssertLessThan(worst, 1e-3, "T=\(steps)")
      // The hidden layers' weights must get gradient through the surrogate, or the check is
      // only of the output layer.
      XCTAssertGreaterThan(nonzero, 20, "T=\(steps)")
    }
  }

  func testForwardRecordsTheStateOfADenseSimulation() throws {
    for model in NeuronModel.allCases {
      let network = try Network(
        spec: spec, neuronModel: model, timeSteps: 6, threshold: 0.7, seed: 3)
      var rng = RandomSource(seed: 17)
      let image = (0..<72).map { _ in rng.nextFloat(in: -1, 1) }
      let trace = TimeTrace(layers: network.layers, batch: 1, steps: 6, workers: 1)
      let sizes = [72] + network.layers.map { $0.outputShape.count }
      var counts = sizes.dropLast().map { [Float](repeating: 0, count: $0) }
      let workspace = ForwardWorkspace(layers: network.layers)
      network.weights.withUnsafePointers { w in
        image.withUnsafeBufferPointer { img in
          let pointers = counts.indices.map { a in
            counts[a].withUnsafeMutableBufferPointer { $0.baseAddress! }
          }
          workspace.run(
            network: network, weights: w, image: img.baseAddress!, encoding: .clampedRate,
            key: 4, counts: pointers, rasters: nil, trace: trace.forwardTrace(sample: 0))
        }
      }
      _ = counts
      let input = (0..<6).map { t in
        (0..<72).map { Double(trace.input[t * 72 + $0]) }
      }
      XCTAssertGreaterThan(input.joined().filter { $0 != 0 }.count, 20)
      let weights = network.weights.map { $0.map(Double.init) }
      let expected = naiveSimulate(network, weights: weights, input: input, spike: Self.heaviside)
      var spikes = 0.0
      for l in 0..<(network.layers.count - 1) {
        let n = sizes[l + 1]
        for t in 0..<6 {
          let o = (0..<n).map { Double(trace.outputs[l][t * n + $0]) }
          XCTAssertEqual(o, expected.outputs[l][t], "layer \(l) step \(t) spikes (\(model))")
          spikes += o.reduce(0, +)
          if let membrane = trace.membranes[l] {
            for i in 0..<n {
              XCTAssertEqual(
                Double(membrane[t * n + i]), expected.membranes[l][t][i], accuracy: 1e-5,
                "layer \(l) step \(t) membrane \(i)")
            }
          } else {
            XCTAssertTrue(expected.membranes[l].isEmpty)
          }
        }
      }
      XCTAssertGreaterThan(spikes, 10, "the hidden layers should spike")
    }
  }

  func testStateGrowsLinearlyWithTheTimeWindow() throws {
    let lenet = try Network(spec: .lenet, timeSteps: 10)
    // Per sample and step: the 784 input spikes, then u and o of conv1 (28·28·20), pool1
    // (14·14·20), conv2 (14·14·50), pool2 (7·7·50) and fc1 (200).
    let perStep = 784 + 2 * (15_680 + 3_920 + 9_800 + 2_450 + 200)
    XCTAssertEqual(
      BPTTTrainer.stateBytes(network: lenet, batch: 64, steps: 100), perStep * 4 * 6_400)
    XCTAssertEqual(
      BPTTTrainer.stateBytes(network: lenet, batch: 64, steps: 300),
      3 * BPTTTrainer.stateBytes(network: lenet, batch: 64, steps: 100))
  }
}
