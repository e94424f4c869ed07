// The neuron lab's lesson: short steps, each setting up the neuron and explaining one idea.
// The text lives in a YAML file (the shipped one is Lessons/neuron-lab.yaml in this module's
// resources) that a lecturer can copy, edit, translate or reorder and open with
// `asf-tui neuron --lessons FILE`, without rebuilding. Every step starts from the Table 4
// neuron and changes only what it names.

import Foundation
import SpikingCore
import Yams

/// A lesson of the neuron lab.
public struct NeuronLesson: Sendable, Equatable {
  /// One step: a title, two or three sentences, the neuron it runs from its seed, and what
  /// the class will see (claims checked on the step's first windows).
  public struct Step: Sendable, Equatable {
    public let title: String
    public let text: String
    public let settings: NeuronLabSettings
    /// Time steps per frame (1: slow enough to talk over).
    public let speed: Int
    /// The seed of the step's pixels and synapses (by default the step's number): the
    /// windows the class sees, and the ones the claims are checked on.
    public let seed: UInt64
    public let expectations: [LessonClaim]
  }

  public let title: String
  public let steps: [Step]

  /// The keys a step may have, and those of its `neuron` mapping.
  public static let stepKeys = ["title", "text", "neuron", "speed", "seed", "expect"]
  public static let neuronKeys = [
    "input", "threshold", "leak", "reset", "synapses", "weight-total", "time-steps",
  ]

  /// The shipped lesson's file: Lessons/neuron-lab.yaml of this module's resources.
  public static var shippedPath: String? {
    Bundle.module.url(forResource: "Lessons", withExtension: nil)?
      .appendingPathComponent("neuron-lab.yaml").path
  }

  /// Reads the lesson at `path` (the shipped one when nil); steps start from `base`.
  public static func load(path: String?, base: NeuronLabSettings) throws -> NeuronLesson {
    guard let file = path ?? shippedPath else {
      throw WorkbenchError.unreadablePreset(
        path: "Lessons/neuron-lab.yaml", reason: "the shipped lesson is missing from the bundle")
    }
    let text: String
    do {
      text = try String(contentsOfFile: file, encoding: .utf8)
    } catch {
      throw WorkbenchError.unreadablePreset(path: file, reason: plainReason(error))
    }
    return try NeuronLesson(yaml: text, source: file, base: base)
  }

  /// Parses a lesson; `source` names it in errors.
  public init(yaml: String, source: String, base: NeuronLabSettings) throws {
    let root: Node?
    do {
      try Preset.checkNesting(yaml, source: source)
      root = try Yams.compose(yaml: yaml)
      if let root { try Preset.checkStructure(root, source: source) }
    } catch let error as WorkbenchError {
      throw error
    } catch {
      throw WorkbenchError.invalidYAML(source: source, reason: clipped("\(error)", to: 400))
    }
    guard let root, case .mapping(let top) = root else {
      throw WorkbenchError.invalidYAML(
        source: source, reason: "a lesson is a mapping with 'title' and 'steps'")
    }
    for key in top.keys.compactMap(\.string) where !["title", "steps"].contains(key) {
      throw WorkbenchError.unknownKey(source: source, key: key, known: ["title", "steps"])
    }
    title = top["title"]?.string ?? "Lesson"
    guard let list = top["steps"], case .sequence(let items) = list, !items.isEmpty else {
      throw WorkbenchError.missingKey(source: source, key: "steps (a list of at least one step)")
    }
    steps = try items.enumerated().map { index, item in
      try Self.step(item, number: index + 1, source: "\(source), step \(index + 1)", base: base)
    }
  }

