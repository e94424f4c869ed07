// Runs the built asf-tui binary as a child process (no terminal) for the command tests.

import Foundation
import XCTest

/// Runs asf-tui with `arguments`; its exit status and stdout plus stderr (kept in
/// `logFolder`/log.txt). Skips the test when no binary has been built.
func runAsfTui(_ arguments: [String], logFolder: String) throws -> (
  status: Int32, output: String
) {
  guard let binary = asfTuiBinary() else {
    throw XCTSkip("no built asf-tui binary under .build/: run 'swift build' first")
  }
  return try runProcess(binary, arguments, log: logFolder + "/log.txt")
}

/// The built asf-tui: the debug build, else the release build; nil when neither exists.
func asfTuiBinary() -> String? {
  ["debug", "release"].map { packageRoot.appendingPathComponent(".build/\($0)/asf-tui").path }
    .first { FileManager.default.isExecutableFile(atPath: $0) }
}

/// The package root (this file is Tests/EndToEndTests/…).
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
  .deletingLastPathComponent().deletingLastPathComponent()

/// Runs `executable` with `arguments` (in `directory`, with `environment` added), its stdout
/// and stderr into `log`; returns the exit status and that output.
func runProcess(
  _ executable: String, _ arguments: [String], environment: [String: String] = [:],
  directory: String? = nil, log: String
) throws -> (status: Int32, output: String) {
  FileManager.default.createFile(atPath: log, contents: nil)
  let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
  let process = Process()
  process.executableURL = URL(fileURLWithPath: executable)
  process.arguments = arguments
  process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
  if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
  process.standardOutput = handle
  process.standardError = handle
  try process.run()
  process.waitUntilExit()
  try handle.close()
  return (process.terminationStatus, try String(contentsOfFile: log, encoding: .utf8))
}

/// A Python with torch for the PyTorch backend's tests: $ASF_PYTHON, else .venv/bin/python
/// (made by .ci/run); skips the test without one.
func torchPython() throws -> String {
  let candidates = [
    ProcessInfo.processInfo.environment["ASF_PYTHON"],
    packageRoot.appendingPathComponent(".venv/bin/python").path,
  ].compactMap { $0 }
  guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) })
  else {
    throw XCTSkip("no Python with torch: set ASF_PYTHON or make .venv (see .ci/run)")
  }
  return found
}
