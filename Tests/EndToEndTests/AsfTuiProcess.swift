// Runs the built asf-tui binary as a child process (no terminal) for the command tests.

import Foundation
import XCTest

/// Runs asf-tui with `arguments`; its exit status and stdout plus stderr (kept in
/// `logFolder`/log.txt). Skips the test when no binary has been built.
func runAsfTui(_ arguments: [String], logFolder: String) throws -> (
  status: Int32, output: String
) {
  let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()
  let binary = ["debug", "release"].map {
    root.appendingPathComponent(".build/\($0)/asf-tui").path
  }
  .first { FileManager.default.isExecutableFile(atPath: $0) }
  guard let binary else {
    throw XCTSkip("no built asf-tui binary under .build/: run 'swift build' first")
  }
  let log = logFolder + "/log.txt"
  FileManager.default.createFile(atPath: log, contents: nil)
  let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
  let process = Process()
  process.executableURL = URL(fileURLWithPath: binary)
  process.arguments = arguments
  process.standardOutput = handle
  process.standardError = handle
  try process.run()
  process.waitUntilExit()
  try handle.close()
  return (process.terminationStatus, try String(contentsOfFile: log, encoding: .utf8))
}
