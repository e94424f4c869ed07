// One control protocol for every engine (issue 26, point 4): `asf-tui train` reads its run
// folder's control.jsonl at every batch boundary — pause stops it within one batch, a
// setting is applied and answered with a notice line, a bad line is refused with a notice
// and reading goes on, resume goes on, stop saves the checkpoint where it stands and ends —
// and `follow --control` steers it from the screen; a read-only follow says how to steer.

import Foundation
import SpikingCore
import XCTest

final class SteeringTests: FolderTestCase {
  func lines(_ run: String) -> [[String: Any]] {
    let text = (try? String(contentsOfFile: run + "/metrics.jsonl", encoding: .utf8)) ?? ""
    return text.split(separator: "\n").compactMap {
      try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
    }
  }

  func batches(_ run: String) -> Int {
    lines(run).filter { $0["type"] as? String == "batch" }.count
  }

  func waitUntil(_ seconds: Double, _ condition: () -> Bool) -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
      if condition() { return true }
      Thread.sleep(forTimeInterval: 0.05)
    }
    return condition()
  }

  func append(_ run: String, _ text: String) throws {
    let path = run + "/control.jsonl"
    if !FileManager.default.fileExists(atPath: path) {
      FileManager.default.createFile(atPath: path, contents: nil)
    }
    let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
    try handle.seekToEnd()
    try handle.write(contentsOf: Data((text + "\n").utf8))
    try handle.close()
  }

  func testTrainTakesTheControlFileAtItsBatchBoundaries() throws {
    let binary = try XCTUnwrap(asfTuiBinary(), "build asf-tui first")
    let run = folder + "/run"
    let process = Process()
    process.executableURL = URL(fileURLWithPath: binary)
    process.arguments = [
      "train", "--preset", "digits-lenet-if", "--T", "6", "--batch-size", "8", "--epochs", "3",
      "--plain", "--out", run,
    ]
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    try process.run()
    defer { if process.isRunning { process.terminate() } }
    XCTAssertTrue(waitUntil(60) { batches(run) >= 3 }, "the run trains")
    XCTAssertEqual(lines(run).first { $0["type"] as? String == "state" }?["batches"] as? Int, 750)

    try append(run, #"{"command": "pause"}"#)
    let asked = batches(run)
    XCTAssertTrue(waitUntil(30) { lines(run).contains { $0["state"] as? String == "paused" } })
    let paused = batches(run)
    XCTAssertLessThanOrEqual(paused, asked + 1, "paused within one batch")
    Thread.sleep(forTimeInterval: 1)
    XCTAssertEqual(batches(run), paused, "no batch while paused")

    try append(run, #"{"command": "threshold", "layer": 0, "by": 0.25}"#)
    try append(run, #"{"command": "lr", "value": "fast"}"#)
    try append(run, #"{"command": "T", "value": 8}"#)
    XCTAssertTrue(
      waitUntil(30) {
        lines(run).filter { $0["type"] as? String == "notice" }.count >= 4
      })
    let notices = lines(run).filter { $0["type"] as? String == "notice" }.compactMap {
      $0["text"] as? String
    }
    XCTAssertEqual(notices.count, 4, "\(notices)")
    XCTAssertTrue(notices[0].hasPrefix("paused at batch "), notices[0])
    XCTAssertEqual(
      Array(notices.dropFirst()),
      [
        "conv1 Vth 1.00 → 1.25 from the next batch",
        "control line 3: lr: value must be a positive number: refused",
        "T 6 → 8 from the next batch",
      ])
    try append(run, #"{"command": "step"}"#)
    XCTAssertTrue(waitUntil(30) { batches(run) == paused + 1 }, "one batch for step")
    let stepped = try XCTUnwrap(lines(run).last { $0["type"] as? String == "batch" })
    XCTAssertEqual(stepped["T"] as? Int, 8, "the changes applied from the next batch")
    try append(run, #"{"command": "resume"}"#)
    XCTAssertTrue(waitUntil(30) { batches(run) >= paused + 4 }, "running again")
    try append(run, #"{"command": "stop"}"#)
    process.waitUntilExit()
    XCTAssertEqual(process.terminationStatus, 0)
    let printed =
      String(
        data: output.fileHandleForReading.readDataToEndOfFile(), encoding: .utf8) ?? ""
    XCTAssertTrue(printed.contains("stopped at batch"), printed)
    let checkpoint = try Checkpoint.read(from: run + "/checkpoint.asfck")
    XCTAssertEqual(checkpoint.header.batchesInEpoch, batches(run))
    XCTAssertEqual(checkpoint.header.thresholds[0], 1.25)
    let stopped = try XCTUnwrap(lines(run).last { $0["type"] as? String == "state" })
    XCTAssertEqual(stopped["state"] as? String, "stopped")
    XCTAssertEqual(stopped["batch"] as? Int, batches(run))
  }
}
