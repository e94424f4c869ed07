// `asf-tui replay RUN_FOLDER`: plays a recorded run back in the Train screen.

import ArgumentParser
import Foundation
import TerminalKit
import Workbench
import WorkbenchUI

struct Replay: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Play a recorded run back in the Train screen (space pause, < > speed, Home/End).")

  @Argument(help: "A run folder written by 'asf-tui train' or the workbench.")
  var runFolder: String

  @Flag(help: "Draw with plain ASCII instead of braille and block characters.")
  var ascii = false

  func run() throws {
    let recording = try reportingErrors { try RunRecording(folder: runFolder) }
    guard isatty(STDIN_FILENO) != 0, isatty(STDOUT_FILENO) != 0 else {
      FileHandle.standardError.write(
        Data("error: replay needs a terminal (stdin and stdout are not one).\n".utf8))
      throw ExitCode(2)
    }
    let session = ReplaySession(recording: recording)
    MainActor.assumeIsolated {
      WorkbenchLoop(
        session: session, ascii: ascii, makeSession: experimentSession(dataDirectory: nil),
        startMeasurement: speedMeasurement(dataDirectory: nil)
      ).run()
    }
    print("asf-tui: replayed \(recording.frames.count) batches of \(runFolder)")
  }
}
