// What the Experiments screen lists: the shipped presets (with their data status and a
// run-time estimate) and the recorded runs found under a runs folder.

import Foundation

/// One entry of the Experiments screen.
public struct ExperimentItem: Sendable, Equatable {
  public enum Kind: String, Sendable { case preset, run }
  public let kind: Kind
  /// The preset name, or the run folder's path.
  public let name: String
  public let detail: String
  public let data: String
  public let time: String
}

/// Builds the list of the Experiments screen.
public enum ExperimentCatalogue {
  /// Presets first (training presets and the Table 4 experiment), then runs, newest first.
  public static func items(runsFolder: String = "runs", dataDirectory: String? = nil)
    -> [ExperimentItem]
  {
    var items: [ExperimentItem] = []
    for name in PresetLibrary.names() {
      guard let preset = try? PresetLibrary.load(name) else { continue }
      let estimate = PresetEstimate(preset: preset, dataDirectory: dataDirectory)
      let paper = preset.paperAccuracy.map { String(format: " (paper %.2f %%)", $0) } ?? ""
      items.append(
        ExperimentItem(
          kind: .preset, name: name, detail: preset.paperReference + paper,
          data: estimate.dataStatus, time: estimate.durationText))
    }
    let manager = FileManager.default
    let folders = (try? manager.contentsOfDirectory(atPath: runsFolder)) ?? []
    var runs: [(path: String, date: Date, item: ExperimentItem)] = []
    for folder in folders {
      let path = runsFolder + "/" + folder
      guard manager.fileExists(atPath: path + "/metrics.jsonl") else { continue }
      let attributes = try? manager.attributesOfItem(atPath: path + "/metrics.jsonl")
      let date = attributes?[.modificationDate] as? Date ?? .distantPast
      let epochs = ((try? String(contentsOfFile: path + "/epochs.csv", encoding: .utf8)) ?? "")
        .split(separator: "\n").dropFirst()
      let last = epochs.last?.split(separator: ",")
      let accuracy = last.flatMap { $0.count > 3 ? Double($0[3]) : nil }
      let detail =
        "\(epochs.count) epoch\(epochs.count == 1 ? "" : "s")"
        + (accuracy.map { String(format: ", test %.2f %%", $0 * 100) } ?? "")
      runs.append(
        (
          path, date,
          ExperimentItem(kind: .run, name: path, detail: detail, data: "recorded", time: "replay")
        ))
    }
    items += runs.sorted { $0.date > $1.date }.map(\.item)
    return items
  }
}
