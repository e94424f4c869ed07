// The memory estimate made before anything is allocated agrees with what is then allocated:
// the buffer plan's arena plus the weights, their gradients, Adam's moments and the partial
// gradients; and it names the layer that needs the most.

import XCTest

@testable import SpikingCore

final class MemoryEstimateTests: XCTestCase {
  /// Bytes really allocated for training: the arena and four weight-shaped arrays.
  private func allocated(_ network: Network, batch: Int, steps: Int, method: TrainingMethod)
    -> Double
  {
    let plan = BufferPlan(
      layers: network.layers, batch: batch, steps: steps, method: method, workers: 2)
    return Double(plan.totalBytes + 4 * network.parameterCount * MemoryLayout<Float>.stride)
  }

  func testTheEstimateMatchesWhatIsAllocated() throws {
    let vgg = NetworkSpec(
      input: Shape(height: 16, width: 16, channels: 3),
      layers: [
        .conv(outChannels: 8, kernel: 3, padding: 1), .avgPool(size: 2),
        .conv(outChannels: 16, kernel: 3, padding: 1), .maxPool(size: 2), .flatten,
        .linear(outFeatures: 32), .linear(outFeatures: 10),
      ])
    for spec in [NetworkSpec.lenet, vgg] {
      let network = try Network(spec: spec, timeSteps: 4)
      for method in TrainingMethod.allCases {
        let estimate = MemoryEstimate(
          layers: network.layers, batch: 6, steps: 9, method: method, workers: 2)
        let real = allocated(network, batch: 6, steps: 9, method: method)
        // The arena pads each slice to 64 bytes; the estimate leaves padding out.
        XCTAssertLessThanOrEqual(estimate.bytes, real, "\(method)")
        XCTAssertGreaterThan(estimate.bytes, real - 64 * 300, "\(method)")
      }
    }
  }

  func testBPTTStateGrowsWithTAndTheLargestLayerIsNamed() throws {
    let lenet = try Network(spec: .lenet, timeSteps: 10)
    let short = MemoryEstimate(
      layers: lenet.layers, batch: 64, steps: 100, method: .bptt, workers: 2)
    let long = MemoryEstimate(
      layers: lenet.layers, batch: 64, steps: 300, method: .bptt, workers: 2)
    XCTAssertEqual(
      short.traceBytes, Double(BPTTTrainer.stateBytes(network: lenet, batch: 64, steps: 100)))
    XCTAssertEqual(long.traceBytes, 3 * short.traceBytes)
    let asf = MemoryEstimate(
      layers: lenet.layers, batch: 64, steps: 300, method: .asfBP, workers: 2)
    XCTAssertEqual(asf.traceBytes, 0)
    XCTAssertEqual(
      asf, MemoryEstimate(layers: lenet.layers, batch: 64, steps: 5, method: .asfBP, workers: 2))

    // A linear layer of 65,536 features after a wide convolution: absurd, counted without
    // overflow, and named.
    let wide = NetworkSpec(
      input: Shape(height: 28, width: 28, channels: 1),
      layers: [
        .conv(outChannels: 65_536, kernel: 5, padding: 2), .flatten,
        .linear(outFeatures: 65_536), .linear(outFeatures: 10),
      ])
    let huge = MemoryEstimate(
      layers: try Network.layers(of: wide), batch: 64, steps: 100, method: .asfBP, workers: 2)
    XCTAssertEqual(huge.largestLayer, "fc1")
    XCTAssertGreaterThan(huge.gibibytes, 10_000)
  }
}
