// The work a layer does and the per-layer statistics of a batch (issue 14, point 1): the
// fan-out of each input neuron against a naive count over output positions, the dense MACs,
// and silent, saturated, mean input flow and synaptic operations of a batch whose answers are
// known by construction.

import XCTest

@testable import SpikingCore

final class LayerOperationsTests: XCTestCase {
  /// For every input neuron, the (output position, out channel) pairs whose window holds it.
  private func naiveFanOut(_ layer: LayerInfo) -> [Float] {
    guard case .conv(let g) = layer.kind else { return [] }
    let (input, output) = (layer.inputShape, layer.outputShape)
    var result = [Float](repeating: 0, count: input.count)
    for oy in 0..<output.height {
      for ox in 0..<output.width {
        for ky in 0..<g.kernel {
          for kx in 0..<g.kernel {
            let (y, x) = (oy + ky - g.padding, ox + kx - g.padding)
            guard (0..<input.height).contains(y), (0..<input.width).contains(x) else { continue }
            for c in 0..<input.channels {
              result[(y * input.width + x) * input.channels + c] += Float(g.outChannels)
            }
          }
        }
      }
    }
    return result
  }

  func testFanOutAndMACsMatchNaiveCounts() throws {
    let spec = NetworkSpec(
      input: Shape(height: 7, width: 6, channels: 2),
      layers: [
        .conv(outChannels: 3, kernel: 3, padding: 1), .avgPool(size: 2),
        .conv(outChannels: 4, kernel: 2, padding: 0), .flatten, .linear(outFeatures: 5),
        .linear(outFeatures: 2),
      ])
    let layers = try Network(spec: spec, timeSteps: 4, threshold: 1, seed: 1).layers
    XCTAssertEqual(layers[0].fanOut(), naiveFanOut(layers[0]))
    XCTAssertEqual(layers[2].fanOut(), naiveFanOut(layers[2]))
    // The pool drops the last row (7 = 2·3 + 1): those inputs reach nothing.
    let pool = layers[1].fanOut()
    XCTAssertEqual(pool.filter { $0 == 1 }.count, 6 * 6 * 3)
    XCTAssertEqual(pool.filter { $0 == 0 }.count, 6 * 3)
    XCTAssertEqual(layers[3].fanOut(), [Float](repeating: 5, count: layers[3].inputShape.count))
    // A dense layer's MACs: without padding, the fan-outs of all its inputs added up; with
    // padding, every tap of every window, the padded ones too (as a dense conv computes).
    XCTAssertEqual(layers[2].denseMACs, Double(naiveFanOut(layers[2]).reduce(0, +)))
    XCTAssertEqual(layers[3].denseMACs, Double(layers[3].inputShape.count * 5))
    XCTAssertEqual(layers[0].denseMACs, Double(7 * 6 * 3 * 3 * 3 * 2))
    XCTAssertGreaterThan(layers[0].denseMACs, Double(naiveFanOut(layers[0]).reduce(0, +)))
    XCTAssertEqual(layers[1].denseMACs, 0)
  }

  /// Three neurons get +1 from every input and fire at every step, three get −1 and never
  /// fire; FI is ±(the input spikes), so its mean is 0.
  func testBatchStatisticsOfAKnownNetwork() throws {
    let spec = NetworkSpec(
      input: Shape(height: 4, width: 4, channels: 1),
      layers: [.flatten, .linear(outFeatures: 6), .linear(outFeatures: 2)])
    var network = try Network(spec: spec, timeSteps: 8, threshold: 0.3, seed: 2)
    network.weights[0] = (0..<16).flatMap { _ in [Float](repeating: 1, count: 3) + [-1, -1, -1] }
    var state = TrainerState(network: network, settings: TrainerSettings(workerCount: 1))
    let images = [Float](repeating: 1, count: 3 * 16)
    let stats = images.withUnsafeBufferPointer { buffer in
      BatchStep(method: .asfBP).trainBatch(
        state: &state, images: buffer.baseAddress!, labels: [0, 1, 0],
        streams: InputStreams(seed: 3),
        updateScaleFactors: false, recordRaster: false)
    }
    let hidden = try XCTUnwrap(stats.layers.first)
    XCTAssertEqual(hidden.silentShare, 0.5)
    XCTAssertEqual(hidden.saturatedShare, 0.5)
    XCTAssertEqual(hidden.spikeRate, 0.5)
    XCTAssertEqual(try XCTUnwrap(hidden.meanInputFlow), 0, accuracy: 1e-6)
    // Input spikes per sample × 6 out features; the output gets 3 neurons × 8 steps × 2.
    let inputSpikes = Double(stats.inputSpikeRate) * 16 * 8
    XCTAssertEqual(try XCTUnwrap(hidden.synapticOperations), inputSpikes * 6, accuracy: 1e-3)
    XCTAssertEqual(try XCTUnwrap(stats.outputSynapticOperations), 3 * 8 * 2, accuracy: 1e-9)
  }
}
