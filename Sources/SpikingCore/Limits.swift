// The allowed ranges of the values a user can set — in a preset, on the command line, with
// a key in the workbench or the neuron lab — in one place, so that every entry point
// accepts and clamps the same values. It says nothing about defaults (see Preset).

/// Ranges and steps of the user-settable training values.
public enum Limits {
  /// The time window T, in steps (presets, --T, checkpoints).
  public static let timeSteps: ClosedRange<Int> = 1...10_000
  /// The windows the workbench's `[` / `]` keys step through.
  public static let timeWindowSteps = [5, 10, 20, 30, 50, 75, 100, 150, 200, 300, 400, 500]
  /// A firing threshold Vth (conv, linear, output and pool layers; the neuron lab).
  public static let threshold: ClosedRange<Float> = 0.05...1000
  /// One `+` / `-` press.
  public static let thresholdStep: Float = 0.1
  /// Adam's base learning rate.
  public static let learningRate: ClosedRange<Float> = 1e-9...10
  /// Channels of a convolution, features of a linear layer.
  public static let layerWidth: ClosedRange<Int> = 1...65_536
  /// A convolution's kernel size; its padding is at most the kernel size.
  public static let kernel: ClosedRange<Int> = 1...31
  /// A pooling window's size.
  public static let poolSize: ClosedRange<Int> = 2...64
  /// Each dimension (height, width, channels) of a network's input.
  public static let inputSide: ClosedRange<Int> = 1...4096

  /// `value` clamped to `threshold` and rounded to hundredths (so that ten presses of +0.1
  /// from 1 give exactly 2.00, not 2.0000002).
  public static func clampThreshold(_ value: Float) -> Float {
    let rounded = (value * 100).rounded() / 100
    return min(threshold.upperBound, max(threshold.lowerBound, rounded))
  }

  /// The next window of `timeWindowSteps` after `current` (longer or shorter); nil when
  /// `current` is already at or beyond that end of the list.
  public static func timeWindow(after current: Int, longer: Bool) -> Int? {
    longer
      ? timeWindowSteps.first { $0 > current }
      : timeWindowSteps.last { $0 < current }
  }

  /// "5…500": the range the keys move T in, for messages.
  public static var timeWindowRange: String {
    "\(timeWindowSteps.first ?? timeSteps.lowerBound)…\(timeWindowSteps.last ?? timeSteps.upperBound)"
  }
}
