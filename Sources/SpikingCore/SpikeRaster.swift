// The spike raster of one sample in one layer: which of (at most 256) neurons fired at
// each time step. Neurons are sampled evenly (every `stride`-th) when a layer has more.

/// Spikes of one sample in one layer: `rows` neurons × `timeSteps` steps.
public struct SpikeRaster: Sendable, Equatable {
  public let layerName: String
  /// Neurons in the layer, and the step between sampled neurons.
  public let neuronTotal: Int
  public let stride: Int
  public let timeSteps: Int
  /// 1 where neuron row r spiked at step t: `bits[r * timeSteps + t]`.
  public internal(set) var bits: [UInt8]

  /// The most neurons a raster keeps.
  public static let maximumRows = 256

  public init(layerName: String, neuronTotal: Int, timeSteps: Int) {
    self.layerName = layerName
    self.neuronTotal = neuronTotal
    self.stride = max(1, (neuronTotal + Self.maximumRows - 1) / Self.maximumRows)
    self.timeSteps = timeSteps
    let rows = (neuronTotal + stride - 1) / stride
    bits = [UInt8](repeating: 0, count: rows * timeSteps)
  }

  /// A raster with given bits (e.g. read back from a recorded run); `bits` is resized to
  /// the rows × timeSteps the layer needs.
  public init(layerName: String, neuronTotal: Int, timeSteps: Int, bits: [UInt8]) {
    self.init(layerName: layerName, neuronTotal: neuronTotal, timeSteps: timeSteps)
    for i in 0..<min(bits.count, self.bits.count) { self.bits[i] = bits[i] == 0 ? 0 : 1 }
  }

  /// Number of neurons shown.
  public var rows: Int { timeSteps == 0 ? 0 : bits.count / timeSteps }

  public func spiked(row: Int, step: Int) -> Bool { bits[row * timeSteps + step] != 0 }

  /// Marks the given neuron indices as spiking at `step` (neurons not sampled are ignored).
  mutating func record(_ spikes: UnsafePointer<Int32>, count: Int, step: Int) {
    for k in 0..<count {
      let j = Int(spikes[k])
      if j % stride == 0 { bits[(j / stride) * timeSteps + step] = 1 }
    }
  }
}
