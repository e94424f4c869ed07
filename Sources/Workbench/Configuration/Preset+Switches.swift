// The preset keys of ASF-BP's switches (issue 17): `scale-factor` (layer, neuron, fixed,
// none, frozen), `scale-smoothing` (the EMA weight of a new measurement), `gradient-mask`
// (on, off), `reset` (hard, subtract) and `spike-rule` (strict, inclusive); and `sweep`,
// what `asf-tui sweep` varies for the preset by default (KEY=V1,V2,…).

import SpikingCore

extension Preset {
  /// The keys this extension reads.
  static let switchKeys = [
    "scale-factor", "scale-smoothing", "gradient-mask", "reset", "spike-rule", "sweep",
  ]

  /// Reads the switch keys of `map` into `switches`.
  mutating func applySwitches(_ map: [String: Any], reader: KeyReader) throws {
    if let value = try reader.string("scale-factor") {
      guard let mode = EngineSwitches.ScaleMode(rawValue: value) else {
        throw reader.invalid(
          "scale-factor", value, EngineSwitches.ScaleMode.allCases.map(\.rawValue))
      }
      switches.scaleMode = mode
    }
    switches.smoothing = try reader.float("scale-smoothing", in: 0...1) ?? switches.smoothing
    if let value = map["gradient-mask"] {
      // YAML 1.1 reads a bare on/off as true/false.
      switch value {
      case let flag as Bool: switches.mask = flag
      case let word as String where word == "on" || word == "off": switches.mask = word == "on"
      default: throw reader.invalid("gradient-mask", "\(value)", ["on", "off"])
      }
    }
    if let value = try reader.string("reset") {
      guard let mode = ResetMode(rawValue: value) else {
        throw reader.invalid("reset", value, ResetMode.allCases.map(\.rawValue))
      }
      switches.reset = mode
    }
    if let value = try reader.string("sweep") {
      let parts = value.split(separator: "=", maxSplits: 1)
      guard parts.count == 2, Self.knownKeys.contains(String(parts[0])), !parts[1].isEmpty else {
        throw WorkbenchError.invalidValue(
          source: reader.source, key: "sweep", value: value,
          allowed: "KEY=V1,V2,… with a preset key, e.g. scale-factor=layer,neuron")
      }
      sweep = value
    }
    if let value = try reader.string("spike-rule") {
      guard let rule = EngineSwitches.SpikeRule(rawValue: value) else {
        throw reader.invalid("spike-rule", value, EngineSwitches.SpikeRule.allCases.map(\.rawValue))
      }
      switches.spikeRule = rule
    }
  }

  /// The switch keys as YAML lines.
  var switchLines: [String] {
    [
      "scale-factor: \(switches.scaleMode.rawValue)",
      "scale-smoothing: \(switches.smoothing)",
      "gradient-mask: \(switches.mask ? "\"on\"" : "\"off\"")",
      "reset: \(switches.reset.rawValue)",
      "spike-rule: \(switches.spikeRule.rawValue)",
    ] + (sweep.map { ["sweep: \"\($0)\""] } ?? [])
  }
}
