// `asf-tui train`: headless training with a progress bar (or plain lines), metrics, checkpoints.

import ArgumentParser
import Foundation
import SpikingCore
import Workbench

struct Train: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract:
      "Train a preset without the screen: progress on stderr, metrics and checkpoints in a run folder."
  )

  @OptionGroup var options: PresetOptions

  @Option(help: "The run folder (default: runs/<preset>-<date>-<time>).")
  var out: String?

  @Option(help: "Continue from this checkpoint (its preset, unless --preset is given too).")
  var resume: String?

  @Flag(help: "Print plain progress lines even on a terminal.")
  var plain = false

  func run() throws {
    try reportingErrors {
      try train()
    }
  }

  private func train() throws {
    var checkpoint: Checkpoint?
    var preset: Preset
    if let resume {
      let saved = try Checkpoint.read(from: resume)
      checkpoint = saved
      // The checkpoint's preset, unless one is named on the command line.
      preset = try options.resolve(
        base: options.preset != nil ? nil : try Preset(yaml: saved.header.preset, source: resume))
    } else {
      preset = try options.resolve()
    }
    try preset.requireTraining()
    let folder = out ?? Self.defaultFolder(for: preset.name)
    let data = try DataSplits.load(for: preset, dataDirectory: options.dataDir)
    let run = try TrainingRun(
      preset: preset, data: data, folder: folder, resume: checkpoint, resumePath: resume ?? "")
    let progress = ProgressPrinter(plain: plain || isatty(STDERR_FILENO) == 0)
    for notice in run.notices { progress.line("note: \(notice)") }
    progress.line(
      "training \(preset.name): \(data.train.count) train / \(data.test.count) test samples, T=\(preset.timeSteps), batch \(preset.batchSize), \(preset.neuron.rawValue.uppercased()) neurons; run folder \(folder)"
    )
    let start = Date()
    // Between batches the run folder's control.jsonl is read (follow --control writes it).
    let steering = RunSteering(run: run)
    var results: [EpochResult] = []
    var agreement = AgreementSummary(layers: run.trainer.network.layers)
    while !run.isFinished {
      guard steering.boundary(say: { progress.line($0) }) else {
        progress.finish()
        if let sentence = agreement.sentence { print(sentence) }
        print(try steering.finishStopped())
        return
      }
      for event in try run.step() {
        switch event {
        case .epoch(let result): results.append(result)
        case .batch(let batch):
          if let measured = batch.statistics.gradientAgreement { agreement.add(measured) }
        case .checkpoint: break
        }
        progress.show(event)
      }
    }
    progress.finish()
    if let sentence = agreement.sentence { print(sentence) }
    if results.isEmpty, checkpoint != nil {
      throw CommandError.nothingToTrain(
        checkpoint: resume ?? "", epochsDone: run.epoch, epochs: preset.epochs)
    }
    let seconds = Int(Date().timeIntervalSince(start).rounded())
    let epochs = results.count
    let accuracy = results.last.map { String(format: "%.2f", $0.testAccuracy * 100) } ?? "n/a"
    print(
      "done: \(epochs) epoch\(epochs == 1 ? "" : "s"), test accuracy \(accuracy) %, \(seconds) s")
  }

  /// runs/NAME-DATE-TIME, unique even for runs started in the same second: the folder is
  /// reserved by creating it (mkdir is atomic; the next free -2, -3, … is taken), and
  /// removed at exit when the run left it empty (a launch that trained nothing).
  static func defaultFolder(for name: String) -> String {
    let formatter = DateFormatter()
    formatter.dateFormat = "yyyyMMdd-HHmmss"
    let base = "runs/\(RunFolder.safeName(name))-\(formatter.string(from: Date()))"
    try? FileManager.default.createDirectory(atPath: "runs", withIntermediateDirectories: true)
    for n in 1...1000 {
      let candidate = n == 1 ? base : "\(base)-\(n)"
      if mkdir(candidate, 0o755) == 0 {
        ReservedFolders.add(candidate)
        return candidate
      }
      guard errno == EEXIST else { return base }  // not writable: the run's own error says so
    }
    return base
  }
}

/// Run folders reserved by `Train.defaultFolder`, removed at exit if still empty.
enum ReservedFolders {
  nonisolated(unsafe) private static var paths: [String] = []
  nonisolated(unsafe) private static var registered = false

  static func add(_ path: String) {
    paths.append(path)
    guard !registered else { return }
    registered = true
    atexit {
      for path in ReservedFolders.paths { rmdir(path) }  // fails, as it should, when not empty
      rmdir("runs")  // the same: only when nothing was written there
    }
  }
}
