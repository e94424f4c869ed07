// Finding presets: by name among those shipped with asf-tui (Presets/ in the repository,
// bundled as resources), or by the path of a YAML file. Also writes a preset back as YAML.

import Foundation
import SpikingCore

/// The presets shipped with asf-tui, and loading by name or path.
public enum PresetLibrary {
  /// The preset used when none is named.
  public static let defaultName = "digits-lenet-if"

  /// Names of the shipped presets, sorted.
  public static func names() -> [String] {
    guard let folder = folderURL,
      let files = try? FileManager.default.contentsOfDirectory(atPath: folder.path)
    else { return [] }
    return files.filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }.sorted()
  }

  /// The shipped presets: the Presets folder of this module's resource bundle (SwiftPM puts
  /// it beside the executable), else ./Presets (a checkout).
  private static var folderURL: URL? {
    let candidates = [
      Bundle.module.url(forResource: "Presets", withExtension: nil),
      URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        .appendingPathComponent("Presets"),
    ]
    return candidates.compactMap { $0 }.first { FileManager.default.fileExists(atPath: $0.path) }
  }

  /// Loads `nameOrPath`: a shipped preset's name, or a path to a YAML file (anything with a
  /// slash or ending in .yaml/.yml).
  public static func load(_ nameOrPath: String) throws -> Preset {
    let looksLikePath =
      nameOrPath.contains("/") || nameOrPath.hasSuffix(".yaml") || nameOrPath.hasSuffix(".yml")
    let path: String
    if looksLikePath {
      path = nameOrPath
    } else {
      guard let folder = folderURL,
        FileManager.default.fileExists(
          atPath: folder.appendingPathComponent("\(nameOrPath).yaml").path)
      else { throw WorkbenchError.presetNotFound(name: nameOrPath, available: names()) }
      path = folder.appendingPathComponent("\(nameOrPath).yaml").path
    }
    var isFolder: ObjCBool = false
    let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isFolder)
    guard exists, !isFolder.boolValue, let data = FileManager.default.contents(atPath: path)
    else {
      let reason =
        !exists
        ? "no such file"
        : isFolder.boolValue
          ? "it is a folder; give a YAML file or a preset name" : "permission denied"
      throw WorkbenchError.unreadablePreset(path: path, reason: reason)
    }
    guard let text = String(data: data, encoding: .utf8) else {
      throw WorkbenchError.unreadablePreset(path: path, reason: "not UTF-8 text")
    }
    return try Preset(yaml: text, source: looksLikePath ? path : nameOrPath)
  }
}

extension Preset {
  /// `text` as a YAML double-quoted scalar that reads back to it: backslash and quote
  /// escaped, every character YAML does not allow raw (controls, U+FFFE/FFFF) written as an
  /// escape, and brackets too (`\x5B`), so that the nesting counted from the text before
  /// parsing (`checkNesting`) sees only the document's own.
  static func doubleQuoted(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
      let v = scalar.value
      switch v {
      case 0x5C: out += "\\\\"
      case 0x22: out += "\\\""
      case 0x5B, 0x5D, 0x7B, 0x7D: out += String(format: "\\x%02X", v)
      case 0x20...0x7E, 0xA0...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF:
        out.unicodeScalars.append(scalar)
      case 0...0xFF: out += String(format: "\\x%02X", v)
      default: out += String(format: "\\u%04X", v)
      }
    }
    return out + "\""
  }

  /// The preset as YAML, with every key written out (the resolved configuration of a run).
  public var yaml: String {
    func quoted(_ s: String) -> String { Self.doubleQuoted(s) }
    var lines = [
      "name: \(quoted(name))",
      "description: \(quoted(summary))",
      "reproduces: \(quoted(paperReference))",
    ]
    if let accuracy = paperAccuracy { lines.append("paper-accuracy: \(accuracy)") }
    lines += [
      "dataset: \(dataset.rawValue)",
      "network: \(architecture)",
    ]
    if architecture == "custom" {
      lines.append("layers:")
      let i = network.input
      lines.append("  - {input: [\(i.height), \(i.width), \(i.channels)]}")
      for layer in network.layers {
        switch layer {
        case .conv(let o, let k, let p):
          lines.append("  - {conv: \(o), kernel: \(k), padding: \(p)}")
        case .avgPool(let s): lines.append("  - {avgpool: \(s)}")
        case .maxPool(let s): lines.append("  - {maxpool: \(s)}")
        case .flatten: lines.append("  - flatten")
        case .linear(let o): lines.append("  - {linear: \(o)}")
        }
      }
    }
    lines +=
      [
        "neuron: \(neuron.rawValue)",
        "time-steps: \(timeSteps)",
        "threshold: \(threshold)",
        "pool-threshold: \(poolThreshold)",
        "encoder: \(encoder.rawValue)",
        "batch-size: \(batchSize)",
        "epochs: \(epochs)",
        "learning-rate: \(learningRate)",
        "weight-decay: \(weightDecay)",
        "lr-milestones: [\(lrMilestones.map(String.init).joined(separator: ", "))]",
        "lr-decay: \(lrDecayFactor)",
        "scale-update-period: \(scaleUpdatePeriod)",
        "loss: \(loss.rawValue)",
        "method: \(method.rawValue)",
        "sltt-steps: \(slttSteps)",
        "gradient-check: \(gradientCheck)",
        "seed: \(seed)",
        "train-limit: \(trainLimit)",
        "test-limit: \(testLimit)",
        "experiment: \(experiment)",
        "synapses: \(synapses)",
        "synaptic-weight-total: \(synapticWeightTotal)",
        "trials: \(trials)",
        "record-every: \(recordEvery)",
        "latency-samples: \(latencySamples)",
        "event-frames: \(eventFrames)",
        "workers: \(workers)",
      ] + switchLines
    if !timeWindows.isEmpty {
      lines.append("time-windows: [\(timeWindows.map(String.init).joined(separator: ", "))]")
    }
    return lines.joined(separator: "\n") + "\n"
  }
}
