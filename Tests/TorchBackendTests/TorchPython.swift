// How the torch backend's tests reach Python: $ASF_PYTHON, else .venv/bin/python of the
// package root (made by .ci/run), with PYTHONPATH at the package's copy of asf_torch. Tests
// skip with the command that makes the venv when there is none.

import Foundation
import XCTest

enum TorchPython {
  /// The package root (this file is Tests/TorchBackendTests/…).
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

  static func executable() throws -> String {
    let candidates = [
      ProcessInfo.processInfo.environment["ASF_PYTHON"],
      root.appendingPathComponent(".venv/bin/python").path,
    ].compactMap { $0 }
    guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) })
    else {
      throw XCTSkip(
        "no Python with torch: set ASF_PYTHON or make .venv (bash .ci/run does: python3 -m venv .venv && .venv/bin/pip install 'torch==2.13.0+cpu' pyyaml numpy)"
      )
    }
    return found
  }

  /// Runs Python with `arguments`, its output into `log`; returns the status and the output.
  static func run(_ arguments: [String], log: String) throws -> (Int32, String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: try executable())
    process.arguments = arguments
    var environment = ProcessInfo.processInfo.environment
    environment["PYTHONPATH"] = root.appendingPathComponent("Python").path
    process.environment = environment
    FileManager.default.createFile(atPath: log, contents: nil)
    let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
    process.standardOutput = handle
    process.standardError = handle
    try process.run()
    process.waitUntilExit()
    try handle.close()
    return (process.terminationStatus, (try? String(contentsOfFile: log, encoding: .utf8)) ?? "")
  }
}
