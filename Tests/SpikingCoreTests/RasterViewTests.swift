// What the spike rasters show (issue 14, point 8): the chosen sample of the batch, and for
// one layer a window of 256 consecutive neurons instead of every n-th.

import XCTest

@testable import SpikingCore

final class RasterViewTests: XCTestCase {
  func testAWindowRecordsExactlyItsNeurons() {
    var raster = SpikeRaster(layerName: "x", neuronTotal: 1000, timeSteps: 2, window: 300)
    XCTAssertTrue(raster.isWindow)
    XCTAssertEqual(raster.rows, 256)
    let spikes: [Int32] = [0, 299, 300, 555, 556, 999]
    spikes.withUnsafeBufferPointer { raster.record($0.baseAddress!, count: 6, step: 1) }
    let shown = (0..<raster.rows).filter { raster.spiked(row: $0, step: 1) }
    XCTAssertEqual(shown, [0, 255], "neurons 300 and 555 are the window's first and last rows")
    // A window past the end starts at the last full page; a small layer shows every neuron.
    XCTAssertEqual(
      SpikeRaster(layerName: "x", neuronTotal: 1000, timeSteps: 1, window: 900).firstNeuron, 744)
    XCTAssertFalse(SpikeRaster(layerName: "x", neuronTotal: 100, timeSteps: 1, window: 50).isWindow)
    let overview = SpikeRaster(layerName: "x", neuronTotal: 1000, timeSteps: 1)
    XCTAssertEqual(overview.stride, 4)
    XCTAssertFalse(overview.isWindow)
  }

  /// Sample 0 is dark, sample 1 bright: the input raster follows the chosen sample, and the
  /// window of the input shows the bright pixels at their rows.
  func testTheChosenSampleAndWindowAreRecorded() throws {
    let spec = NetworkSpec(
      input: Shape(height: 20, width: 20, channels: 1),
      layers: [.flatten, .linear(outFeatures: 6), .linear(outFeatures: 2)])
    let network = try Network(spec: spec, timeSteps: 10, threshold: 0.3, seed: 2)
    var images = [Float](repeating: 0, count: 2 * 400)
    for pixel in 300..<310 { images[400 + pixel] = 1 }
    func inputRaster(_ view: RasterView) -> SpikeRaster {
      var state = TrainerState(network: network, settings: TrainerSettings(workerCount: 2))
      state.settings.rasterView = view
      let stats = images.withUnsafeBufferPointer { buffer in
        BatchStep(method: .asfBP).trainBatch(
          state: &state, images: buffer.baseAddress!, labels: [0, 1],
          streams: InputStreams(seed: 3),
          updateScaleFactors: false, recordRaster: true)
      }
      return stats.rasters[0]
    }
    let dark = inputRaster(RasterView(sample: 0))
    XCTAssertEqual(dark.sample, 0)
    XCTAssertEqual(dark.bits.reduce(0) { $0 + Int($1) }, 0)
    let bright = inputRaster(RasterView(sample: 1, activation: 0, firstNeuron: 100))
    XCTAssertEqual(bright.sample, 1)
    XCTAssertEqual(bright.firstNeuron, 100)
    let rows = Set(
      (0..<bright.rows).filter { r in (0..<10).contains { bright.spiked(row: r, step: $0) } })
    XCTAssertFalse(rows.isEmpty)
    XCTAssertTrue(rows.isSubset(of: Set(200..<210)), "pixels 300–309 are rows 200–209: \(rows)")
    XCTAssertEqual(inputRaster(RasterView(sample: 7)).sample, 1, "clamped to the batch")
  }
}
