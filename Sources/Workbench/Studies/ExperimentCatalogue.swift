// What the Experiments screen lists: the shipped presets (with their data status and a
// run-time estimate) and what was recorded under a runs folder: training runs, time-window
// sweeps and speed comparisons. Only the folder's direct children are looked at, so the
// runs inside a sweep folder (T100/, T200/, …) are not listed on their own.

import Foundation

/// One entry of the Experiments screen.
public struct ExperimentItem: Sendable, Equatable {
  /// A shipped preset, a recording shipped with asf-tui, a recorded training run, a
  /// time-window sweep (Figure 4) or an ASF-BP against BPTT speed comparison (Figure 3).
  public enum Kind: String, Sendable { case preset, shipped, run, sweep, speed }
  public let kind: Kind
  /// The preset or shipped recording's name, or the folder's path.
  public let name: String
  public let detail: String
  public let data: String
  public let time: String
  /// A preset's experiment ("training", "table4", "training-time"); "" for folders.
  public var experiment = ""
  /// A training preset's estimated run time here, in seconds (nil when unknown).
  public var seconds: Double?

  public init(
    kind: Kind, name: String, detail: String = "", data: String = "", time: String = "",
    experiment: String = "", seconds: Double? = nil
  ) {
    self.kind = kind
    self.name = name
    self.detail = detail
    self.data = data
    self.time = time
    self.experiment = experiment
    self.seconds = seconds
  }
}

extension ExperimentItem {
  /// The run folder a recorded run or a shipped recording replays from; nil for other kinds.
  public var recordingFolder: String? {
    switch kind {
    case .run: name
    case .shipped: try? ShippedRecording.named(name).folder
    case .preset, .sweep, .speed: nil
    }
  }
}

/// Builds the list of the Experiments screen.
public enum ExperimentCatalogue {
  /// Presets first (training presets and the Table 4 experiment), then the recordings that
  /// ship with asf-tui, then the recorded runs, sweeps and speed comparisons together, newest
  /// first. A sweep or comparison whose CSV
  /// cannot be read is still listed, with the reason as its detail.
  public static func items(runsFolder: String = "runs", dataDirectory: String? = nil)
    -> [ExperimentItem]
  {
    var items: [ExperimentItem] = []
    for name in PresetLibrary.names() {
      guard let preset = try? PresetLibrary.load(name) else { continue }
      let estimate = PresetEstimate(preset: preset, dataDirectory: dataDirectory)
      let paper = preset.paperAccuracy.map { String(format: " (paper %.2f %%)", $0) } ?? ""
      var item = ExperimentItem(
        kind: .preset, name: name, detail: preset.paperReference + paper,
        data: estimate.dataStatus, time: estimate.durationText, experiment: preset.experiment)
      item.seconds = estimate.seconds
      items.append(item)
    }
    for recording in ShippedRecording.all() {
      items.append(
        ExperimentItem(
          kind: .shipped, name: recording.name, detail: recording.summary, data: "shipped",
          time: "replay"))
    }
    let folders = (try? FileManager.default.contentsOfDirectory(atPath: runsFolder)) ?? []
    var recorded: [(date: Date, item: ExperimentItem)] = []
    for folder in folders.sorted() {
      let path = runsFolder + "/" + folder
      if let entry = recordedRun(at: path) ?? sweep(at: path) ?? speedComparison(at: path) {
        recorded.append(entry)
      }
    }
    items += recorded.sorted { $0.date > $1.date }.map(\.item)
    return items
  }

  /// When `path`/`file` was last written; nil when there is no such file.
  private static func modificationDate(_ path: String, _ file: String) -> Date? {
    let manager = FileManager.default
    guard manager.fileExists(atPath: path + "/" + file) else { return nil }
    let attributes = try? manager.attributesOfItem(atPath: path + "/" + file)
    return attributes?[.modificationDate] as? Date ?? .distantPast
  }

  /// A training run folder (it has metrics.jsonl): its epochs and last test accuracy.
  private static func recordedRun(at path: String) -> (date: Date, item: ExperimentItem)? {
    guard let date = modificationDate(path, "metrics.jsonl") else { return nil }
    let epochs = CSVTable(
      (try? String(contentsOfFile: path + "/epochs.csv", encoding: .utf8)) ?? "")
    let accuracy = epochs.value("test_accuracy", inRow: epochs.rows.count - 1).flatMap(Double.init)
    let count = epochs.rows.count
    let detail =
      "\(count) epoch\(count == 1 ? "" : "s")"
      + (accuracy.map { String(format: ", test %.2f %%", $0 * 100) } ?? "")
    return (
      date,
      ExperimentItem(kind: .run, name: path, detail: detail, data: "recorded", time: "replay")
    )
  }

  /// A time-window sweep folder (it has sweep.csv): its range of T and best final accuracy,
  /// e.g. "T=100..500, best 94.70 % at T=300".
  private static func sweep(at path: String) -> (date: Date, item: ExperimentItem)? {
    guard let date = modificationDate(path, TimeWindowSweep.fileName) else { return nil }
    let detail: String
    do {
      let runs = try TimeWindowSweep.load(folder: path)
      let best = runs.max { ($0.testAccuracy.last ?? 0) < ($1.testAccuracy.last ?? 0) }
      let range: String
      if runs.first?.key == TimeWindowSweep.timeKey {
        let steps = runs.map(\.timeSteps)
        range =
          (steps.min() ?? 0) == (steps.max() ?? 0)
          ? "T=\(steps.min() ?? 0)" : "T=\(steps.min() ?? 0)..\(steps.max() ?? 0)"
      } else {
        range = "\(runs.first?.key ?? "") = " + runs.map(\.value).joined(separator: ", ")
      }
      detail =
        range
        + (best.map {
          String(format: ", best %.2f %% at ", ($0.testAccuracy.last ?? 0) * 100) + $0.label
        } ?? "")
    } catch {
      detail = "unreadable: \(error)"
    }
    return (
      date,
      ExperimentItem(kind: .sweep, name: path, detail: detail, data: "recorded", time: "chart")
    )
  }

  /// An ASF-BP against BPTT folder (it has asf-vs-bptt.csv): architecture, batch and the
  /// largest speed-up, e.g. "lenet, batch 64, up to 3.4x at T=500".
  private static func speedComparison(at path: String) -> (date: Date, item: ExperimentItem)? {
    guard let date = modificationDate(path, SpeedComparison.fileName) else { return nil }
    let detail: String
    do {
      let comparison = try SpeedComparison.load(folder: path)
      let fastest = comparison.rows.filter(\.speedup.isFinite).max { $0.speedup < $1.speedup }
      detail =
        "\(comparison.architecture), batch \(comparison.batchSize)"
        + (fastest.map {
          ", up to \(SpeedComparison.speedupText($0.speedup)) at T=\($0.timeSteps)"
        } ?? "")
    } catch {
      detail = "unreadable: \(error)"
    }
    return (
      date,
      ExperimentItem(kind: .speed, name: path, detail: detail, data: "measured", time: "chart")
    )
  }
}
