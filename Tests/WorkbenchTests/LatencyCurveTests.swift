// The latency curve after each epoch (issue 14, point 3): accuracy at T/20, T/10, T/5, T/2
// and T on the first test samples, from the epoch's weights; the same figures as inference
// run on its own; written to the epoch line and read back by a replay; off with
// `latency-samples: 0`.

import Foundation
import XCTest

@testable import Workbench

final class LatencyCurveTests: XCTestCase {
  func testWindowsFollowT() {
    XCTAssertEqual(TrainingRun.latencyWindows(for: 100), [5, 10, 20, 50, 100])
    XCTAssertEqual(TrainingRun.latencyWindows(for: 4), [1, 2, 4])
    XCTAssertEqual(TrainingRun.latencyWindows(for: 1), [1])
  }

  func testTheCurveAfterAnEpochIsRecordedAndReplayed() throws {
    var preset = try PresetLibrary.load("digits-lenet-if")
    try preset.apply(
      [
        "time-steps": 8, "train-limit": 48, "test-limit": 30, "batch-size": 24, "epochs": 1,
        "latency-samples": 20,
      ], source: "test")
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lat-\(UUID())")
      .path
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let run = try TrainingRun(
      preset: preset, data: try DataSplits.load(for: preset, dataDirectory: nil), folder: folder)
    var result: EpochResult?
    while !run.isFinished {
      for case .epoch(let epoch) in try run.step() { result = epoch }
    }
    let curve = try XCTUnwrap(result?.latency)
    XCTAssertEqual(curve.map(\.timeSteps), [1, 4, 8], "8/20, 8/10 and 8/5 round to 1")
    XCTAssertEqual(run.trainer.network.timeSteps, 8, "T is restored")
    // The same weights, run on their own at T=4 on the first 20 samples, give the same point.
    _ = run.setTimeSteps(4)
    let alone = try run.infer(.test, limit: 20)
    XCTAssertEqual(curve[1].accuracy, alone.accuracy)
    XCTAssertEqual(curve[1].synapticOperations, alone.synapticOperations, accuracy: 1e-6)
    XCTAssertGreaterThan(curve[2].synapticOperations, curve[0].synapticOperations)

    let replay = try RunRecording(folder: folder)
    let last = try XCTUnwrap(replay.frames.last)
    XCTAssertEqual(last.latency.map(\.timeSteps), [1, 4, 8])
    XCTAssertEqual(last.latency.map(\.accuracy), curve.map(\.accuracy))

    var off = preset
    try off.apply(["latency-samples": 0], source: "test")
    let quiet = try TrainingRun(
      preset: off, data: try DataSplits.load(for: off, dataDirectory: nil), folder: nil)
    var none: EpochResult?
    while !quiet.isFinished {
      for case .epoch(let epoch) in try quiet.step() { none = epoch }
    }
    XCTAssertEqual(none?.latency.count, 0)
    XCTAssertThrowsError(try off.apply(["latency-samples": -1], source: "test")) { error in
      XCTAssertTrue("\(error)".contains("latency-samples"), "\(error)")
    }
  }
}
