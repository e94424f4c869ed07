// A finished result the Experiments screen can show: a time-window sweep (Figure 4) or a
// speed comparison (Figure 3), read from its folder. Drawing it is the UI's job.

import Foundation

/// The results of a sweep or speed-comparison folder, or why they could not be read.
public enum ExperimentResult: Sendable, Equatable {
  /// The runs of `folder`/sweep.csv.
  case sweep(folder: String, runs: [SweepRun])
  /// The rows of `folder`/asf-vs-bptt.csv.
  case speed(folder: String, comparison: SpeedComparison)
  /// The folder's CSV is missing or malformed; `reason` says how, as a sentence.
  case unreadable(folder: String, reason: String)

  /// Reads the results of a sweep or speed item; nil for presets and training runs (shipped
  /// or recorded here), which have no results to show. A read error becomes `.unreadable`, never a throw.
  public init?(loading item: ExperimentItem) {
    do {
      switch item.kind {
      case .sweep:
        self = .sweep(folder: item.name, runs: try TimeWindowSweep.load(folder: item.name))
      case .speed:
        self = .speed(folder: item.name, comparison: try SpeedComparison.load(folder: item.name))
      case .preset, .shipped, .run: return nil
      }
    } catch {
      self = .unreadable(folder: item.name, reason: "\(error)")
    }
  }

  /// The folder the result was read from.
  public var folder: String {
    switch self {
    case .sweep(let folder, _), .speed(let folder, _), .unreadable(let folder, _): folder
    }
  }
}