  private static func step(
    _ node: Node, number: Int, source: String, base: NeuronLabSettings
  ) throws -> Step {
    guard case .mapping(let pairs) = node else {
      throw WorkbenchError.invalidYAML(
        source: source, reason: "a step is a mapping with title, text, neuron and speed")
    }
    for key in pairs.keys.compactMap(\.string) where !stepKeys.contains(key) {
      throw WorkbenchError.unknownKey(source: source, key: key, known: stepKeys)
    }
    guard let title = pairs["title"]?.string, !title.isEmpty else {
      throw WorkbenchError.missingKey(source: source, key: "title")
    }
    guard let text = pairs["text"]?.string, !text.isEmpty else {
      throw WorkbenchError.missingKey(source: source, key: "text")
    }
    var speed = 1
    if let value = pairs["speed"] {
      guard let number = value.plainInt, (1...50).contains(number) else {
        throw WorkbenchError.invalidValue(
          source: source, key: "speed", value: yamlText(value.any),
          allowed: "a whole number of steps per frame from 1 to 50")
      }
      speed = number
    }
    var settings = base
    if let neuron = pairs["neuron"] {
      guard case .mapping(let values) = neuron else {
        throw WorkbenchError.invalidValue(
          source: source, key: "neuron", value: yamlText(neuron.any),
          allowed: "a mapping of \(neuronKeys.joined(separator: ", "))")
      }
      settings = try Self.settings(values, source: source, base: base)
    }
    var seed = UInt64(number)
    if let value = pairs["seed"] {
      guard let number = value.plainInt, number >= 0 else {
        throw WorkbenchError.invalidValue(
          source: source, key: "seed", value: yamlText(value.any),
          allowed: "a whole number from 0 (the step's pixels and synapses)")
      }
      seed = UInt64(number)
    }
    let expectations = try pairs["expect"].map { try Self.claims($0, source: source) } ?? []
    let flowing = text.split(whereSeparator: \.isNewline).joined(separator: " ")
    return Step(
      title: title, text: flowing, settings: settings, speed: speed, seed: seed,
      expectations: expectations)
  }

  /// A step's `expect` mapping: claim name → a range [a, b], a number, or true.
  private static func claims(_ node: Node, source: String) throws -> [LessonClaim] {
    guard case .mapping(let pairs) = node else {
      throw WorkbenchError.invalidValue(
        source: source, key: "expect", value: yamlText(node.any),
        allowed: "a mapping of \(LessonClaim.names.joined(separator: ", "))")
    }
    return try pairs.map { keyNode, value in
      let key = keyNode.string ?? ""
      func range(_ what: String) throws -> ClosedRange<Float> {
        guard case .sequence(let ends) = value, ends.count == 2, let a = ends[0].plainDouble,
          let b = ends[1].plainDouble, a <= b, a.isFinite, b.isFinite
        else {
          throw WorkbenchError.invalidValue(
            source: source, key: "expect.\(key)", value: yamlText(value.any),
            allowed: "[a, b] with a ≤ b: \(what)")
        }
        return Float(a)...Float(b)
      }
      func whole(_ what: String) throws -> ClosedRange<Int> {
        let r = try range(what)
        guard r.lowerBound == r.lowerBound.rounded(), r.upperBound == r.upperBound.rounded(),
          r.lowerBound >= 0, r.upperBound <= 1e9
        else {
          throw WorkbenchError.invalidValue(
            source: source, key: "expect.\(key)", value: "[\(r.lowerBound), \(r.upperBound)]",
            allowed: "whole numbers from 0 to 1e9: \(what)")
        }
        return Int(r.lowerBound)...Int(r.upperBound)
      }
      switch key {
      case "spikes": return .spikes(try whole("the output spikes of a window"))
      case "first-spike": return .firstSpike(try whole("the step of the first spike, from 1"))
      case "membrane-peak": return .membranePeak(try range("the highest u, in Vth"))
      case "scale-factor": return .scaleFactor(try range("S as a share of 1/Vth"))
      case "input-per-step": return .inputPerStep(try range("the mean input per step, in Vth"))
      case "input-rate":
        return .inputRate(try range("the share of synapse-steps that fire, 0 to 1"))
      case "leak-drop":
        guard let x = value.plainDouble, (0...100).contains(x) else {
          throw WorkbenchError.invalidValue(
            source: source, key: "expect.leak-drop", value: yamlText(value.any),
            allowed: "a percentage from 0 to 100 that u loses on a step without input")
        }
        return .leakDrop(atLeast: Float(x))
      case "fewer-spikes-than-if":
        guard value.bool == true else {
          throw WorkbenchError.invalidValue(
            source: source, key: "expect.fewer-spikes-than-if", value: yamlText(value.any),
            allowed: "true")
        }
        return .fewerSpikesThanIF
      case "scale-factor-below":
        let r = try range("the input range [a, b] of the neuron compared, 0 ≤ a ≤ b ≤ 1")
        guard r.lowerBound >= 0, r.upperBound <= 1 else {
          throw WorkbenchError.invalidValue(
            source: source, key: "expect.scale-factor-below",
            value: "[\(r.lowerBound), \(r.upperBound)]", allowed: "0 ≤ a ≤ b ≤ 1")
        }
        return .scaleFactorBelow(input: r)
      default:
        throw WorkbenchError.unknownKey(
          source: source, key: "expect.\(key)", known: LessonClaim.names)
      }
    }
  }

