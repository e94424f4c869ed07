// The `--T 100,200,300` option of the commands that run one measurement or run per time
// window (`sweep`, `bench asf-vs-bptt`): parsing, its validation error, and the default.

import ArgumentParser
import SpikingCore

enum TimeWindowList {
  /// The windows of `text`; [] when the option was not given, nil when it is not a
  /// comma-separated list of integers from 1 to 10000.
  static func parse(_ text: String?) -> [Int]? {
    guard let text else { return [] }
    let values = text.split(separator: ",").map {
      Int($0.trimmingCharacters(in: .whitespaces))
    }
    guard !values.isEmpty, values.allSatisfy({ $0.map { Limits.timeSteps.contains($0) } ?? false })
    else { return nil }
    return values.compactMap { $0 }
  }

  /// Throws the validation error of a bad list.
  static func validate(_ text: String?) throws {
    guard let windows = parse(text) else {
      throw ValidationError(
        "--T must be a comma-separated list of time windows from 1 to 10000, not '\(text ?? "")'.")
    }
    var seen = Set<Int>()
    for window in windows where !seen.insert(window).inserted {
      throw ValidationError(
        "--T lists \(window) twice ('\(text ?? "")'): each time window is trained or measured once; list each once."
      )
    }
  }

  /// The windows given, else `fallback` (a preset's time-windows).
  static func resolve(_ text: String?, fallback: [Int]) -> [Int] {
    let given = parse(text) ?? []
    return given.isEmpty ? fallback : given
  }
}
