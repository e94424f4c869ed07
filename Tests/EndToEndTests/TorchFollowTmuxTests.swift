// End to end (issue 16): `asf-tui open --backend torch` under tmux starts the PyTorch backend
// as a child process and shows its run: the panels show its batches; space pauses it (its
// batch lines stop); ] lengthens its time window (its next batch line has the new T); q stops
// it and leaves no process behind. Needs a Python with torch ($ASF_PYTHON or .venv/).

import Foundation
import SpikingCore
import XCTest

final class TorchFollowTmuxTests: TmuxTestCase {
  func batchLines(_ run: String) -> [String] {
    let text = (try? String(contentsOfFile: run + "/metrics.jsonl", encoding: .utf8)) ?? ""
    return text.split(separator: "\n").map(String.init).filter {
      $0.contains("\"type\":\"batch\"")
    }
  }

  func testTheWorkbenchStepsAndStopsATorchRun() throws {
    let python = try torchPython()
    let asf = try startShell()
    let folder = temporaryPath("asf-torch")
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    try """
    name: torch-e2e
    dataset: digits
    time-steps: 10
    batch-size: 20
    epochs: 2
    train-limit: 2000
    test-limit: 100
    record-every: 5
    """.write(toFile: folder + "/preset.yaml", atomically: true, encoding: .utf8)
    let run = folder + "/run"
    try keys(
      "clear; \(asf) open --backend torch --python \(python) --preset \(folder)/preset.yaml --out \(run); echo EXIT=$?",
      "Enter")
    try waitFor("torch-e2e", seconds: 60, "the workbench on the torch run")
    try waitFor(" running ", seconds: 120, "the backend's first batches")
    let shown = try waitFor("Spikes · conv1", seconds: 60, "the rasters of a sample line")
    XCTAssertTrue(shown.contains("Scale factors"), shown)

    try keys("Space")
    try waitFor(" paused ", seconds: 60, "the backend paused at a batch boundary")
    let paused = batchLines(run).count
    XCTAssertGreaterThan(paused, 0)
    Thread.sleep(forTimeInterval: 2)
    XCTAssertEqual(batchLines(run).count, paused, "no batch while paused")

    try keys("]")
    try waitFor("T 10 → 20 from the next batch", seconds: 30, "the backend's notice")
    try keys(".")
    let deadline = Date().addingTimeInterval(60)
    while batchLines(run).count == paused && Date() < deadline {
      Thread.sleep(forTimeInterval: 0.2)
    }
    let lines = batchLines(run)
    XCTAssertEqual(lines.count, paused + 1, "one batch for '.'")
    XCTAssertTrue(lines.last?.contains("\"T\":20") ?? false, lines.last ?? "")

    // Issue 17: a switch reaches the backend too, and its next batch line records it.
    try keys("M")
    try waitFor("gradient mask 1[FI > 0] on → off from the next batch", seconds: 30, "the switch")
    try keys(".")
    let switchedDeadline = Date().addingTimeInterval(60)
    while batchLines(run).count == paused + 1 && Date() < switchedDeadline {
      Thread.sleep(forTimeInterval: 0.2)
    }
    XCTAssertTrue(batchLines(run).last?.contains("\"mask\":false") ?? false)
    try waitFor("mask:off", seconds: 30, "the status bar naming the switch")

    try keys("q")
    let final = try waitForExit(seconds: 60, "the workbench to end")
    XCTAssertTrue(final.contains("EXIT=0"), final)
    // The backend saved its checkpoint and is gone.
    XCTAssertTrue(FileManager.default.fileExists(atPath: run + "/checkpoint.asfck"))
    try keys("clear; echo RESULT-$(pgrep -f 'asf_torch.train.*\(run)' | wc -l)", "Enter")
    try waitFor("RESULT-0", seconds: 10, "no backend process left")
  }

  /// A preset in a new folder; returns (folder, run folder).
  func presetFolder(_ text: String) throws -> (String, String) {
    let folder = temporaryPath("asf-torch")
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    try text.write(toFile: folder + "/preset.yaml", atomically: true, encoding: .utf8)
    return (folder, folder + "/run")
  }

  /// How many processes mention `text` in their command line (pgrep -f), this one aside.
  func processes(mentioning text: String) throws -> Int {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/pgrep")
    process.arguments = ["-f", text]
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let output = String(data: pipe.fileHandleForReading.readDataToEndOfFile(), encoding: .utf8)
    process.waitUntilExit()
    return (output ?? "").split(separator: "\n").count
  }

