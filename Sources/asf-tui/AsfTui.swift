// The root command of asf-tui: with no command it opens the workbench on a preset; the
// subcommands run headless.

import ArgumentParser
import Foundation
import SpikingCore
import TerminalKit
import Workbench
import WorkbenchUI

struct AsfTui: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "asf-tui",
    abstract: "A terminal workbench for training spiking neural networks with ASF-BP.",
    discussion: """
      With no command, asf-tui opens the live workbench and trains the default preset \
      (digits-lenet-if: LeNet on synthetic digits, no download needed) or the one given with \
      --preset. Keys: space pause, . one batch, +/- threshold, [/] time window, n/p layer, \
      s save, ? help, q quit.
      """,
    version: AsfTui.version,
    subcommands: [
      Open.self, Neuron.self, Train.self, Eval.self, Replay.self, Table4.self, Bench.self,
      Presets.self, Screenshot.self, DataCommand.self, Sweep.self, Follow.self, Export.self,
      Import.self,
    ],
    defaultSubcommand: Open.self)

  /// The release, as `--version` prints it.
  static let version = "asf-tui 0.3.0"
}

/// `asf-tui open` (the default): the live workbench.
struct Open: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Open the live workbench on a preset (the default command).")

  @OptionGroup var options: PresetOptions

  @Option(help: "The run folder (default: runs/<preset>-<date>-<time>).")
  var out: String?

  @Flag(help: "Draw with plain ASCII instead of braille and block characters.")
  var ascii = false

  @Flag(help: "Start paused.")
  var paused = false

  @Option(
    help: ArgumentHelp(
      "Open a checkpoint's network, paused (its preset unless --preset is given): its spikes on the next batch, Vth and T to change, A to measure the test accuracy; space trains on. A file, or a trained network shipped with asf-tui (see 'asf-tui presets').",
      valueName: "FILE|NAME"))
  var checkpoint: String?

  @Option(help: "The engine: swift (this process) or torch (the PyTorch backend, a child process).")
  var backend: Backend = .swift

  @Option(help: ArgumentHelp("With --backend torch: the Python to run it.", valueName: "PATH"))
  var python: String?

  @Option(help: "With --backend torch: data-parallel processes (torchrun) on this machine.")
  var nproc = 1

  enum Backend: String, ExpressibleByArgument, CaseIterable {
    case swift, torch
  }

  func validate() throws {
    if (python != nil || nproc != 1) && backend != .torch {
      throw ValidationError("--python and --nproc go with --backend torch.")
    }
    guard (1...64).contains(nproc) else {
      throw ValidationError("--nproc must be from 1 to 64, not \(nproc).")
    }
    if checkpoint != nil && backend == .torch {
      throw ValidationError(
        "--checkpoint opens a checkpoint in the Swift engine; the PyTorch backend resumes with 'asf-tui train --backend torch --resume'."
      )
    }
  }

  func run() throws {
    if backend == .torch {
      try openTorchWorkbench(
        options: options, out: out, ascii: ascii, paused: paused, python: python,
        processes: nproc)
      return
    }
    try openWorkbench(
      options: options, out: out, ascii: ascii, paused: paused || checkpoint != nil,
      neuronLab: false, checkpoint: checkpoint)
  }
}

