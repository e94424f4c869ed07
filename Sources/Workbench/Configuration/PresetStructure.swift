// What a preset's YAML may look like before its values are read: the nesting counted from
// the text (so the YAML library's recursive parser never sees thousands of levels), then on
// the node tree: plain keys written once, no base-60 integers, a bounded depth and a bounded
// number of values with aliases expanded; and each item of a `layers` list with its keys.

import Yams

extension Preset {
  /// The deepest nesting of lists and mappings a preset may have.
  static let maximumDepth = 32

  /// The most values (scalars, lists and mappings, counted as aliases expand them) a preset
  /// or lesson may hold: a preset has a few hundred, a lesson a few thousand. An alias bomb
  /// (aliases of aliases, each level repeating the one below) is refused at this count,
  /// before anything expands it.
  static let maximumValues = 100_000

  /// The most levels the text may open before the YAML library reads it: its parser recurses
  /// once per level, so thousands of `{` or `- ` would overflow the stack. Far above what a
  /// preset needs; `checkStructure` then holds the document to `maximumDepth`.
  static let maximumTextDepth = 256

  /// Throws when `text` could nest more than `maximumTextDepth` levels, counted without
  /// parsing (so no quoting or comment can hide a level): every `[` and `{` not yet closed,
  /// plus the line's indentation and leading `- ` / `? ` indicators.
  static func checkNesting(_ text: String, source: String) throws {
    var depth = 0
    var prefix = 0
    var lineStart = true
    for byte in text.utf8 {
      switch byte {
      case UInt8(ascii: "\n"):
        lineStart = true
        prefix = 0
        continue
      case UInt8(ascii: " "), UInt8(ascii: "-"), UInt8(ascii: "?"),
        UInt8(ascii: "\t")
      where lineStart:
        prefix += 1
      case UInt8(ascii: "["), UInt8(ascii: "{"):
        lineStart = false
        depth += 1
      case UInt8(ascii: "]"), UInt8(ascii: "}"):
        lineStart = false
        depth = max(0, depth - 1)
      default:
        lineStart = false
      }
      if depth + prefix > maximumTextDepth {
        throw WorkbenchError.invalidYAML(
          source: source, reason: "lists and mappings nest more than \(maximumDepth) levels deep")
      }
    }
  }

  /// Throws unless every mapping key in `node` is a plain value (Yams cannot make a list or
  /// a mapping into a key) written once per mapping, no integer is written in base 60, lists
  /// and mappings nest at most `maximumDepth` deep, and the document holds at most
  /// `maximumValues` values with its aliases expanded.
  static func checkStructure(_ node: Node, source: String) throws {
    var values = 0
    try checkStructure(node, source: source, depth: 0, values: &values)
  }

  private static func checkStructure(
    _ node: Node, source: String, depth: Int, values: inout Int
  ) throws {
    guard depth < maximumDepth else {
      throw WorkbenchError.invalidYAML(
        source: source, reason: "lists and mappings nest more than \(maximumDepth) levels deep")
    }
    values += 1
    guard values <= maximumValues else {
      throw WorkbenchError.invalidYAML(
        source: source,
        reason:
          "it holds more than \(maximumValues) values once its aliases (*name) are expanded; a preset or lesson holds a few thousand at most"
      )
    }
    switch node {
    case .scalar(let scalar):
      // YAML 1.1 reads 1:30 as a base-60 integer, which Yams computes without an overflow
      // check; such numbers are refused.
      guard node.tag.description != Tag.Name.int.rawValue || !scalar.string.contains(":") else {
        throw WorkbenchError.invalidYAML(
          source: source,
          reason:
            "'\(clipped(scalar.string))' is a number in base 60 (with ':'); write numbers plainly")
      }
    case .sequence(let items):
      for item in items {
        try checkStructure(item, source: source, depth: depth + 1, values: &values)
      }
    case .mapping(let pairs):
      var seen = Set<String>()
      for (key, value) in pairs {
        let line = key.mark.map { " at line \($0.line)" } ?? ""
        guard case .scalar(let word) = key else {
          throw WorkbenchError.invalidYAML(
            source: source,
            reason: "a key\(line) is a list or a mapping; keys are plain words such as time-steps")
        }
        guard seen.insert(word.string).inserted else {
          throw WorkbenchError.invalidYAML(
            source: source,
            reason:
              "the key '\(clipped(word.string))'\(line) appears twice in one mapping; write each key once"
          )
        }
        try checkStructure(value, source: source, depth: depth + 1, values: &values)
      }
    }
  }
}

/// One item of a preset's `layers` list, checked for its keys: exactly one of input, conv,
/// avgpool, maxpool and linear names the layer, and only a conv takes kernel and padding.
struct LayerItem {
  static let keys: [String: [String]] = [
    "input": ["input"], "conv": ["conv", "kernel", "padding"], "avgpool": ["avgpool"],
    "maxpool": ["maxpool"], "linear": ["linear"],
  ]
  let kind: String

  init(_ entry: [String: Any], number: Int, source: String, allowed: String) throws {
    let kinds = Self.keys.keys.filter { entry[$0] != nil }.sorted()
    let place = "layers, item \(number) (\(yamlText(entry)))"
    guard kinds.count == 1, let kind = kinds.first, let known = Self.keys[kind] else {
      let found = kinds.isEmpty ? "names no layer" : "names \(kinds.joined(separator: " and "))"
      throw WorkbenchError.invalidValue(
        source: source, key: place, value: "an item that \(found)",
        allowed: "one layer per item: \(allowed)")
    }
    for key in entry.keys.sorted() where !known.contains(key) {
      let all = Set(Self.keys.values.joined())
      throw WorkbenchError.invalidValue(
        source: source, key: place, value: "'\(clipped(key))', a key \(kind) does not take",
        allowed:
          "\(known.map { "'\($0)'" }.joined(separator: ", "))\(Suggestion.sentence(for: key, among: all.sorted()))"
      )
    }
    self.kind = kind
  }
}
