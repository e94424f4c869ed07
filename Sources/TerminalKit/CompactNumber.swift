// Short number labels for axes and bars: at most about 5 characters, 3 significant digits.

import Foundation

/// Formats numbers for tight labels: `0`, `0.5`, `12.3`, `1234`, `12.3k`, `4.5M`, `2.5e-4`.
public enum CompactNumber {
  /// `value` with at most 3 significant digits, trailing zeros dropped; thousands and up get
  /// a suffix (k, M, G, T) from 10 000 on, magnitudes below 0.001 an exponent; `nan`, `inf`
  /// and `-inf` for non-finite values.
  public static func string(_ value: Double) -> String {
    guard value.isFinite else { return value.isNaN ? "nan" : (value > 0 ? "inf" : "-inf") }
    if value == 0 { return "0" }
    let magnitude = abs(value)
    if magnitude >= 1e4 {
      let suffixes: [(scale: Double, suffix: String)] = [
        (1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k"),
      ]
      for entry in suffixes where magnitude >= entry.scale * 0.9995 {
        return significant(value / entry.scale) + entry.suffix
      }
    }
    if magnitude < 1e-3 {
      var exponent = Int(log10(magnitude).rounded(.down))
      var mantissa = value / pow(10, Double(exponent))
      if abs((mantissa * 10).rounded()) >= 100 {
        exponent += 1
        mantissa /= 10
      }
      return trimmed(String(format: "%.1f", mantissa)) + "e\(exponent)"
    }
    return significant(value)
  }

  /// `value` rounded to 3 significant digits (more for integers ≥ 1000), zeros trimmed.
  private static func significant(_ value: Double) -> String {
    let digits = Int(log10(abs(value)).rounded(.down))
    let decimals = max(0, 2 - digits)
    return trimmed(String(format: "%.\(decimals)f", value))
  }

  /// Drops trailing zeros after a decimal point, and the point itself when nothing follows.
  private static func trimmed(_ text: String) -> String {
    guard text.contains(".") else { return text }
    var result = text
    while result.last == "0" {
      result.removeLast()
    }
    if result.last == "." { result.removeLast() }
    return result == "-0" ? "0" : result
  }
}
