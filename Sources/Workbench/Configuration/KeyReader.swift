// Typed, range-checked reading of a preset's YAML keys, and YAML values written back as
// text for messages. Every error names the preset, the key, the value and what is allowed.

import Foundation

/// Typed, range-checked access to the keys of a YAML mapping.
struct KeyReader {
  let map: [String: Any]
  let source: String

  func invalid(_ key: String, _ value: String, _ allowed: [String]) -> WorkbenchError {
    .invalidValue(
      source: source, key: key, value: "'\(value)'",
      allowed: "one of \(allowed.map { "'\($0)'" }.joined(separator: ", "))")
  }

  func string(_ key: String) throws -> String? {
    guard let value = map[key] else { return nil }
    if let s = value as? String { return s }
    throw WorkbenchError.invalidValue(
      source: source, key: key, value: yamlText(value), allowed: "text")
  }

  func int(_ key: String, in range: ClosedRange<Int>) throws -> Int? {
    guard let value = map[key] else { return nil }
    guard let n = value as? Int, range.contains(n) else {
      throw WorkbenchError.invalidValue(
        source: source, key: key, value: yamlText(value),
        allowed: "a whole number from \(range.lowerBound) to \(range.upperBound)")
    }
    return n
  }

  func double(_ key: String, in range: ClosedRange<Double>) throws -> Double? {
    guard let value = map[key] else { return nil }
    let number = (value as? Double) ?? (value as? Int).map(Double.init)
    guard let x = number, range.contains(x) else {
      throw WorkbenchError.invalidValue(
        source: source, key: key, value: yamlText(value),
        allowed:
          "a number from \(shortNumber(range.lowerBound)) to \(shortNumber(range.upperBound))")
    }
    return x
  }

  func float(_ key: String, in range: ClosedRange<Float>) throws -> Float? {
    try double(key, in: Double(range.lowerBound)...Double(range.upperBound)).map(Float.init)
  }
}

/// A parsed YAML value written back as YAML-like text for messages: `{conv: 0, kernel: 3}`,
/// `[1, 2]`, not Swift's `AnyHashable(…)` dump; cut to `clipped`'s length.
func yamlText(_ value: Any) -> String {
  clipped(fullYAMLText(value))
}

/// `text` as a message quotes it: at most `limit` characters, a longer text cut with how
/// long it was (a 10 MB value is not printed whole).
func clipped(_ text: String, to limit: Int = 80) -> String {
  guard text.count > limit else { return text }
  return String(text.prefix(limit - 1)) + "… (\(text.count) characters)"
}

private func fullYAMLText(_ value: Any) -> String {
  switch value {
  case let text as String: return text
  case let list as [Any]: return "[" + list.map(fullYAMLText).joined(separator: ", ") + "]"
  case let map as [AnyHashable: Any]:
    let pairs = map.map { (fullYAMLText($0.key.base), fullYAMLText($0.value)) }.sorted {
      $0.0 < $1.0
    }
    return "{" + pairs.map { "\($0.0): \($0.1)" }.joined(separator: ", ") + "}"
  case let map as [String: Any]:
    let pairs = map.sorted { $0.key < $1.key }
    return "{" + pairs.map { "\($0.key): \(fullYAMLText($0.value))" }.joined(separator: ", ")
      + "}"
  case let number as Double: return shortNumber(number)
  default: return "\(value)"
  }
}

/// A number as people write it: 10, 0.5, 1e-09 (six significant digits at most).
func shortNumber(_ x: Double) -> String {
  x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : String(format: "%g", x)
}
