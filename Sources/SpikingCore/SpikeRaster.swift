// The spike raster of one sample in one layer: which of (at most 256) neurons fired at
// each time step. Neurons are sampled evenly (every `stride`-th) when a layer has more, or
// a window of 256 consecutive neurons is shown.

/// Spikes of one sample in one layer: `rows` neurons × `timeSteps` steps.
public struct SpikeRaster: Sendable, Equatable {
  public let layerName: String
  /// Neurons in the layer, and the step between sampled neurons.
  public let neuronTotal: Int
  public let stride: Int
  public let timeSteps: Int
  /// The first neuron shown: 0 for the whole layer sampled evenly, else the start of a
  /// window of consecutive neurons (`stride` 1).
  public let firstNeuron: Int
  /// The sample of the batch whose spikes these are.
  public var sample = 0
  /// 1 where neuron row r spiked at step t: `bits[r * timeSteps + t]`.
  public internal(set) var bits: [UInt8]

  /// The most neurons a raster keeps.
  public static let maximumRows = 256

  /// The whole layer, every `stride`-th neuron (all when it has at most 256); or, with
  /// `window`, the 256 consecutive neurons from `firstNeuron` (clamped to the layer).
  public init(
    layerName: String, neuronTotal: Int, timeSteps: Int, window firstNeuron: Int? = nil
  ) {
    self.layerName = layerName
    self.neuronTotal = neuronTotal
    self.timeSteps = timeSteps
    let rows: Int
    if let firstNeuron {
      stride = 1
      self.firstNeuron = max(0, min(firstNeuron, neuronTotal - Self.maximumRows))
      rows = min(Self.maximumRows, neuronTotal)
    } else {
      stride = max(1, (neuronTotal + Self.maximumRows - 1) / Self.maximumRows)
      self.firstNeuron = 0
      rows = (neuronTotal + stride - 1) / stride
    }
    bits = [UInt8](repeating: 0, count: max(0, rows) * timeSteps)
  }

  /// A raster with given bits (e.g. read back from a recorded run); `bits` is resized to
  /// the rows × timeSteps the layer needs.
  public init(
    layerName: String, neuronTotal: Int, timeSteps: Int, window: Int? = nil, bits: [UInt8]
  ) {
    self.init(layerName: layerName, neuronTotal: neuronTotal, timeSteps: timeSteps, window: window)
    for i in 0..<min(bits.count, self.bits.count) { self.bits[i] = bits[i] == 0 ? 0 : 1 }
  }

  /// Whether this raster shows a window of consecutive neurons (not the whole layer).
  public var isWindow: Bool { stride == 1 && rows < neuronTotal }

  /// Number of neurons shown.
  public var rows: Int { timeSteps == 0 ? 0 : bits.count / timeSteps }

  public func spiked(row: Int, step: Int) -> Bool { bits[row * timeSteps + step] != 0 }

  /// Marks the given neuron indices as spiking at `step` (neurons not shown are ignored).
  mutating func record(_ spikes: UnsafePointer<Int32>, count: Int, step: Int) {
    let end = firstNeuron + rows * stride
    for k in 0..<count {
      let j = Int(spikes[k]) - firstNeuron
      if j >= 0, j + firstNeuron < end, j % stride == 0 {
        bits[(j / stride) * timeSteps + step] = 1
      }
    }
  }
}