  private static func settings(
    _ values: Node.Mapping, source: String, base: NeuronLabSettings
  ) throws -> NeuronLabSettings {
    var s = base
    for (keyNode, value) in values {
      let key = keyNode.string ?? ""
      func number(_ range: ClosedRange<Double>, _ allowed: String) throws -> Double {
        guard let x = value.plainDouble, range.contains(x) else {
          throw WorkbenchError.invalidValue(
            source: source, key: "neuron.\(key)", value: yamlText(value.any),
            allowed: allowed)
        }
        return x
      }
      switch key {
      case "input":
        guard case .sequence(let ends) = value, ends.count == 2,
          let a = ends[0].plainDouble, let b = ends[1].plainDouble, 0 <= a, a <= b, b <= 1
        else {
          throw WorkbenchError.invalidValue(
            source: source, key: "neuron.input", value: yamlText(value.any),
            allowed: "[a, b] with 0 ≤ a ≤ b ≤ 1, the range pixels are drawn from")
        }
        (s.lower, s.upper) = (Float(a), Float(b))
      case "threshold":
        let range = Limits.threshold
        s.threshold = Float(
          try number(
            Double(range.lowerBound)...Double(range.upperBound),
            "a number from \(range.lowerBound) to \(range.upperBound)"))
      case "leak": s.leak = Float(try number(0.5...1, "a number from 0.5 to 1 (1 is IF)"))
      case "reset":
        guard let mode = value.string.flatMap(ResetMode.init(rawValue:)) else {
          throw WorkbenchError.invalidValue(
            source: source, key: "neuron.reset", value: yamlText(value.any),
            allowed: "hard or subtract")
        }
        s.reset = mode
      case "synapses": s.synapses = Int(try number(1...1000, "a whole number from 1 to 1000"))
      case "weight-total":
        s.weightTotal = Float(try number(0.05...100, "a number from 0.05 to 100"))
      case "time-steps": s.timeSteps = Int(try number(5...1000, "a whole number from 5 to 1000"))
      default:
        throw WorkbenchError.unknownKey(source: source, key: "neuron.\(key)", known: neuronKeys)
      }
    }
    return s
  }
}

extension Node {
  /// A whole number as written (Swift's parser): YAML 1.1's base 60 (`1:30`), whose overflow
  /// traps in the YAML library, is not a number here.
  fileprivate var plainInt: Int? {
    guard case .scalar(let scalar) = self else { return nil }
    return Int(scalar.string)
  }

  /// A number as written (Swift's parser), for the same reason.
  fileprivate var plainDouble: Double? {
    guard case .scalar(let scalar) = self else { return nil }
    return Double(scalar.string)
  }
}
