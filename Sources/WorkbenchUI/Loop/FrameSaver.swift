// Saving what the workbench shows (the f key): the frame as SVG, for slides and papers, and
// as text, for notes and diffs, named by what it shows (epoch and batch of a run), into the
// run folder of a live run, else into runs/frames. An existing frame is never overwritten.

import Foundation
import TerminalKit
import Workbench

/// Writes frames of the workbench to files.
enum FrameSaver {
  /// The folder and base name for the frame of `snapshot` on `screen`.
  static func target(snapshot: SessionSnapshot, screen: ScreenKind) -> (
    folder: String, name: String
  ) {
    let folder = !snapshot.isReplay ? snapshot.runFolder ?? "runs/frames" : "runs/frames"
    let run = snapshot.presetName.isEmpty ? "" : snapshot.presetName + "-"
    switch screen {
    case .train:
      // Named as the status bar names the batch shown: a finished run's last batch, not
      // the first batch of an epoch that never began.
      let finished = snapshot.state == .finished && !snapshot.isReplay
      let epoch = min(snapshot.epoch + 1, max(1, snapshot.epochs))
      let batch = finished ? snapshot.batchesPerEpoch : snapshot.batch
      return (folder, "\(run)frame-epoch\(epoch)-batch\(batch)")
    case .neuronLab: return (folder, "neuron-lab")
    case .experiments: return (folder, "experiments")
    case .help: return (folder, "help")
    }
  }

  /// Writes `canvas` as `folder`/`name`.svg and .txt (a suffix -2, -3, … keeps earlier
  /// frames), creating the folder; returns the SVG's path.
  static func save(_ canvas: Canvas, folder: String, name: String, title: String) throws -> String {
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    var base = folder + "/" + name
    var copy = 2
    while FileManager.default.fileExists(atPath: base + ".svg")
      || FileManager.default.fileExists(atPath: base + ".txt")
    {
      base = folder + "/" + name + "-\(copy)"
      copy += 1
    }
    try SVGRenderer.render(canvas, title: title).write(
      toFile: base + ".svg", atomically: true, encoding: .utf8)
    try (TextRenderer.render(canvas) + "\n").write(
      toFile: base + ".txt", atomically: true, encoding: .utf8)
    return base + ".svg"
  }
}
