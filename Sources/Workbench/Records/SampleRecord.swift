// The "sample" line of metrics.jsonl: what the UI needs to redraw the histograms and
// rasters of a batch (the FI/FO histogram counts of every layer, one sample's spike rasters
// packed 8 bits a byte in base64). Written every few batches; see MetricsRecord.

import Foundation
import SpikingCore

/// One "sample" line: what the UI needs to redraw histograms and rasters.
public struct SampleRecord: Codable, Sendable {
  public struct Layer: Codable, Sendable {
    var name: String
    var neurons: Int
    var fi: [Int]
    var fo: [Int]
  }
  public struct Raster: Codable, Sendable {
    var name: String
    var total: Int
    var steps: Int
    /// Row-major bits (rows × steps), packed 8 per byte, base64.
    var bits: String
    /// The first neuron of a window of consecutive neurons (nil: the whole layer, sampled),
    /// and the sample of the batch; older recordings have neither.
    var first: Int?
    var sample: Int?
  }
  var type = "sample"
  var epoch: Int
  var batch: Int
  var inputRate: Float
  var layers: [Layer]
  var rasters: [Raster]

  enum CodingKeys: String, CodingKey {
    case type, epoch, batch, layers, rasters
    case inputRate = "input_rate"
  }

  init(epoch: Int, batch: Int, statistics s: BatchStatistics) {
    self.epoch = epoch
    self.batch = batch
    inputRate = s.inputSpikeRate
    layers = s.layers.map {
      Layer(
        name: $0.name, neurons: $0.neuronCount, fi: $0.inputFlow.counts, fo: $0.outputFlow.counts)
    }
    rasters = s.rasters.map { r in
      var packed = [UInt8](repeating: 0, count: (r.bits.count + 7) / 8)
      for (i, bit) in r.bits.enumerated() where bit != 0 { packed[i / 8] |= 1 << UInt8(i % 8) }
      return Raster(
        name: r.layerName, total: r.neuronTotal, steps: r.timeSteps,
        bits: Data(packed).base64EncodedString(), first: r.isWindow ? r.firstNeuron : nil,
        sample: r.sample)
    }
  }

  func raster(_ r: Raster) -> SpikeRaster {
    let packed = [UInt8](Data(base64Encoded: r.bits) ?? Data())
    let rows = SpikeRaster(
      layerName: r.name, neuronTotal: r.total, timeSteps: r.steps, window: r.first
    ).rows
    let bits = (0..<(rows * r.steps)).map { i -> UInt8 in
      i / 8 < packed.count ? (packed[i / 8] >> UInt8(i % 8)) & 1 : 0
    }
    var raster = SpikeRaster(
      layerName: r.name, neuronTotal: r.total, timeSteps: r.steps, window: r.first, bits: bits)
    raster.sample = max(0, r.sample ?? 0)
    return raster
  }
}
