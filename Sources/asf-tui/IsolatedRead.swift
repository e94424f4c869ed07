// Reading files whose parser is not ours in a child process: libhdf5 (1.10, as Debian ships
// it) can crash or loop for ever on a damaged file. `import nir` runs itself again with
// ASF_NIR_STAGING naming where the child writes; the parent moves that file into place only
// when the child ended well. A child that dies by a signal or outlives its time is reported
// as a damaged file; nothing of the parent is at risk and nothing half-made is left.

import ArgumentParser
import Foundation

/// The environment variable that marks the child and names the file it writes.
let stagingVariable = "ASF_NIR_STAGING"

/// Runs this executable with `arguments` and `environment` added as a child, its output
/// kept in `folder`, for at most `seconds`; returns what it printed.
/// - Throws: `ExitCode` when the child failed and said why (its "error:" lines are passed
///   on), `CommandError.damagedFile` when it crashed or was stopped.
func runIsolated(
  _ arguments: [String], environment: [String: String], reading file: String, seconds: Double,
  folder: String
) throws -> String {
  let (outPath, errorPath) = (folder + "/stdout.txt", folder + "/stderr.txt")
  _ = FileManager.default.createFile(atPath: outPath, contents: nil)
  _ = FileManager.default.createFile(atPath: errorPath, contents: nil)
  let output = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
  let errors = try FileHandle(forWritingTo: URL(fileURLWithPath: errorPath))
  let process = Process()
  process.executableURL = URL(fileURLWithPath: currentExecutable())
  process.arguments = arguments
  var variables = ProcessInfo.processInfo.environment.merging(environment) { $1 }
  variables["SWIFT_BACKTRACE"] = "enable=no"  // A crash is reported below, in one line.
  process.environment = variables
  process.standardInput = FileHandle.nullDevice
  process.standardOutput = output
  process.standardError = errors
  try process.run()
  let deadline = Date().addingTimeInterval(seconds)
  while process.isRunning, Date() < deadline { usleep(20_000) }
  if process.isRunning { process.terminate() }
  process.waitUntilExit()
  try? output.close()
  try? errors.close()
  let said = (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? ""
  if process.terminationReason == .uncaughtSignal {
    let stoppedHere = process.terminationStatus == SIGTERM && Date() >= deadline
    let last = said.split(separator: "\n").last.map { " (\($0))" } ?? ""
    throw CommandError.damagedFile(
      path: file,
      reason: stoppedHere
        ? "reading it did not finish in \(Int(seconds)) s (libhdf5 loops on some damaged files)"
        : "reading it crashed with signal \(process.terminationStatus)\(last); libhdf5 crashes on some damaged files"
    )
  }
  FileHandle.standardError.write(Data(said.utf8))
  if process.terminationStatus != 0 { throw ExitCode(process.terminationStatus) }
  return (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
}
