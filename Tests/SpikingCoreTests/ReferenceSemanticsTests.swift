// The three places where the engine must match the paper's reference code exactly
// (DESIGN §2–§3): the strict spike rule u > Vth, spiking average pools that never leak, and
// the accumulated input FI of a layer fed by a max pool. Input spikes are given exactly as
// event frames (`.events`, one frame per step), and every expectation is worked by hand or
// by a naive per-step simulation written from DESIGN.

import XCTest

@testable import SpikingCore

final class ReferenceSemanticsTests: XCTestCase {
  /// What one sample's forward produced: per activation its counts (0: input), and per
  /// hidden layer with neurons the membrane just before each step's threshold test.
  struct Run {
    var counts: [[Float]]
    var membranes: [[[Float]]]
  }

  /// Runs one sample whose step t fires exactly the pixels with `frames[t][i] > 0`.
  func forward(_ network: Network, frames: [[Float]]) -> Run {
    let layers = network.layers
    let hidden = layers.count - 1
    let steps = network.timeSteps
    let sizes = [layers[0].inputShape.count] + layers.map { $0.outputShape.count }
    let counts = sizes.map { UnsafeMutablePointer<Float>.allocate(capacity: $0) }
    let input = UnsafeMutablePointer<Float>.allocate(capacity: steps * sizes[0])
    let membranes = (0..<hidden).map {
      UnsafeMutablePointer<Float>.allocate(capacity: steps * sizes[$0 + 1])
    }
    let outputs = (0..<hidden).map {
      UnsafeMutablePointer<Float>.allocate(capacity: steps * sizes[$0 + 1])
    }
    defer {
      for p in counts + membranes + outputs { p.deallocate() }
      input.deallocate()
    }
    for (l, p) in membranes.enumerated() {
      p.initialize(repeating: .nan, count: steps * sizes[l + 1])
    }
    let trace = ForwardTrace(
      input: input, membranes: (0..<hidden).map { layers[$0].hasNeurons ? membranes[$0] : nil },
      outputs: outputs)
    let workspace = ForwardWorkspace(layers: layers)
    let image = frames.flatMap { $0 }
    network.weights.withUnsafePointers { w in
      image.withUnsafeBufferPointer { img in
        guard let base = img.baseAddress else { return }
        workspace.run(
          network: network, weights: w, image: base, encoding: .events, frames: frames.count,
          key: 1, counts: Array(counts.dropLast()), rasters: nil, trace: trace)
      }
    }
    return Run(
      counts: (0..<hidden + 1).map {
        Array(UnsafeBufferPointer(start: counts[$0], count: sizes[$0]))
      },
      membranes: (0..<hidden).map { l in
        (0..<steps).map { t in
          Array(UnsafeBufferPointer(start: membranes[l] + t * sizes[l + 1], count: sizes[l + 1]))
        }
      })
  }

  /// 2×2×1 input · spiking avg-pool 2 (Vth 0.75, 0.25 per input spike) · linear 2.
  func poolNetwork(_ model: NeuronModel, steps: Int) throws -> Network {
    let spec = NetworkSpec(
      input: Shape(height: 2, width: 2, channels: 1),
      layers: [.avgPool(size: 2), .flatten, .linear(outFeatures: 2)])
    return try Network(spec: spec, neuronModel: model, timeSteps: steps, seed: 1)
  }

  func testPoolNeuronDoesNotFireAtExactlyItsThreshold() throws {
    // Three input spikes give u = 0.75 = Vth: no spike. The fourth gives 1.0 > 0.75: a spike.
    let network = try poolNetwork(.integrateAndFire, steps: 2)
    XCTAssertEqual(network.thresholds[0], 0.75)
    let run = forward(network, frames: [[1, 1, 1, 0], [0, 0, 0, 1]])
    XCTAssertEqual(run.membranes[0].map { $0[0] }, [0.75, 1.0])
    XCTAssertEqual(run.counts[1], [1], "only the fourth spike fires the pool neuron")
    let first = forward(try poolNetwork(.integrateAndFire, steps: 1), frames: [[1, 1, 1, 0]])
    XCTAssertEqual(first.counts[1], [0], "u = 0.75 must not fire")
  }