  /// The terminal closes (tmux kill-session: SIGHUP) while the workbench follows a run of
  /// two torchrun processes: the workbench ends the backend's whole process group, which
  /// saves its checkpoint on the way; no process of it is left.
  func testAClosedTerminalLeavesNoProcessOfATwoProcessRun() throws {
    let python = try torchPython()
    let asf = try startShell()
    let (folder, run) = try presetFolder(
      """
      name: torch-hangup
      dataset: digits
      time-steps: 10
      batch-size: 20
      epochs: 50
      train-limit: 400
      test-limit: 40
      """)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try keys(
      "clear; \(asf) open --backend torch --nproc 2 --python \(python) --preset \(folder)/preset.yaml --out \(run)",
      "Enter")
    try waitFor(" running ", seconds: 120, "the backend's first batches")
    XCTAssertGreaterThanOrEqual(try processes(mentioning: run), 3, "torchrun and two workers")
    _ = try tmux(["kill-session", "-t", sessionName])
    let deadline = Date().addingTimeInterval(60)
    while try processes(mentioning: run) > 0 && Date() < deadline {
      Thread.sleep(forTimeInterval: 0.5)
    }
    XCTAssertEqual(try processes(mentioning: run), 0, "nothing of the run is left")
    XCTAssertTrue(FileManager.default.fileExists(atPath: run + "/checkpoint.asfck"))
    let text = try String(contentsOfFile: run + "/metrics.jsonl", encoding: .utf8)
    XCTAssertTrue(text.contains("\"state\":\"stopped\""), "the run saved and said so")
  }

  /// q while the backend tests its epoch: the stop is taken at the next test batch and the
  /// checkpoint is saved with the epoch's training done; the resume tests that epoch.
  func testQuittingDuringTheTestLeavesACheckpoint() throws {
    let python = try torchPython()
    let asf = try startShell()
    let (folder, run) = try presetFolder(
      """
      name: torch-test-quit
      dataset: digits
      time-steps: 40
      batch-size: 20
      epochs: 1
      train-limit: 40
      test-limit: 1000
      latency-samples: 0
      """)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try keys(
      "clear; \(asf) open --backend torch --python \(python) --preset \(folder)/preset.yaml --out \(run); echo EXIT=$?",
      "Enter")
    let deadline = Date().addingTimeInterval(120)
    while batchLines(run).count < 2 && Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }
    XCTAssertEqual(batchLines(run).count, 2, "both training batches: the test begins")
    try keys("q")
    try waitFor("Quit", seconds: 10, "the question: quit while it runs?")
    try keys("y")
    let final = try waitForExit(seconds: 60, "the workbench to end")
    XCTAssertTrue(final.contains("EXIT=0"), final)
    let checkpoint = try Checkpoint.read(from: run + "/checkpoint.asfck")
    XCTAssertEqual(checkpoint.header.epoch, 0)
    XCTAssertEqual(checkpoint.header.batchesInEpoch, 2, "the epoch's training is kept")
    let text = try String(contentsOfFile: run + "/metrics.jsonl", encoding: .utf8)
    XCTAssertTrue(text.contains("\"phase\":\"test\""), text)
    XCTAssertFalse(text.contains("\"type\":\"epoch\""), "the test was cut short")
  }

  /// `follow --control` of a run started by hand: X stops it; the screen says where, and
  /// the checkpoint holds that position.
  func testTheStopKeyOfAFollowedRun() throws {
    let python = try torchPython()
    let asf = try startShell()
    let (folder, run) = try presetFolder(
      """
      name: torch-follow-stop
      dataset: digits
      time-steps: 10
      batch-size: 20
      epochs: 20
      train-limit: 400
      test-limit: 40
      """)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let written = try runAsfTui(
      ["data", "digits", "--out", folder + "/data/digits"], logFolder: folder)
    XCTAssertEqual(written.status, 0, written.output)
    let backend = Process()
    backend.executableURL = URL(fileURLWithPath: python)
    backend.arguments = [
      "-m", "asf_torch.train", "--preset", folder + "/preset.yaml", "--out", run, "--data-dir",
      folder + "/data",
    ]
    backend.environment = ProcessInfo.processInfo.environment.merging([
      "PYTHONPATH": packageRoot.appendingPathComponent("Python").path
    ]) { $1 }
    backend.standardOutput = FileHandle.nullDevice
    backend.standardError = FileHandle.nullDevice
    try backend.run()
    defer { if backend.isRunning { backend.terminate() } }
    let started = Date().addingTimeInterval(60)
    while !FileManager.default.fileExists(atPath: run + "/metrics.jsonl") && Date() < started {
      Thread.sleep(forTimeInterval: 0.1)
    }
    try keys("clear; \(asf) follow --control \(run); echo EXIT=$?", "Enter")
    try waitFor(" running ", seconds: 120, "the followed run")
    try keys("X")
    try waitFor("stopped at batch", seconds: 60, "the status bar saying where the run stopped")
    backend.waitUntilExit()
    XCTAssertEqual(backend.terminationStatus, 0)
    let checkpoint = try Checkpoint.read(from: run + "/checkpoint.asfck")
    let screen = try self.screen()
    let position = "batch \(checkpoint.header.batchesInEpoch)/20"
    XCTAssertTrue(screen.contains(position), "\(position) in:\n\(screen)")
    try keys("q")
    try waitFor("EXIT=0", seconds: 30, "follow to end")
  }
}
