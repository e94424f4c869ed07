// `asf-tui replay RUN_FOLDER`: plays a recorded run back in the Train screen; a name without
// a slash that is no folder here names a recording shipped with asf-tui.

import ArgumentParser
import Foundation
import TerminalKit
import Workbench
import WorkbenchUI

struct Replay: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Play a recorded run back in the Train screen (space pause, < > speed, Home/End).")

  @Argument(
    help:
      "A run folder written by 'asf-tui train' or the workbench, or the name of a shipped recording ('asf-tui presets' lists them)."
  )
  var runFolder: String

  @Flag(help: "Draw with plain ASCII instead of braille and block characters.")
  var ascii = false

  func run() throws {
    let session = try reportingErrors { try ReplaySession(folder: Self.folder(for: runFolder)) }
    try requireTerminal("replay")
    MainActor.assumeIsolated {
      WorkbenchLoop(
        session: session, ascii: ascii || !NcursesTerminal.localeIsUTF8(),
        makeSession: experimentSession(dataDirectory: nil),
        startMeasurement: speedMeasurement(dataDirectory: nil)
      ).run()
    }
    let final = session.channel.snapshot
    if case .failed(let message) = final.state {
      FileHandle.standardError.write(Data("error: \(message)\n".utf8))
      throw ExitCode.failure
    }
    if case .replay(_, _, let length) = final.source {
      print("asf-tui: replayed \(length) recorded batches of \(runFolder)")
    }
    try exitAfterSignal()
  }

  /// The folder `argument` names: itself when it exists or has a slash, else the shipped
  /// recording of that name (an error lists them when there is none).
  static func folder(for argument: String) throws -> String {
    if argument.contains("/") || FileManager.default.fileExists(atPath: argument) {
      return argument
    }
    return try ShippedRecording.named(argument).folder
  }
}
