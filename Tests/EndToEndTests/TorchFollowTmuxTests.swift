// End to end (issue 16): `asf-tui open --backend torch` under tmux starts the PyTorch backend
// as a child process and shows its run: the panels show its batches; space pauses it (its
// batch lines stop); ] lengthens its time window (its next batch line has the new T); q stops
// it and leaves no process behind. Needs a Python with torch ($ASF_PYTHON or .venv/).

import Foundation
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
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "asf-torch-\(UUID())"
    ).path
    defer { try? FileManager.default.removeItem(atPath: folder) }
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
    let final = try waitFor("EXIT=", seconds: 60, "the workbench to end")
    XCTAssertTrue(final.contains("EXIT=0"), final)
    // The backend saved its checkpoint and is gone.
    XCTAssertTrue(FileManager.default.fileExists(atPath: run + "/checkpoint.asfck"))
    try keys("clear; echo RESULT-$(pgrep -f 'asf_torch.train.*\(run)' | wc -l)", "Enter")
    try waitFor("RESULT-0", seconds: 10, "no backend process left")
  }
}