  func testLIFPoolNeuronsDoNotLeak() throws {
    // LIF (λ = 0.99) network: the pool's membrane holds 0.5 over a silent step, then reaches
    // exactly 0.75 (no spike) and 1.0 (spike). With a leak it would read 0.495, 0.740, …
    let network = try poolNetwork(.leakyIntegrateAndFire, steps: 4)
    let frames: [[Float]] = [[1, 1, 0, 0], [0, 0, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]]
    let run = forward(network, frames: frames)
    XCTAssertEqual(run.membranes[0].map { $0[0] }, [0.5, 0.5, 0.75, 1.0])
    XCTAssertEqual(run.counts[1], [1])
  }

  func testConvAndLinearNeuronsFireOnlyAboveThreshold() throws {
    // 1×1×1 input · conv 1×1 (w = 0.5) · linear 1 (w = 0.5) · linear 2, Vth 1, IF.
    // conv: the input fires every step, u = 0.5, 1.0 (= Vth, silent), 1.5 (spike), 0.5, 1.0, 1.5.
    // linear: conv spikes at steps 2 and 5: u = 0, 0, 0.5, 0.5, 0.5, 1.0 (silent).
    let spec = NetworkSpec(
      input: Shape(height: 1, width: 1, channels: 1),
      layers: [
        .conv(outChannels: 1, kernel: 1, padding: 0), .flatten, .linear(outFeatures: 1),
        .linear(outFeatures: 2),
      ])
    var network = try Network(spec: spec, timeSteps: 6, threshold: 1, seed: 1)
    network.weights[0] = [0.5]
    network.weights[1] = [0.5]
    let run = forward(network, frames: Array(repeating: [1], count: 6))
    XCTAssertEqual(run.membranes[0].map { $0[0] }, [0.5, 1.0, 1.5, 0.5, 1.0, 1.5])
    XCTAssertEqual(run.counts[1], [2])
    XCTAssertEqual(run.membranes[1].map { $0[0] }, [0, 0, 0.5, 0.5, 0.5, 1.0])
    XCTAssertEqual(run.counts[2], [0], "u = 1.0 = Vth must not fire")
  }

  // MARK: - The layer after a max pool

  /// input 6×6×1 · conv 3 (3×3, pad 1) · maxpool 2 · linear 8 · linear 3 (output).
  let maxPoolSpec = NetworkSpec(
    input: Shape(height: 6, width: 6, channels: 1),
    layers: [
      .conv(outChannels: 3, kernel: 3, padding: 1), .maxPool(size: 2), .flatten,
      .linear(outFeatures: 8), .linear(outFeatures: 3),
    ])

  /// A naive per-step simulation from DESIGN §2: per layer its FI = Σ_t x[t] and FO = Σ_t o[t].
  func naiveFlows(_ network: Network, frames: [[Double]]) -> (fi: [[Double]], fo: [[Double]]) {
    let layers = network.layers
    var u = layers.map { [Double](repeating: 0, count: $0.outputShape.count) }
    var fi = u
    var fo = [[Double](repeating: 0, count: layers[0].inputShape.count)] + u
    for frame in frames {
      var o = frame.map { $0 > 0 ? 1.0 : 0 }
      for i in o.indices { fo[0][i] += o[i] }
      for (l, layer) in layers.enumerated() {
        let x = naiveOp(layer, o, network.weights[l])
        for j in x.indices { fi[l][j] += x[j] }
        guard layer.hasNeurons else {
          o = x
          for j in o.indices { fo[l + 1][j] += o[j] }
          continue
        }
        let v = Double(network.thresholds[l])
        var leak = Double(network.neuronModel.leak)
        if case .avgPool = layer.kind { leak = 1 }
        o = x.indices.map { j in
          let potential = u[l][j] + x[j]
          let spike = potential > v
          u[l][j] = spike ? 0 : leak * potential
          return spike ? 1 : 0
        }
        for j in o.indices { fo[l + 1][j] += o[j] }
      }
    }
    return (fi, fo)
  }

