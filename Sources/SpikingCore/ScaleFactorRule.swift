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
    measurePerNeuron(outputFlow: fo, inputFlow: fi, neurons: 1, masked: masked)[0]
  }

  /// The smoothed factor: w·new + (1 − w)·old, with w = 0.6 unless switched.
  public static func smoothed(old: Float, new: Float, weight: Float = smoothing) -> Float {
    weight * new + (1 - weight) * old
  }

  /// S_new of every neuron of a layer, by the same rule over the samples of the batch: the
  /// flows are [samples][neurons]; a neuron's sums take the samples with FI ≥ FO (all of
  /// them for a pool); 1 where that Σ FI < 1e-3.
  public static func measurePerNeuron(
    outputFlow fo: UnsafeBufferPointer<Float>, inputFlow fi: UnsafeBufferPointer<Float>,
    neurons: Int, masked: Bool
  ) -> [Float] {
    var sumOut = [Double](repeating: 0, count: neurons)
    var sumIn = [Double](repeating: 0, count: neurons)
    for k in 0..<min(fo.count, fi.count) where !masked || fi[k] >= fo[k] {
      sumOut[k % neurons] += Double(fo[k])
      sumIn[k % neurons] += Double(fi[k])
    }
    return (0..<neurons).map { sumIn[$0] < 1e-3 ? 1 : Float(sumOut[$0] / sumIn[$0]) }
  }

  /// Whether factors are recomputed in `epoch` (0-based): epochs that are multiples of `period`.
  public static func updates(inEpoch epoch: Int, period: Int) -> Bool {
    period > 0 && epoch % period == 0
  }
}
