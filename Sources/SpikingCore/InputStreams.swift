// Where the random numbers behind input spikes come from: a counter-based generator. The
// uniform number of pixel p of sample i at step t is a hash of (seed, stream, i, t, p), not a
// position in a sequential stream, so a sample's spikes do not depend on its batch, the
// worker that draws it, or the engine: the PyTorch backend (asf_torch/encoding.py) computes
// the same hash on any device and gets the same spikes.
//
//   key      = sampleKey(seed, stream, i)                 (splitmix64-style, 63 bits)
//   step(t)  = mix32(mix32(k0 ^ t) ^ k1)                  (k0, k1: the key's low/high words)
//   word(p)  = p · 0x9E3779B9 (mod 2³²)                  (p in (h, w, c) order)
//   u        = (mix32(step(t) ^ word(p)) >> 8) · 2⁻²⁴     (a Float in [0, 1), exact)
//
// Training samples use the epoch as their stream; test samples the stream `testStream` with
// the seed + `testSeedOffset`, the same in every epoch.

/// The samples of a batch and the streams their input spikes are drawn from.
public struct InputStreams: Sendable, Equatable {
  /// The run's seed (the preset's; + testSeedOffset for test samples).
  public var seed: UInt64
  /// The epoch for training samples, `testStream` for test samples.
  public var stream: UInt64
  /// The data-set index of each sample of the batch; nil: the sample's place in the batch.
  public var indices: [Int]?

  /// Test samples: the same spikes in every epoch, apart from the training samples'.
  public static let testStream: UInt64 = 0x7E57
  public static let testSeedOffset: UInt64 = 7919

  public init(seed: UInt64, stream: UInt64 = 0, indices: [Int]? = nil) {
    self.seed = seed
    self.stream = stream
    self.indices = indices
  }

  /// The training samples `indices` of `epoch`.
  public static func training(seed: UInt64, epoch: Int, indices: [Int]) -> InputStreams {
    InputStreams(seed: seed, stream: UInt64(epoch), indices: indices)
  }

  /// The test samples `indices`.
  public static func test(seed: UInt64, indices: [Int]) -> InputStreams {
    InputStreams(seed: seed &+ testSeedOffset, stream: testStream, indices: indices)
  }

  /// The key of the batch's sample `s`.
  public func key(ofSample s: Int) -> UInt64 {
    SpikeHash.sampleKey(seed: seed, stream: stream, index: UInt64(indices?[s] ?? s))
  }
}

/// The hash functions of the counter-based generator.
public enum SpikeHash {
  /// The multiplier that numbers the pixels of a frame.
  public static let pixelMultiplier: UInt32 = 0x9E37_79B9

  /// A 32-bit integer hash (xor-shift, multiply, xor-shift, multiply, xor-shift); its
  /// multipliers are below 2³¹ so that the backend computes it in int64 without overflow.
  @inline(__always)
  public static func mix32(_ value: UInt32) -> UInt32 {
    var x = value
    x ^= x >> 16
    x &*= 0x21F0_AAAD
    x ^= x >> 15
    x &*= 0x735A_2D97
    x ^= x >> 15
    return x
  }

  /// The 63-bit key of sample `index` in `stream`.
  public static func sampleKey(seed: UInt64, stream: UInt64, index: UInt64) -> UInt64 {
    var z =
      seed &* 0x9E37_79B9_7F4A_7C15 &+ stream &* 0xBF58_476D_1CE4_E5B9
      &+ index &* 0x94D0_49BB_1331_11EB
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return (z ^ (z >> 31)) & 0x7FFF_FFFF_FFFF_FFFF
  }

  /// The word of step `t` of the sample with `key`.
  @inline(__always)
  public static func stepWord(key: UInt64, step t: Int) -> UInt32 {
    let k0 = UInt32(truncatingIfNeeded: key)
    let k1 = UInt32(truncatingIfNeeded: key >> 32)
    return mix32(mix32(k0 ^ UInt32(truncatingIfNeeded: t)) ^ k1)
  }

  /// The word of pixel `p` (its index in (h, w, c) order).
  @inline(__always)
  public static func pixelWord(_ p: Int) -> UInt32 {
    UInt32(truncatingIfNeeded: p) &* pixelMultiplier
  }

  /// The uniform number in [0, 1) of a step word and a pixel word.
  @inline(__always)
  public static func uniform(step: UInt32, pixel: UInt32) -> Float {
    Float(mix32(step ^ pixel) >> 8) * (1.0 / 16_777_216.0)
  }

  /// A 32-bit word for other per-sample choices (e.g. an augmentation's placement) from the
  /// sample's key and a purpose word: mix32(mix32(k0 ^ purpose) ^ k1).
  public static func sampleWord(key: UInt64, purpose: UInt32) -> UInt32 {
    let k0 = UInt32(truncatingIfNeeded: key)
    let k1 = UInt32(truncatingIfNeeded: key >> 32)
    return mix32(mix32(k0 ^ purpose) ^ k1)
  }
}
