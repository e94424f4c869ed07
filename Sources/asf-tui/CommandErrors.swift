// How every command reports failures: an error that describes itself is printed as one
// "error: …" line on stderr and the command exits with status 1. Also the errors of the
// commands themselves (the modules below have their own).

import ArgumentParser
import Foundation
import SpikingCore

/// Runs `body`, turning a described error into "error: …" on stderr and exit status 1.
func reportingErrors<T>(_ body: () throws -> T) throws -> T {
  do {
    return try body()
  } catch let exit as ExitCode {
    throw exit
  } catch {
    FileHandle.standardError.write(Data("error: \(describe(error))\n".utf8))
    throw ExitCode.failure
  }
}

/// An error as one sentence: a file system error (Foundation's, whose own description is a
/// dump of its domain, code and user info) as the file and the reason in words.
func describe(_ error: any Error) -> String {
  let ns = error as NSError
  guard [NSCocoaErrorDomain, NSPOSIXErrorDomain].contains(ns.domain) else {
    return "\(error)"
  }
  let path =
    (ns.userInfo[NSFilePathErrorKey] as? String)
    ?? (ns.userInfo[NSURLErrorKey] as? URL)?.path
  return path.map { "\($0): \(plainReason(error))" } ?? plainReason(error)
}

/// Errors of the asf-tui commands.
enum CommandError: Error, CustomStringConvertible {
  /// A screenshot's result folder cannot be charted.
  case unchartable(path: String, reason: String)
  /// The Experiments screen's choice holds results, not a run to start.
  case resultsOnly(path: String)
  /// A file or folder the command was to write cannot be written.
  case cannotWrite(path: String, reason: String)
  /// A resumed run whose checkpoint already holds every epoch of the preset.
  case nothingToTrain(checkpoint: String, epochsDone: Int, epochs: Int)
  /// A file whose reader (a library, in a child process) crashed or never finished.
  case damagedFile(path: String, reason: String)

  var description: String {
    switch self {
    case .unchartable(let path, let reason): "cannot chart \(path): \(reason)"
    case .cannotWrite(let path, let reason): "cannot write \(path): \(reason)"
    case .damagedFile(let path, let reason):
      "\(path) is damaged or not a NIR file: \(reason); nothing was written"
    case .nothingToTrain(let checkpoint, let done, let epochs):
      "\(checkpoint) was saved after epoch \(done), and the run trains \(epochs) epoch\(epochs == 1 ? "" : "s") in all (--epochs is the total, not more epochs): nothing was trained. Resume with --epochs \(done + 1) or more to train on."
    case .resultsOnly(let path):
      "\(path) holds results to look at, not a run to start: Enter on the Experiments screen shows them."
    }
  }
}
