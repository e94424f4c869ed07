// How every command reports failures: an error that describes itself is printed as one
// "error: …" line on stderr and the command exits with status 1.

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