/// Opens the workbench in the terminal; the training session runs in the background.
func openWorkbench(
  options: PresetOptions, out: String?, ascii: Bool, paused: Bool, neuronLab: Bool,
  lesson: NeuronLesson? = nil, presentation: Bool = false, checkpoint path: String? = nil
) throws {
  // A checkpoint is read (and refused) before the terminal is taken.
  let saved = try path.map { path in try reportingErrors { try CheckpointSource.read(path) } }
  try requireTerminal("the workbench")
  let preset = try reportingErrors {
    // The checkpoint's preset, unless one is named on the command line.
    let base = try saved.flatMap { saved in
      options.preset != nil ? nil : try Preset(yaml: saved.header.preset, source: path ?? "")
    }
    let preset = try options.resolve(base: base)
    if !neuronLab { try preset.requireTraining() }
    return preset
  }
  // The neuron lab trains nothing unless asked: no run folder unless one is named.
  let folder = neuronLab ? out : (out ?? Train.defaultFolder(for: preset.name))
  let dataDirectory = options.dataDir
  let channel = SessionChannel(initial: SessionSnapshot(presetName: preset.name))
  let session = TrainingSession(channel: channel, startPaused: paused) {
    try TrainingRun(
      preset: preset,
      data: try DataSplits.load(
        for: preset, dataDirectory: dataDirectory, progress: channel.progress),
      folder: folder, resume: saved, resumePath: path ?? "")
  }
  // The first launch of the workbench on its Train screen says where to start, once.
  let welcome = !neuronLab && Welcome.isDue()
  if welcome { Welcome.markShown() }
  MainActor.assumeIsolated {
    WorkbenchLoop(
      session: session, ascii: ascii || !NcursesTerminal.localeIsUTF8(),
      startInNeuronLab: neuronLab, lesson: lesson, presentation: presentation, welcome: welcome,
      makeSession: experimentSession(dataDirectory: dataDirectory),
      startMeasurement: speedMeasurement(dataDirectory: dataDirectory)
    ).run()
  }
  let final = channel.snapshot
  if case .failed(let message) = final.state {
    FileHandle.standardError.write(Data("error: \(message)\n".utf8))
    throw ExitCode.failure
  }
  let accuracy = final.testAccuracy.last.map { String(format: "%.2f %%", $0 * 100) } ?? "n/a"
  // The run that trained last (it may be a preset started from the Experiments screen).
  print(
    "asf-tui: \(final.batchesDone) batches trained, last test accuracy \(accuracy)"
      + (final.runFolder.map { "; run folder \($0)" } ?? "; no run folder written"))
  try exitAfterSignal()
}

/// Throws (exit status 2) unless stdin and stdout are a terminal that can show `what`.
func requireTerminal(_ what: String) throws {
  let hint = "Use 'asf-tui train --preset NAME' to train without a screen."
  guard isatty(STDIN_FILENO) != 0, isatty(STDOUT_FILENO) != 0 else {
    FileHandle.standardError.write(
      Data("error: \(what) needs a terminal (stdin and stdout are not one). \(hint)\n".utf8))
    throw ExitCode(2)
  }
  if let reason = NcursesTerminal.unsuitability() {
    FileHandle.standardError.write(
      Data(
        "error: \(what) needs a terminal that can move the cursor, but \(reason). \(hint)\n".utf8))
    throw ExitCode(2)
  }
}

/// Ends with 128 + the signal's number (130 after Ctrl-C, 143 after SIGTERM) when one
/// ended the screen, as a shell reports a process killed by it.
func exitAfterSignal() throws {
  if let number = MainActor.assumeIsolated({ NcursesTerminal.terminationSignalNumber }) {
    throw ExitCode(128 + number)
  }
}

/// Starts what the Experiments screen chose: a fresh training session of a preset (with its
/// own run folder), or the replay of a recorded run.
@MainActor
func experimentSession(dataDirectory: String?)
  -> @MainActor (ExperimentItem) throws -> any SessionDriver
{
  { item in
    switch item.kind {
    case .run:
      return try ReplaySession(folder: item.name)
    case .shipped:
      return try ReplaySession(folder: ShippedRecording.named(item.name).folder)
    case .sweep, .speed:
      // The Experiments screen shows these itself; they start no session.
      throw CommandError.resultsOnly(path: item.name)
    case .preset:
      let preset = try PresetLibrary.load(item.name)
      try preset.requireTraining()
      let folder = Train.defaultFolder(for: preset.name)
      let channel = SessionChannel(initial: SessionSnapshot(presetName: preset.name))
      return TrainingSession(channel: channel) {
        try TrainingRun(
          preset: preset,
          data: try DataSplits.load(
            for: preset, dataDirectory: dataDirectory, progress: channel.progress),
          folder: folder)
      }
    }
  }
}
