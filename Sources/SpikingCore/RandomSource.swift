// A fast, seeded pseudo-random generator (xoshiro256**) for spike encoding,
// initialisation, shuffling and data synthesis. Not cryptographic.

import Foundation

/// A seeded xoshiro256** generator. The same seed always gives the same stream.
public struct RandomSource: RandomNumberGenerator, Sendable {
  private var s0: UInt64
  private var s1: UInt64
  private var s2: UInt64
  private var s3: UInt64

  /// Creates a generator whose state is expanded from `seed` with SplitMix64.
  public init(seed: UInt64) {
    var x = seed
    func splitMix() -> UInt64 {
      x &+= 0x9E37_79B9_7F4A_7C15
      var z = x
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
    s0 = splitMix()
    s1 = splitMix()
    s2 = splitMix()
    s3 = splitMix()
  }

  /// A generator for an independent stream, e.g. one per worker thread or per sample.
  public func derived(_ stream: UInt64) -> RandomSource {
    RandomSource(seed: s0 ^ (stream &* 0xD1B5_4A32_D192_ED03) ^ s2)
  }

  @inline(__always)
  public mutating func next() -> UInt64 {
    let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
    let t = s1 << 17
    s2 ^= s0
    s3 ^= s1
    s1 ^= s2
    s0 ^= s3
    s2 ^= t
    s3 = (s3 << 45) | (s3 >> 19)
    return result
  }

  /// A uniform Float in [0, 1) with 24 bits of precision.
  @inline(__always)
  public mutating func nextUnit() -> Float {
    Float(next() >> 40) * (1.0 / 16_777_216.0)
  }

  /// A uniform Float in [lower, upper).
  @inline(__always)
  public mutating func nextFloat(in lower: Float, _ upper: Float) -> Float {
    lower + (upper - lower) * nextUnit()
  }

  /// A standard normal sample (Box–Muller).
  public mutating func nextNormal() -> Float {
    var u1 = nextUnit()
    if u1 < 1e-12 { u1 = 1e-12 }
    let u2 = nextUnit()
    return (-2 * log(u1)).squareRoot() * cos(2 * Float.pi * u2)
  }

  /// A uniform integer in 0..<bound (bound > 0), without modulo bias worth noting for bound ≪ 2^32.
  @inline(__always)
  public mutating func nextInt(below bound: Int) -> Int {
    Int(((next() >> 32) &* UInt64(bound)) >> 32)
  }
}
