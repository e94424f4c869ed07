// The layer-wise scale factor of ASF-BP, as the reference code computes it:
// S_new = Σ FO / Σ FI over the neurons with FI ≥ FO (over all neurons for spiking pools),
// or 1 when that Σ FI < 1e-3; smoothed as S ← 0.6·S_new + 0.4·S_old.

/// The scale-factor rule.
public enum ScaleFactorRule {
  /// Weight of the new measurement in the exponential smoothing.
  public static let smoothing: Float = 0.6

  /// S_new of one layer from its accumulated output spikes `fo` and input current `fi`
  /// (same length: all neurons of the batch). `masked`: only neurons with FI ≥ FO count.
  public static func measure(
    outputFlow fo: UnsafeBufferPointer<Float>, inputFlow fi: UnsafeBufferPointer<Float>,
    masked: Bool
  ) -> Float {
    var sumOut: Double = 0
    var sumIn: Double = 0
    for i in 0..<min(fo.count, fi.count) where !masked || fi[i] >= fo[i] {
      sumOut += Double(fo[i])
      sumIn += Double(fi[i])
    }
    if sumIn < 1e-3 { return 1 }
    return Float(sumOut / sumIn)
  }

  /// The smoothed factor: 0.6·new + 0.4·old.
  public static func smoothed(old: Float, new: Float) -> Float {
    smoothing * new + (1 - smoothing) * old
  }

  /// Whether factors are recomputed in `epoch` (0-based): epochs that are multiples of `period`.
  public static func updates(inEpoch epoch: Int, period: Int) -> Bool {
    period > 0 && epoch % period == 0
  }
}
