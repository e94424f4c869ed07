// Table 4 of the paper: the scale factor of one IF neuron (T = 100, Vth = 1, positive
// weights) for inputs proportional to pixels from U(0,.5) … U(.5,1), measured over many
// seeded trials and set beside the published values.

import Foundation
import SpikingCore

/// One row of the Table 4 reproduction.
public struct Table4Row: Sendable, Equatable {
  public let lower: Float
  public let upper: Float
  public let paper: Float
  /// Mean and standard deviation of S over the trials.
  public let mean: Float
  public let spread: Float
  public var difference: Float { mean - paper }
  public var label: String { "U(\(Self.format(lower)),\(Self.format(upper)))" }

  static func format(_ x: Float) -> String {
    x == 0
      ? "0" : x == 1 ? "1" : String(format: "%.1f", x).replacingOccurrences(of: "0.", with: ".")
  }
}

/// Runs the Table 4 sweep.
public enum Table4Experiment {
  /// The six input distributions and the paper's scale factors.
  public static let published: [(lower: Float, upper: Float, scale: Float)] = [
    (0, 0.5, 0.641), (0.1, 0.6, 0.478), (0.2, 0.7, 0.385), (0.3, 0.8, 0.335), (0.4, 0.9, 0.286),
    (0.5, 1, 0.249),
  ]

  /// Mean and spread of S over `trials` windows for each distribution. The same seed gives the
  /// same table; each distribution has its own random stream.
  public static func run(settings: NeuronLabSettings, trials: Int, seed: UInt64) -> [Table4Row] {
    published.enumerated().map { index, row in
      var s = settings
      s.lower = row.lower
      s.upper = row.upper
      var rng = RandomSource(seed: seed &+ UInt64(index) &* 0x5851_F42D_4C95_7F2D)
      var sum = 0.0
      var squares = 0.0
      for _ in 0..<max(1, trials) {
        let value = Double(NeuronLab.trialScaleFactor(settings: s, rng: &rng))
        sum += value
        squares += value * value
      }
      let n = Double(max(1, trials))
      let mean = sum / n
      let spread = max(0, squares / n - mean * mean).squareRoot()
      return Table4Row(
        lower: row.lower, upper: row.upper, paper: row.scale, mean: Float(mean),
        spread: Float(spread))
    }
  }

  /// The table as CSV: distribution, paper, measured mean, spread, difference.
  public static func csv(_ rows: [Table4Row]) -> String {
    var lines = ["distribution,lower,upper,paper,measured_mean,measured_std,difference"]
    for r in rows {
      lines.append(
        r.label
          + String(
            format: ",%.2f,%.2f,%.3f,%.4f,%.4f,%+.4f", r.lower, r.upper, r.paper, r.mean,
            r.spread, r.difference))
    }
    return lines.joined(separator: "\n") + "\n"
  }
}
