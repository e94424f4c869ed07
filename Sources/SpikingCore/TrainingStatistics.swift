// Immutable statistics published after each batch, for the UI and the metrics file.

/// Counts of values in equal bins over [lower, upper]; values outside fall in the end bins.
public struct Histogram: Sendable, Equatable, Codable {
  public let lower: Float
  public let upper: Float
  public private(set) var counts: [Int]

  public init(lower: Float, upper: Float, binCount: Int) {
    self.lower = lower
    self.upper = upper
    counts = [Int](repeating: 0, count: max(1, binCount))
  }

  /// A histogram with given counts (e.g. read back from a recorded run).
  public init(lower: Float, upper: Float, counts: [Int]) {
    self.lower = lower
    self.upper = upper
    self.counts = counts.isEmpty ? [0] : counts
  }

  /// Adds `values[i] * scale` for each value: below the range (or NaN) to the first bin,
  /// above it to the last. Four interleaved tallies keep the usual run of equal bins (most
  /// neurons of a layer never fire) from waiting on one counter.
  public mutating func add(_ values: UnsafeBufferPointer<Float>, scale: Float = 1) {
    let bins = counts.count
    let perUnit = Float(bins) / (upper - lower)
    let factor = scale * perUnit
    let offset = -lower * perUnit
    let last = bins - 1
    var tallies = [Int](repeating: 0, count: 4 * bins)
    tallies.withUnsafeMutableBufferPointer { t in
      @inline(__always) func bin(_ v: Float) -> Int {
        let x = v * factor + offset
        return x >= 0 ? (x < Float(bins) ? Int(x) : last) : 0
      }
      let n = values.count
      var i = 0
      while i + 4 <= n {
        t[bin(values[i])] += 1
        t[bins + bin(values[i + 1])] += 1
        t[2 * bins + bin(values[i + 2])] += 1
        t[3 * bins + bin(values[i + 3])] += 1
        i += 4
      }
      while i < n {
        t[bin(values[i])] += 1
        i += 1
      }
    }
    for b in 0..<bins {
      counts[b] += tallies[b] + tallies[bins + b] + tallies[2 * bins + b] + tallies[3 * bins + b]
    }
  }

  public var total: Int { counts.reduce(0, +) }
}

/// What one layer did in one batch.
public struct LayerStatistics: Sendable, Equatable {
  public let name: String
  public let neuronCount: Int
  public let threshold: Float
  /// The scale factor S in force after this batch.
  public let scaleFactor: Float
  /// Mean output spikes per neuron per step (0…1).
  public let spikeRate: Float
  /// FI / (T · Vth) per neuron, bins over [−1, 2].
  public let inputFlow: Histogram
  /// FO / T per neuron, bins over [0, 1].
  public let outputFlow: Histogram
  /// The mean of FI / (T · Vth) over the batch's neurons (nil where not recorded).
  public var meanInputFlow: Float?
  /// The share of the batch's neurons (per sample) that never fired, and that fired at every
  /// step (saturated); nil where not recorded.
  public var silentShare: Float?
  public var saturatedShare: Float?
  /// Synaptic operations per sample that reach this layer in the spiking forward: its input
  /// spikes times their fan-out (`LayerInfo.fanOut`); nil where not recorded.
  public var synapticOperations: Double?

  public init(
    name: String, neuronCount: Int, threshold: Float, scaleFactor: Float, spikeRate: Float,
    inputFlow: Histogram, outputFlow: Histogram
  ) {
    self.name = name
    self.neuronCount = neuronCount
    self.threshold = threshold
    self.scaleFactor = scaleFactor
    self.spikeRate = spikeRate
    self.inputFlow = inputFlow
    self.outputFlow = outputFlow
  }
}

/// Everything the UI shows about one batch.
public struct BatchStatistics: Sendable {
  public let samples: Int
  public let timeSteps: Int
  /// Loss of the batch (summed over samples) and the fraction of correct predictions.
  public let loss: Float
  public let accuracy: Float
  /// Mean input spike rate (0…1) of the batch.
  public let inputSpikeRate: Float
  public let layers: [LayerStatistics]
  /// One sample's spikes: the input first, then each hidden layer.
  public var rasters: [SpikeRaster]
  /// Synaptic operations per sample of the output layer (its input spikes times its width);
  /// nil where not recorded.
  public var outputSynapticOperations: Double?
  /// Wall time of the spiking forward, and of the equivalent network (FI, backward, Adam).
  /// The output layer's accumulated input (mem, what the prediction is the arg-max of) of the
  /// rasters' sample, one value per class; nil where not recorded.
  public var sampleOutput: [Float]?
  public var spikingSeconds: Double = 0
  /// Per runtime layer, cos(∇_method, ∇_BPTT) measured on this batch before its step (nil:
  /// not measured this batch; a nil layer: no weights, or a zero gradient).
  public var gradientAgreement: [Float?]?
  public var equivalentSeconds: Double = 0

  public init(
    samples: Int, timeSteps: Int, loss: Float, accuracy: Float, inputSpikeRate: Float,
    layers: [LayerStatistics], rasters: [SpikeRaster]
  ) {
    self.samples = samples
    self.timeSteps = timeSteps
    self.loss = loss
    self.accuracy = accuracy
    self.inputSpikeRate = inputSpikeRate
    self.layers = layers
    self.rasters = rasters
  }
}
