// `follow` of a run that `asf-tui train` writes (issue 26, point 4): with --control, space
// pauses it within one batch (the control file, read by the Swift engine) and the screen
// says so once the run has said it; read-only, space is refused with how to steer; the
// batch counter knows the epoch's length from the first batch.

import Foundation
import XCTest

final class FollowSwiftRunTmuxTests: TmuxTestCase {
  func testFollowSteersASwiftRun() throws {
    let asf = try startShell()
    let folder = temporaryPath("asf-follow")
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let run = folder + "/run"
    let trainer = Process()
    trainer.executableURL = URL(fileURLWithPath: try binary())
    trainer.arguments = [
      "train", "--preset", "digits-lenet-if", "--T", "6", "--batch-size", "8", "--epochs", "3",
      "--plain", "--out", run,
    ]
    trainer.standardOutput = FileHandle.nullDevice
    trainer.standardError = FileHandle.nullDevice
    try trainer.run()
    defer { if trainer.isRunning { trainer.terminate() } }
    let deadline = Date().addingTimeInterval(60)
    while !FileManager.default.fileExists(atPath: run + "/metrics.jsonl") && Date() < deadline {
      Thread.sleep(forTimeInterval: 0.1)
    }
    // Read-only first: the keys that steer are refused with the way to steer.
    try keys("clear; \(asf) follow \(run); echo EXIT=$?", "Enter")
    let first = try waitFor(" running ", seconds: 60, "the followed run")
    XCTAssertTrue(first.contains("/750 "), "the epoch's length from the start:\n\(first)")
    try keys("Space")
    try waitFor("read-only: 'asf-tui follow --control", seconds: 10, "the refusal")
    XCTAssertFalse(try screen().contains("pausing after this batch"))
    try keys("q")
    try waitForExit(seconds: 10, "follow to end")

    try keys("clear; \(asf) follow --control \(run); echo EXIT=$?", "Enter")
    try waitFor(" running ", seconds: 60, "the followed run")
    try keys("Space")
    try waitFor(" paused ", seconds: 30, "the run saying it paused")
    try keys("]")
    try waitFor("T 6 → 10 from the next batch", seconds: 30, "the Swift engine's notice")
    try keys("X")
    try waitFor("stopped at batch", seconds: 30, "where the run stopped")
    trainer.waitUntilExit()
    XCTAssertEqual(trainer.terminationStatus, 0)
    try keys("q")
    try waitFor("EXIT=0", seconds: 10, "follow to end")
  }
}
