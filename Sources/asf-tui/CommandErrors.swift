// How every command reports failures: an error that describes itself is printed as one
// "error: …" line on stderr and the command exits with status 1. Also the errors of the
// commands themselves (the modules below have their own).

import ArgumentParser
import Foundation

/// Runs `body`, turning a described error into "error: …" on stderr and exit status 1.
func reportingErrors<T>(_ body: () throws -> T) throws -> T {
  do {
    return try body()
  } catch let error as CustomStringConvertible {
    FileHandle.standardError.write(Data("error: \(error.description)\n".utf8))
    throw ExitCode.failure
  }
}

/// Errors of the asf-tui commands.
enum CommandError: Error, CustomStringConvertible {
  /// A screenshot's result folder cannot be charted.
  case unchartable(path: String, reason: String)
  /// The Experiments screen's choice holds results, not a run to start.
  case resultsOnly(path: String)
  /// A file or folder the command was to write cannot be written.
  case cannotWrite(path: String, reason: String)
  /// A file whose reader (a library, in a child process) crashed or never finished.
  case damagedFile(path: String, reason: String)

  var description: String {
    switch self {
    case .unchartable(let path, let reason): "cannot chart \(path): \(reason)"
    case .cannotWrite(let path, let reason): "cannot write \(path): \(reason)"
    case .damagedFile(let path, let reason):
      "\(path) is damaged or not a NIR file: \(reason); nothing was written"
    case .resultsOnly(let path):
      "\(path) holds results to look at, not a run to start: Enter on the Experiments screen shows them."
    }
  }
}
