// Issue 27, the second hostile pass at the commands: outputs of the wrong kind or in the
// wrong place, a file-size limit, a user's own preset.yaml, runs started in the same second,
// duplicate windows, a finished checkpoint resumed, negative numbers. Each is refused (or
// survived) with what was wrong, and loses nothing.

import Foundation
import XCTest

final class HostileCommandTests: XCTestCase {
  var folder = ""

  override func setUpWithError() throws {
    folder = FileManager.default.temporaryDirectory.appendingPathComponent("hc-\(UUID())").path
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
  }

  override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: folder) }

  private let tiny = [
    "--preset", "digits-lenet-if", "--T", "4", "--train-limit", "48", "--test-limit", "24",
    "--batch-size", "24", "--epochs", "1",
  ]

  private func asf(_ arguments: [String], in directory: String? = nil) throws -> (
    status: Int32, output: String
  ) {
    guard let binary = asfTuiBinary() else { throw XCTSkip("no built asf-tui binary") }
    return try runProcess(
      binary, arguments, directory: directory, log: folder + "/log-\(UUID()).txt")
  }

  /// Points 3, 17 and 21: outputs are checked before the work (kind, folder), and what
  /// cannot be written is said in words; negative numbers reach the range check.
  func testOutputsAndNumbersAreCheckedAndNamed() throws {
    let png = try asf([
      "eval", "--checkpoint", folder + "/none.asfck", "--chart", folder + "/c.png",
    ])
    XCTAssertEqual(png.status, 64, png.output)
    XCTAssertTrue(png.output.contains("FILE.svg or FILE.txt"), png.output)
    XCTAssertFalse(FileManager.default.fileExists(atPath: folder + "/c.png"))
    for name in ["x.svg", "x.csv"] {
      try FileManager.default.createDirectory(
        atPath: folder + "/" + name, withIntermediateDirectories: false)
    }
    for arguments in [
      ["table4", "--trials", "10", "--csv", folder + "/x.csv"],
      ["screenshot", "--out", folder + "/x.svg"],
      ["neuron", "--record", folder + "/x.svg"],
      ["neuron", "--record", folder + "/missing/x.svg"],
      ["eval", "--checkpoint", folder + "/none.asfck", "--chart", folder + "/x.svg"],
    ] {
      let result = try asf(arguments)
      XCTAssertNotEqual(result.status, 0, "\(arguments): \(result.output)")
      XCTAssertTrue(
        result.output.contains("it is a folder") || result.output.contains("does not exist"),
        "\(arguments): \(result.output)")
      for dump in ["NSCocoaErrorDomain", "free some space", "resume"] {
        XCTAssertFalse(result.output.contains(dump), "\(arguments): \(result.output)")
      }
    }
    let negative = try asf(["sweep", "--preset", "digits-lenet-if", "--T", "-1"])
    XCTAssertEqual(negative.status, 64, negative.output)
    XCTAssertTrue(negative.output.contains("from 1 to 10000"), negative.output)
    let size = try asf(["screenshot", "--size", "-5x3", "--out", folder + "/s.svg"])
    XCTAssertEqual(size.status, 64, size.output)
    XCTAssertTrue(size.output.contains("--size must look like 120x40"), size.output)
    // Point 16: a window listed twice is refused before anything trains.
    let twice = try asf(["sweep", "--preset", "digits-lenet-if", "--T", "100,100"])
    XCTAssertEqual(twice.status, 64, twice.output)
    XCTAssertTrue(twice.output.contains("lists 100 twice"), twice.output)
  }

  /// Point 4: a file-size limit stops the run with the reason, and metrics.jsonl ends in a
  /// whole line (SIGXFSZ would kill it mid-write: status 153, a torn line, no word).
  func testAFileSizeLimitStopsTheRunWithItsReason() throws {
    guard let binary = asfTuiBinary() else { throw XCTSkip("no built asf-tui binary") }
    let run = folder + "/limited"
    // 64 blocks of 512 bytes: the preset and some metrics fit; the checkpoint does not.
    let result = try runProcess(
      "/bin/sh",
      ["-c", "ulimit -f 64; exec \"$0\" \"$@\"", binary, "train"] + tiny + ["--out", run],
      log: folder + "/limit.txt")
    XCTAssertEqual(result.status, 1, result.output)
    XCTAssertTrue(result.output.contains("File too large"), result.output)
    let metrics = try Data(contentsOf: URL(fileURLWithPath: run + "/metrics.jsonl"))
    XCTAssertEqual(metrics.last, UInt8(ascii: "\n"), "no torn line")
  }

  /// Point 5: a folder holding only the user's own preset.yaml is not written over.
  func testAUsersOwnPresetFileIsNotOverwritten() throws {
    let run = folder + "/mine"
    try FileManager.default.createDirectory(atPath: run, withIntermediateDirectories: false)
    let mine = "# my notes\nname: mine\ntime-steps: 4\n"
    try mine.write(toFile: run + "/preset.yaml", atomically: true, encoding: .utf8)
    let result = try asf(["train"] + tiny + ["--out", run])
    XCTAssertEqual(result.status, 1, result.output)
    XCTAssertTrue(result.output.contains("is not this run's preset"), result.output)
    XCTAssertEqual(try String(contentsOfFile: run + "/preset.yaml", encoding: .utf8), mine)
  }

  /// Points 15 and 19: two runs of one preset started at once get folders of their own; a
  /// finished checkpoint resumed says --epochs is the total and trains nothing.
  func testRunsStartedAtOnceGetTheirOwnFoldersAndAFinishedRunSaysSo() throws {
    guard let binary = asfTuiBinary() else { throw XCTSkip("no built asf-tui binary") }
    let processes = (0..<2).map { i -> Process in
      let process = Process()
      process.executableURL = URL(fileURLWithPath: binary)
      process.arguments = ["train"] + tiny
      process.currentDirectoryURL = URL(fileURLWithPath: folder)
      let log = folder + "/run\(i).txt"
      FileManager.default.createFile(atPath: log, contents: nil)
      process.standardOutput = FileHandle(forWritingAtPath: log)
      process.standardError = process.standardOutput
      return process
    }
    for process in processes { try process.run() }
    for process in processes { process.waitUntilExit() }
    for (i, process) in processes.enumerated() {
      let log = try String(contentsOfFile: folder + "/run\(i).txt", encoding: .utf8)
      XCTAssertEqual(process.terminationStatus, 0, log)
    }
    let runs = try FileManager.default.contentsOfDirectory(atPath: folder + "/runs").sorted()
    XCTAssertEqual(runs.count, 2, "\(runs)")
    let first = folder + "/runs/" + runs[0]
    let again = try asf(
      ["train", "--resume", first + "/checkpoint.asfck", "--out", first], in: folder)
    XCTAssertEqual(again.status, 1, again.output)
    XCTAssertTrue(again.output.contains("--epochs is the total"), again.output)
    XCTAssertTrue(again.output.contains("--epochs 2 or more"), again.output)
  }
}
