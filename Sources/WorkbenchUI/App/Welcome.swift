// The first launch's welcome: a box over the Train screen that says what the screen shows
// and where to go first (the neuron lab's lesson). It shows once per user: a marker file in
// the XDG state folder (~/.local/state/asf-tui/welcomed) says it was shown; ASF_TUI_WELCOME=0
// keeps it away (scripts, tests).

import Foundation
import TerminalKit

/// Whether to welcome, and the note that it was done.
public enum Welcome {
  /// The marker file's path under `environment`.
  public static func markerPath(environment: [String: String]) -> String {
    let state =
      environment["XDG_STATE_HOME"].flatMap { $0.isEmpty ? nil : $0 }
      ?? (environment["HOME"] ?? NSHomeDirectory()) + "/.local/state"
    return state + "/asf-tui/welcomed"
  }

  /// True on a first launch: no marker yet and not turned off.
  public static func isDue(environment: [String: String] = ProcessInfo.processInfo.environment)
    -> Bool
  {
    environment["ASF_TUI_WELCOME"] != "0"
      && !FileManager.default.fileExists(atPath: markerPath(environment: environment))
  }

  /// Writes the marker (a folder that cannot be written only means a welcome next time too).
  public static func markShown(environment: [String: String] = ProcessInfo.processInfo.environment)
  {
    let path = markerPath(environment: environment)
    let folder = (path as NSString).deletingLastPathComponent
    try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    FileManager.default.createFile(atPath: path, contents: Data("shown\n".utf8))
  }

  /// The box's lines.
  static let lines: [HelpLine] = [
    .paragraph(
      "This screen trains a small spiking network (LeNet on synthetic digits, about 20 "
        + "seconds here) and shows it learn: spikes, input and output flows, scale factors, "
        + "accuracy and loss."),
    .heading("Where to go first"),
    .entry("2, then g", "the neuron lab's lesson: one spiking neuron in ten steps"),
    .entry("3", "the paper's experiments, and a recorded Table 1 run that replays at once"),
    .entry("?", "every key, the mouse, and what FI, FO, S and the other words mean"),
    .entry("space", "pause the training (space again goes on)"),
    .heading("Any key closes this; it shows on the first launch only."),
  ]
}
