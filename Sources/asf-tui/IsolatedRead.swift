// Reading files whose parser is not ours in a child process: libhdf5 (1.10, as Debian ships
// it) can crash or loop for ever on a damaged file. `import nir` runs itself again with
// --in-process; a child that dies by a signal or outlives its time is reported as a damaged
// file, and whatever it left half-written is removed. Nothing of the parent is at risk.

import ArgumentParser
import Foundation

/// Runs this executable with `arguments` as a child (its standard output passed through)
/// and waits at most `seconds`.
/// - Throws: `ExitCode.failure` when the child failed and said why (its "error:" line is
///   passed on), `CommandError.damagedFile` when it crashed or was stopped.
func runIsolated(_ arguments: [String], reading file: String, seconds: Double, leftovers: String)
  throws
{
  let errors = NSTemporaryDirectory() + "asf-tui-child-\(UUID().uuidString).txt"
  FileManager.default.createFile(atPath: errors, contents: nil)
  defer { unlink(errors) }
  let errorHandle = try FileHandle(forWritingTo: URL(fileURLWithPath: errors))
  let process = Process()
  process.executableURL = URL(fileURLWithPath: currentExecutable())
  process.arguments = arguments
  var environment = ProcessInfo.processInfo.environment
  environment["SWIFT_BACKTRACE"] = "enable=no"  // A crash is reported below, in one line.
  process.environment = environment
  process.standardInput = FileHandle.nullDevice
  process.standardError = errorHandle
  try process.run()
  let deadline = Date().addingTimeInterval(seconds)
  while process.isRunning, Date() < deadline { usleep(20_000) }
  var stopped = false
  if process.isRunning {
    stopped = true
    kill(process.processIdentifier, SIGKILL)
  }
  process.waitUntilExit()
  try? errorHandle.close()
  // A file the child was writing when it ended ("<out>.tmp-<pid>").
  unlink(leftovers + ".tmp-\(process.processIdentifier)")
  let said = (try? String(contentsOfFile: errors, encoding: .utf8)) ?? ""
  if stopped {
    throw CommandError.damagedFile(
      path: file,
      reason:
        "reading it did not finish in \(Int(seconds)) s (libhdf5 loops on some damaged files)")
  }
  if process.terminationReason == .uncaughtSignal {
    throw CommandError.damagedFile(
      path: file,
      reason: "libhdf5 crashed reading it (signal \(process.terminationStatus))")
  }
  FileHandle.standardError.write(Data(said.utf8))
  if process.terminationStatus != 0 { throw ExitCode(process.terminationStatus) }
}
