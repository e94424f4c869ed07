// Rate coding of analogue inputs into spikes (Poisson/Bernoulli per time step). Each input
// value x fires with probability p(x) per step and carries the sign of x; the uniform number
// it is compared with comes from the counter-based generator (InputStreams.swift).

/// How pixel values become input spikes.
public enum InputEncoding: String, Codable, Sendable, CaseIterable {
  /// p = |x|/2 (the MNIST rule of the reference code, x ∈ [0, 1]).
  case halfRate = "poisson-half"
  /// p = min(|x|, 1) (the CIFAR-10 rule, for normalised x).
  case clampedRate = "poisson-clamped"
  /// The input is already spikes: F event frames per sample (counts ≥ 0); step t uses frame
  /// t mod F, and a pixel with a count > 0 spikes once. No randomness.
  case events = "events"

  /// The per-step firing probability of an input of value x.
  @inline(__always)
  public func probability(_ x: Float) -> Float {
    switch self {
    case .halfRate: min(abs(x) / 2, 1)
    case .clampedRate: min(abs(x), 1)
    case .events: x > 0 ? 1 : 0
    }
  }
}

/// Prepares one sample for encoding: the inputs that can fire, with their probabilities.
/// Zero inputs never fire, so they cost nothing per step.
public struct EncodedSample {
  /// Indices of inputs with p > 0, their pixel words, probabilities and signs (+1/−1).
  var indices: [Int32] = []
  var words: [UInt32] = []
  var probabilities: [Float] = []
  var negative: [Bool] = []

  public init() {}

  /// Loads `count` input values from `x`.
  public mutating func load(_ x: UnsafePointer<Float>, count: Int, encoding: InputEncoding) {
    indices.removeAll(keepingCapacity: true)
    words.removeAll(keepingCapacity: true)
    probabilities.removeAll(keepingCapacity: true)
    negative.removeAll(keepingCapacity: true)
    for i in 0..<count {
      let p = encoding.probability(x[i])
      if p > 0 {
        indices.append(Int32(i))
        words.append(SpikeHash.pixelWord(i))
        probabilities.append(p)
        negative.append(x[i] < 0)
      }
    }
  }

  /// Draws one time step (its word: SpikeHash.stepWord): appends firing inputs to `positive`
  /// or `negativeSpikes`.
  @inline(__always)
  public func draw(
    step: UInt32, positive: UnsafeMutablePointer<Int32>, positiveCount: inout Int,
    negativeSpikes: UnsafeMutablePointer<Int32>, negativeCount: inout Int
  ) {
    positiveCount = 0
    negativeCount = 0
    for k in 0..<indices.count
    where SpikeHash.uniform(step: step, pixel: words[k]) < probabilities[k] {
      if negative[k] {
        negativeSpikes[negativeCount] = indices[k]
        negativeCount += 1
      } else {
        positive[positiveCount] = indices[k]
        positiveCount += 1
      }
    }
  }
}