  func testLayerAfterMaxPoolTakesItsInputFlowFromTheForward() throws {
    var network = try Network(spec: maxPoolSpec, timeSteps: 10, threshold: 0.6, seed: 3)
    network.thresholds[2] = 0.8
    let steps = network.timeSteps
    let batch = 2
    var rng = RandomSource(seed: 21)
    let frames = (0..<batch).map { _ in
      (0..<steps).map { _ in (0..<36).map { _ in rng.nextFloat(in: 0, 1) < 0.45 ? 1.0 : 0 } }
    }
    let labels = [1, 2]
    var settings = TrainerSettings(encoding: .events, workerCount: 2)
    settings.inputFrames = steps
    let buffers = BatchBuffers(
      plan: BufferPlan(
        layers: network.layers, batch: batch, steps: steps, method: .asfBP, workers: 2))
    let eq = buffers.equivalent
    let images = frames.flatMap { $0.flatMap { $0.map(Float.init) } }
    images.withUnsafeBufferPointer { img in
      guard let base = img.baseAddress else { return }
      _ = buffers.forward.run(
        network: network, settings: settings, images: base, count: batch,
        streams: InputStreams(seed: 5), counts: eq.flows,
        recordRaster: false)
    }
    eq.forward(weights: network.weights, samples: batch)
    eq.updateScaleFactors(&network, samples: batch)

    let linear = 2
    let n = network.layers[linear].outputShape.count
    let pooled = network.layers[1].outputShape.count
    var sumIn = 0.0
    var sumOut = 0.0
    var largestGap = 0.0
    var naive: [(fi: [[Double]], fo: [[Double]])] = []
    for s in 0..<batch {
      let flows = naiveFlows(network, frames: frames[s])
      naive.append(flows)
      let engineFI = Array(eq.flows.inputFlow(linear)[(s * n)..<((s + 1) * n)]).map(Double.init)
      let norm = sqrt(flows.fi[linear].reduce(0) { $0 + $1 * $1 })
      let difference = sqrt(
        zip(engineFI, flows.fi[linear]).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) })
      XCTAssertLessThan(difference, 1e-5 * norm, "FI of fc1, sample \(s)")
      // The max of the counts gives a larger current: the test can tell the two apart.
      let maxOfCounts = naiveOp(network.layers[1], flows.fo[1], [Float]())
      let wrong = naiveOp(network.layers[linear], maxOfCounts, network.weights[linear])
      largestGap = max(largestGap, zip(wrong, flows.fi[linear]).map { abs($0 - $1) }.max() ?? 0)
      // The engine's spike counts of the pool are the forward's: Σ_t maxpool(o[t]).
      let engineCounts = Array(eq.flows.activation(2)[(s * pooled)..<((s + 1) * pooled)])
      XCTAssertEqual(engineCounts.map(Double.init), flows.fo[2], "max-pool counts, sample \(s)")
      for j in 0..<n where flows.fi[linear][j] >= flows.fo[linear + 1][j] {
        sumIn += flows.fi[linear][j]
        sumOut += flows.fo[linear + 1][j]
      }
    }
    XCTAssertGreaterThan(largestGap, 0.5, "W·maxpool(Σ o) should differ from Σ W·maxpool(o)")
    let expectedScale = 0.6 * (sumOut / sumIn) + 0.4
    XCTAssertEqual(Double(network.scaleFactors[linear]), expectedScale, accuracy: 1e-5)

    // The weight gradient of fc1 uses the max of the counts; its mask and S come from its FI.
    var gradients = network.weights.map { [Float](repeating: 0, count: $0.count) }
    eq.backward(network: network, labels: labels, loss: .sse, gradients: &gradients)
    let classes = 3
    let norm = 1 / (Double(network.outputThreshold) * Double(steps))
    var expected = [Double](repeating: 0, count: pooled * n)
    for s in 0..<batch {
      let fo = naive[s].fo[linear + 1]
      let mem = naiveOp(network.layers[3], fo, network.weights[3])
      let deltaMem = (0..<classes).map { k in 2 * (mem[k] * norm - (k == labels[s] ? 1 : 0)) * norm
      }
      let maxOfCounts = naiveOp(network.layers[1], naive[s].fo[1], [Float]())
      for j in 0..<n where naive[s].fi[linear][j] > 0 {
        let deltaFO = (0..<classes).reduce(0.0) {
          $0 + deltaMem[$1] * Double(network.weights[3][j * classes + $1])
        }
        let deltaFI = deltaFO * Double(network.scaleFactors[linear])
        for i in 0..<pooled { expected[i * n + j] += maxOfCounts[i] * deltaFI }
      }
    }
    let got = gradients[linear].map(Double.init)
    let scale = expected.map(abs).max() ?? 1
    let worst = zip(got, expected).map { abs($0 - $1) }.max() ?? 0
    XCTAssertGreaterThan(scale, 0)
    XCTAssertLessThan(worst, 1e-4 * scale, "∂L/∂W of fc1")
  }
}
