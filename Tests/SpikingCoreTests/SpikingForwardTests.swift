// The event-driven forward against a dense, step-by-step simulation written with naive loops.

import XCTest

@testable import SpikingCore

final class SpikingForwardTests: XCTestCase {
  /// Dense reference: every step, x[t] = op(o^{n−1}[t]) over all neurons, then the neuron rule.
  func denseCounts(
    _ network: Network, inputSpikes: [[Float]]
  ) -> [[Float]] {
    let hidden = network.layers.count - 1
    var membranes = network.layers.map { [Float](repeating: 0, count: $0.outputShape.count) }
    var counts = [[Float](repeating: 0, count: network.layers[0].inputShape.count)]
    counts += network.layers.map { [Float](repeating: 0, count: $0.outputShape.count) }
    // DESIGN §3: conv and linear neurons leak by the model's λ; spiking pools never leak.
    let modelLeak = network.neuronModel.leak
    for o0 in inputSpikes {
      for i in o0.indices { counts[0][i] += o0[i] }
      var o = o0
      for l in 0..<hidden {
        let layer = network.layers[l]
        var x: [Float]
        switch layer.kind {
        case .conv(let g): x = g.referenceForward(input: o, weights: network.weights[l])
        case .linear:
          let (rows, cols) = layer.weightShape
          x = (0..<cols).map { j in
            (0..<rows).reduce(Float(0)) { $0 + o[$1] * network.weights[l][$1 * cols + j] }
          }
        case .avgPool(let s), .maxPool(let s):
          let (h, w, c) = (
            layer.inputShape.height, layer.inputShape.width, layer.inputShape.channels
          )
          x = [Float](repeating: 0, count: layer.outputShape.count)
          for y in 0..<h {
            for xx in 0..<w {
              for ch in 0..<c {
                let v = o[(y * w + xx) * c + ch]
                guard y / s < h / s, xx / s < w / s else { continue }
                let j = ((y / s) * (w / s) + xx / s) * c + ch
                if case .maxPool = layer.kind {
                  x[j] = max(x[j], v)
                } else {
                  x[j] += v / Float(s * s)
                }
              }
            }
          }
        }
        if layer.hasNeurons {
          var leak = modelLeak
          if case .avgPool = layer.kind { leak = 1 }
          var out = [Float](repeating: 0, count: x.count)
          for j in x.indices {
            // u[t] = λ·u[t−1]·(1 − o[t−1]) + x[t]; the stored u already holds λ·u·(1−o).
            // A spike only strictly above the threshold.
            let u = membranes[l][j] + x[j]
            if u > network.thresholds[l] {
              out[j] = 1
              membranes[l][j] = 0
            } else {
              membranes[l][j] = leak * u
            }
          }
          o = out
        } else {
          o = x
        }
        for j in o.indices { counts[l + 1][j] += o[j] }
      }
    }
    return counts
  }

  func testEventDrivenForwardMatchesDenseSimulation() throws {
    let spec = NetworkSpec(
      input: Shape(height: 9, width: 8, channels: 2),
      layers: [
        .conv(outChannels: 4, kernel: 3, padding: 1), .avgPool(size: 2),
        .conv(outChannels: 6, kernel: 3, padding: 0), .maxPool(size: 2), .flatten,
        .linear(outFeatures: 7), .linear(outFeatures: 3),
      ])
    try checkAgainstDenseSimulation(spec)
  }

  /// Many channels spiking at one position: the conv scatter adds them as a group, in chunks
  /// of 32, 8 and 4 membranes and a scalar tail (spans of 3·13 = 39 and 3·40 = 120 floats).
  func testGroupsOfSpikesAtOnePositionMatchDenseSimulation() throws {
    let spec = NetworkSpec(
      input: Shape(height: 6, width: 5, channels: 24),
      layers: [
        .conv(outChannels: 13, kernel: 3, padding: 1),
        .conv(outChannels: 40, kernel: 3, padding: 1), .flatten, .linear(outFeatures: 3),
      ])
    try checkAgainstDenseSimulation(spec, imageRange: 0.3...1.5)
  }

