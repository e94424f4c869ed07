// `asf-tui follow RUN_FOLDER [--control]`: shows a run while it is written elsewhere (a
// cluster job whose folder is on a shared or synced file system), and with --control steers
// it; and `asf-tui open --backend torch`: starts the PyTorch backend as a child process and
// follows its run folder with control, stopping it on quit.

import ArgumentParser
import Foundation
import TerminalKit
import Workbench
import WorkbenchUI

struct Follow: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Show a run while it is written (e.g. by the PyTorch backend on a cluster).",
    discussion: """
      Reads RUN_FOLDER/metrics.jsonl as it grows and shows it on the Train screen. With \
      --control the keys (space, ., +/-, [/], (/), s) are written to RUN_FOLDER/control.jsonl, \
      which the PyTorch backend reads at its next batch boundary; q leaves the run going.
      """)

  @Argument(help: "The run folder (it holds preset.yaml and metrics.jsonl).")
  var folder: String

  @Flag(help: "Steer the run with the workbench's keys.")
  var control = false

  @Flag(help: "Draw with plain ASCII instead of braille and block characters.")
  var ascii = false

  func run() throws {
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue
    else {
      FileHandle.standardError.write(
        Data("error: \(folder) is not a folder; name a run folder (it holds preset.yaml).\n".utf8))
      throw ExitCode.failure
    }
    try requireTerminal("following a run")
    let session = FollowSession(folder: folder, control: control)
    MainActor.assumeIsolated {
      WorkbenchLoop(session: session, ascii: ascii || !NcursesTerminal.localeIsUTF8()).run()
    }
    print("asf-tui: left \(folder) (the run goes on where it runs)")
    try exitAfterSignal()
  }
}

/// `open --backend torch`: the preset resolved here, trained by the PyTorch backend.
func openTorchWorkbench(
  options: PresetOptions, out: String?, ascii: Bool, paused: Bool, python: String?,
  processes: Int
) throws {
  try requireTerminal("the workbench")
  let preset = try reportingErrors {
    let preset = try options.resolve()
    try preset.requireTraining()
    return preset
  }
  let folder = out ?? Train.defaultFolder(for: preset.name)
  let child = try reportingErrors {
    try TorchBackend.start(
      preset: preset, folder: folder, dataDirectory: options.dataDir, python: python,
      paused: paused, processes: processes)
  }
  let session = FollowSession(folder: folder, control: true, child: child)
  MainActor.assumeIsolated {
    WorkbenchLoop(session: session, ascii: ascii || !NcursesTerminal.localeIsUTF8()).run()
  }
  // The loop's end stopped the session, which ended the backend's process group.
  if child.isRunning {
    killpg(child.processIdentifier, SIGKILL)
    child.waitUntilExit()
  }
  let final = session.channel.snapshot
  if case .failed(let message) = final.state {
    FileHandle.standardError.write(Data("error: \(message)\n".utf8))
    throw ExitCode.failure
  }
  print(
    "asf-tui: \(final.batchesDone) batches trained by the PyTorch backend; run folder \(folder)")
  try exitAfterSignal()
}
