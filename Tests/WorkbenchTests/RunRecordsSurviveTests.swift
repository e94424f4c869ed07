// Issue 27, points 6 and 7: a run killed between its epoch's checkpoint and the epoch's
// records loses no record (the checkpoint carries them; the resume writes what is missing),
// and a resume into a folder whose metrics end in a torn line starts a line of its own.

import Foundation
import SpikingCore
import XCTest

@testable import Workbench

final class RunRecordsSurviveTests: XCTestCase {
  private var folder = ""

  override func setUpWithError() throws {
    folder = FileManager.default.temporaryDirectory.appendingPathComponent("rec-\(UUID())").path
  }

  override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: folder) }

  private func preset(epochs: Int) throws -> Preset {
    var preset = try PresetLibrary.load("digits-lenet-if")
    try preset.apply(
      [
        "time-steps": 6, "train-limit": 48, "test-limit": 24, "batch-size": 24,
        "epochs": epochs, "latency-samples": 0,
      ], source: "test")
    return preset
  }

  private func lines(_ name: String) throws -> [String] {
    try String(contentsOfFile: folder + "/" + name, encoding: .utf8).split(separator: "\n")
      .map(String.init)
  }

  /// Trains `epochs` epochs into the folder and lets the run go.
  private func train(epochs: Int) throws {
    let p = try preset(epochs: epochs)
    let run = try TrainingRun(
      preset: p, data: DataSplits.load(for: p, dataDirectory: nil), folder: folder)
    _ = try run.run { _ in }
  }

  private func resume(epochs: Int) throws {
    let p = try preset(epochs: epochs)
    let path = folder + "/checkpoint.asfck"
    let run = try TrainingRun(
      preset: p, data: DataSplits.load(for: p, dataDirectory: nil), folder: folder,
      resume: Checkpoint.read(from: path), resumePath: path)
    _ = try run.run { _ in }
  }

  func testAKillAfterTheEpochsCheckpointLosesNoRecord() throws {
    try train(epochs: 2)
    let epochLines = try lines("metrics.jsonl").filter { $0.contains("\"type\":\"epoch\"") }
    XCTAssertEqual(epochLines.count, 2)
    let checkpoint = try Checkpoint.read(from: folder + "/checkpoint.asfck")
    XCTAssertEqual(checkpoint.header.epochRecords?.metricsLine, epochLines[1])
    // As a kill -9 right after the rename leaves it: no epoch-2 line, no epoch-2 row.
    let metrics = try lines("metrics.jsonl")
    let cut = try XCTUnwrap(metrics.lastIndex(of: epochLines[1]))
    try (metrics[..<cut].joined(separator: "\n") + "\n").write(
      toFile: folder + "/metrics.jsonl", atomically: true, encoding: .utf8)
    let rows = try lines("epochs.csv")
    try (rows.dropLast().joined(separator: "\n") + "\n").write(
      toFile: folder + "/epochs.csv", atomically: true, encoding: .utf8)

    try resume(epochs: 3)
    let after = try lines("epochs.csv")
    XCTAssertEqual(after.dropFirst().map { $0.prefix { $0 != "," } }, ["1", "2", "3"])
    XCTAssertEqual(after[2], rows[2], "epoch 2's row as the run computed it")
    let epochs = try lines("metrics.jsonl").filter { $0.contains("\"type\":\"epoch\"") }
    XCTAssertEqual(epochs.count, 3)
    XCTAssertEqual(epochs[1], epochLines[1])
    // Resumed once more with nothing missing: nothing is written twice.
    try resume(epochs: 4)
    XCTAssertEqual(
      try lines("epochs.csv").dropFirst().map { $0.prefix { $0 != "," } }, ["1", "2", "3", "4"])
    XCTAssertEqual(try lines("metrics.jsonl").filter { $0.contains("\"type\":\"epoch\"") }.count, 4)
  }

  /// Killed in the epoch after a whole one (its records written, batch lines after them):
  /// the resume writes nothing twice.
  func testAKillInTheNextEpochWritesNothingTwice() throws {
    do {
      let p = try preset(epochs: 3)
      let run = try TrainingRun(
        preset: p, data: DataSplits.load(for: p, dataDirectory: nil), folder: folder)
      while run.epoch < 1 { _ = try run.step() }
      _ = try run.step()  // a batch of epoch 2, after epoch 1's records; then the "kill"
    }
    XCTAssertFalse(try lines("metrics.jsonl").last?.contains("\"type\":\"epoch\"") ?? true)
    try resume(epochs: 3)
    XCTAssertEqual(
      try lines("epochs.csv").dropFirst().map { $0.prefix { $0 != "," } }, ["1", "2", "3"])
    let epochs = try lines("metrics.jsonl").filter { $0.contains("\"type\":\"epoch\"") }
    XCTAssertEqual(epochs.count, 3, "epoch 1's record once")
  }

  func testAResumeCutsATornLastLineFirst() throws {
    try train(epochs: 1)
    let before = try lines("metrics.jsonl")
    let handle = try XCTUnwrap(FileHandle(forWritingAtPath: folder + "/metrics.jsonl"))
    try handle.seekToEnd()
    try handle.write(contentsOf: Data("{\"type\":\"batch\",\"epo".utf8))
    try handle.close()
    try resume(epochs: 2)
    let after = try lines("metrics.jsonl")
    XCTAssertEqual(Array(after.prefix(before.count)), before)
    for line in after {
      XCTAssertNoThrow(try JSONSerialization.jsonObject(with: Data(line.utf8)), line)
    }
    XCTAssertGreaterThan(after.count, before.count + 2)
  }
}