  /// Runs the event-driven forward of `spec` (IF and LIF) on a random image drawn from
  /// `imageRange` and compares every layer's spike counts with `denseCounts`.
  private func checkAgainstDenseSimulation(
    _ spec: NetworkSpec, imageRange: ClosedRange<Float> = -1...1.5
  ) throws {
    let inputCount = spec.input.count
    for model in NeuronModel.allCases {
      var network = try Network(
        spec: spec, neuronModel: model, timeSteps: 12, threshold: 0.8, seed: 11)
      network.thresholds[0] = 0.6
      var rng = RandomSource(seed: 5)
      let image = (0..<inputCount).map { _ in
        rng.nextFloat(in: imageRange.lowerBound, imageRange.upperBound)
      }
      let workspace = ForwardWorkspace(layers: network.layers)
      let sizes = [inputCount] + network.layers.map { $0.outputShape.count }
      // Counts the forward must zero first: filled with -7.
      let pointers = sizes.map { n in
        let pointer = UnsafeMutablePointer<Float>.allocate(capacity: n)
        pointer.initialize(repeating: -7, count: n)
        return pointer
      }
      defer { for pointer in pointers { pointer.deallocate() } }
      // Capture the input spikes the encoder draws by replaying its steps' words.
      var sample = EncodedSample()
      var inputSpikes: [[Float]] = []
      image.withUnsafeBufferPointer {
        sample.load($0.baseAddress!, count: inputCount, encoding: .clampedRate)
      }
      let positive = UnsafeMutablePointer<Int32>.allocate(capacity: inputCount)
      let negative = UnsafeMutablePointer<Int32>.allocate(capacity: inputCount)
      defer {
        positive.deallocate()
        negative.deallocate()
      }
      for t in 0..<network.timeSteps {
        var p = 0
        var n = 0
        sample.draw(
          step: SpikeHash.stepWord(key: 99, step: t), positive: positive, positiveCount: &p,
          negativeSpikes: negative, negativeCount: &n)
        var o = [Float](repeating: 0, count: inputCount)
        for k in 0..<p { o[Int(positive[k])] = 1 }
        for k in 0..<n { o[Int(negative[k])] = -1 }
        inputSpikes.append(o)
      }
      var rasters = [
        SpikeRaster(layerName: "input", neuronTotal: inputCount, timeSteps: network.timeSteps)
      ]
      rasters += network.layers.dropLast().map {
        SpikeRaster(
          layerName: $0.name, neuronTotal: $0.outputShape.count, timeSteps: network.timeSteps)
      }
      network.weights.withUnsafePointers { w in
        image.withUnsafeBufferPointer { img in
          workspace.run(
            network: network, weights: w, image: img.baseAddress!, encoding: .clampedRate,
            key: 99,
            counts: Array(pointers.dropLast()), rasters: &rasters)
        }
      }
      let expected = denseCounts(network, inputSpikes: inputSpikes)
      for a in 0..<(sizes.count - 1) {
        let got = Array(UnsafeBufferPointer(start: pointers[a], count: sizes[a]))
        XCTAssertEqual(got, expected[a], "activation \(a) (\(model))")
      }
      XCTAssertGreaterThan(expected[1].reduce(0, +), 0, "the first layer should spike")
      XCTAssertGreaterThan(expected[2].reduce(0, +), 0, "the second layer should spike")
      // The raster of the first hidden layer (288 or 390 neurons: every 2nd is shown) holds
      // exactly the spikes of the neurons it samples.
      let raster = rasters[1]
      XCTAssertEqual(raster.stride, 2)
      let rasterTotal = raster.bits.reduce(0) { $0 + Int($1) }
      let sampled = expected[1].enumerated().filter { $0.offset % raster.stride == 0 }
      XCTAssertEqual(Float(rasterTotal), sampled.reduce(0) { $0 + $1.element })
    }
  }
}

final class EventInputTests: XCTestCase {
  /// With `.events`, step t's input spikes are exactly the pixels with a count > 0 in frame
  /// t mod F: the input counts are the number of steps each pixel is active.
  func testEventFramesAreReplayedCyclically() throws {
    let spec = NetworkSpec(
      input: Shape(height: 2, width: 2, channels: 2),
      layers: [.flatten, .linear(outFeatures: 3), .linear(outFeatures: 2)])
    let network = try Network(spec: spec, timeSteps: 7, threshold: 1, seed: 1)
    let frames = 3
    // Frame f: pixel (f % 8) has count f + 1; pixel 7 is active in every frame.
    var sample = [Float](repeating: 0, count: frames * 8)
    for f in 0..<frames {
      sample[f * 8 + f] = Float(f + 1)
      sample[f * 8 + 7] = 1
    }
    let trainer = ASFTrainer(
      network: network, settings: TrainerSettings(encoding: .events, workerCount: 1))
    trainer.settings.inputFrames = frames
    XCTAssertEqual(trainer.sampleStride, 24)
    let stats = trainer.trainBatch(
      images: sample + sample, labels: [0, 1], seed: 3, updateScaleFactors: false)
    // Steps 0…6 use frames 0,1,2,0,1,2,0: pixel 0 three times, 1 and 2 twice, 7 seven times.
    let raster = stats.rasters[0]
    var perPixel = [Int](repeating: 0, count: 8)
    for row in 0..<raster.rows {
      for t in 0..<raster.timeSteps where raster.spiked(row: row, step: t) { perPixel[row] += 1 }
    }
    XCTAssertEqual(perPixel, [3, 2, 2, 0, 0, 0, 0, 7])
    XCTAssertEqual(stats.inputSpikeRate, Float(3 + 2 + 2 + 7) / Float(8 * 7), accuracy: 1e-6)
  }
}
