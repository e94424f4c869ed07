// The Figure 4 sweep: one recorded run per time window, results collected and written as CSV.

import Foundation
import SpikingCore
import XCTest

@testable import Workbench

final class TimeWindowSweepTests: XCTestCase {
  func testOneRunPerTimeWindow() throws {
    var preset = try PresetLibrary.load("digits-lenet-if")
    try preset.apply(["train-limit": 60, "test-limit": 40, "batch-size": 30], source: "test")
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sweep-\(UUID())")
      .path
    var reported: [Int] = []
    let runs = try TimeWindowSweep.run(
      preset: preset, timeSteps: [3, 6], epochs: 2, dataDirectory: nil, folder: folder
    ) { reported.append($0.timeSteps) }
    XCTAssertEqual(runs.map(\.timeSteps), [3, 6])
    XCTAssertEqual(reported, [3, 6])
    XCTAssertEqual(runs.map(\.testAccuracy.count), [2, 2])
    for run in runs {
      XCTAssertTrue(FileManager.default.fileExists(atPath: run.folder + "/metrics.jsonl"))
      let saved = try String(contentsOfFile: run.folder + "/preset.yaml", encoding: .utf8)
      XCTAssertTrue(saved.contains("time-steps: \(run.timeSteps)"), saved)
    }
    let csv = try String(contentsOfFile: folder + "/sweep.csv", encoding: .utf8)
      .split(separator: "\n")
    XCTAssertEqual(csv.count, 5)
    XCTAssertTrue(csv[3].hasPrefix("6,1,"), String(csv[3]))

    // Issue 12, point 5: a second sweep into the same folder is refused before it trains,
    // and so is one whose run folder is already taken.
    let before = try String(contentsOfFile: folder + "/sweep.csv", encoding: .utf8)
    XCTAssertThrowsError(
      try TimeWindowSweep.run(
        preset: preset, timeSteps: [3], epochs: 1, dataDirectory: nil, folder: folder)
    ) { error in
      XCTAssertEqual(error as? WorkbenchError, .runFolderInUse(path: folder))
    }
    XCTAssertEqual(try String(contentsOfFile: folder + "/sweep.csv", encoding: .utf8), before)
    let other = folder + "-other"
    try FileManager.default.createDirectory(
      atPath: other + "/T6", withIntermediateDirectories: true)
    try FileManager.default.copyItem(
      atPath: folder + "/T6/metrics.jsonl", toPath: other + "/T6/metrics.jsonl")
    XCTAssertThrowsError(
      try TimeWindowSweep.run(
        preset: preset, timeSteps: [3, 6], epochs: 1, dataDirectory: nil, folder: other)
    ) { error in
      XCTAssertEqual(error as? WorkbenchError, .runFolderInUse(path: other + "/T6"))
    }
    XCTAssertFalse(FileManager.default.fileExists(atPath: other + "/T3"), "nothing trained")
  }

  /// Issue 29, point 5: with a budget every run trains for the same seconds: the first batch
  /// that ends past it stops the run, which is saved there and tested; a budget longer than
  /// the epochs changes nothing.
  func testABudgetStopsEveryRunInsideItsEpochSavesAndTestsIt() throws {
    var preset = try PresetLibrary.load("digits-lenet-if")
    try preset.apply(
      ["train-limit": 90, "test-limit": 40, "batch-size": 30, "time-steps": 4], source: "test")
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sweep-\(UUID())")
      .path
    defer { try? FileManager.default.removeItem(atPath: folder) }
    // Any budget above 0 is past once a batch has trained: each run stops after its first.
    let runs = try TimeWindowSweep.run(
      preset: preset, key: "method", values: ["asf-bp", "rate-bp"], epochs: 2, budget: 1e-9,
      dataDirectory: nil, folder: folder)
    for run in runs {
      let stop = try XCTUnwrap(run.stoppedAt, run.label)
      XCTAssertEqual([stop.epoch, stop.batch, stop.batches], [1, 1, 3], run.label)
      XCTAssertGreaterThan(stop.trainingSeconds, 0)
      XCTAssertEqual(run.testAccuracy.count, 1, "the epoch cut short is the run's one row")
      XCTAssertEqual(run.elapsed.count, 1)
      let path = run.folder + "/checkpoint.asfck"
      let saved = try Checkpoint.read(from: path)
      XCTAssertEqual(saved.header.epoch, 0)
      XCTAssertEqual(saved.header.batchesInEpoch, 1)
      // The row's accuracy is the saved network's, measured again from the checkpoint.
      var resumed = preset
      try resumed.apply(["method": run.value], source: "test")
      let again = try TrainingRun(
        preset: resumed, data: try DataSplits.load(for: resumed, dataDirectory: nil),
        folder: nil, resume: saved, resumePath: path)
      XCTAssertEqual(try again.evaluate(.test), run.testAccuracy[0], run.label)
      let metrics = try String(contentsOfFile: run.folder + "/metrics.jsonl", encoding: .utf8)
      let states = metrics.split(separator: "\n").filter { $0.contains(#""type":"state""#) }
      XCTAssertTrue(states.last?.contains(#""state":"stopped""#) ?? false, "\(states)")
      // The run folder says where the budget stopped it and what the test gave.
      let figure = String(format: "test accuracy %.2f %% on 40 samples", run.testAccuracy[0] * 100)
      XCTAssertTrue(
        metrics.contains("stopped by the sweep's budget in epoch 1 after batch 1 of 3 (")
          && metrics.contains(figure), metrics)
    }
    XCTAssertEqual(
      try TimeWindowSweep.load(folder: folder).map(\.testAccuracy), runs.map(\.testAccuracy))

    let whole = try TimeWindowSweep.run(
      preset: preset, key: "method", values: ["asf-bp"], epochs: 2, dataDirectory: nil,
      folder: folder + "/whole")
    let long = try TimeWindowSweep.run(
      preset: preset, key: "method", values: ["asf-bp"], epochs: 2, budget: 1e6,
      dataDirectory: nil, folder: folder + "/long")
    XCTAssertEqual(long.map(\.testAccuracy), whole.map(\.testAccuracy))
    XCTAssertEqual(long[0].testAccuracy.count, 2)
    XCTAssertNil(long[0].stoppedAt)

    // A budget that runs out as an epoch ends (one batch an epoch here) stops the run there:
    // the epoch's own test is its last row, no second one of an empty epoch.
    var single = preset
    try single.apply(["train-limit": 30], source: "test")
    let boundary = try TimeWindowSweep.run(
      preset: single, key: "method", values: ["asf-bp"], epochs: 2, budget: 1e-9,
      dataDirectory: nil, folder: folder + "/boundary")
    XCTAssertEqual(boundary[0].testAccuracy.count, 1)
    let stop = try XCTUnwrap(boundary[0].stoppedAt)
    XCTAssertEqual([stop.epoch, stop.batch], [2, 0])
    XCTAssertTrue(stop.description.hasPrefix("after epoch 1 ("), stop.description)
  }

  private func folder(writing csv: String?) throws -> String {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sweep-\(UUID())")
      .path
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    if let csv { try csv.write(toFile: folder + "/sweep.csv", atomically: true, encoding: .utf8) }
    return folder
  }

  func testLoadReadsBackWhatCSVWrote() throws {
    let runs = [
      SweepRun(timeSteps: 100, folder: "", testAccuracy: [0.9, 0.9471], seconds: 12.5),
      SweepRun(timeSteps: 300, folder: "", testAccuracy: [0.25], seconds: 40),
    ]
    let folder = try folder(writing: TimeWindowSweep.csv(runs))
    let loaded = try TimeWindowSweep.load(folder: folder)
    XCTAssertEqual(loaded.map(\.timeSteps), [100, 300])
    XCTAssertEqual(loaded.map(\.testAccuracy), [[0.9, 0.9471], [0.25]])
    XCTAssertEqual(loaded.map(\.seconds), [12.5, 40])
    XCTAssertEqual(loaded.map(\.folder), [folder + "/T100", folder + "/T300"])
    XCTAssertEqual(TimeWindowSweep.csv(loaded), TimeWindowSweep.csv(runs))
  }

  /// Issue 26, point 6: a sweep over seeds writes a seed column and reads it back, each
  /// (value, seed) a run of its own folder.
  func testASeededSweepReadsBackWhatCSVWrote() throws {
    let runs = [
      SweepRun(
        key: "time-steps", value: "4", folder: "", testAccuracy: [0.5, 0.6], seconds: 1, seed: 1),
      SweepRun(
        key: "time-steps", value: "4", folder: "", testAccuracy: [0.55, 0.7], seconds: 2, seed: 2),
      SweepRun(
        key: "time-steps", value: "8", folder: "", testAccuracy: [0.6, 0.8], seconds: 3, seed: 1),
    ]
    let csv = TimeWindowSweep.csv(runs)
    XCTAssertTrue(
      csv.hasPrefix(
        "time_steps,seed,epoch,test_accuracy,run_seconds,elapsed_seconds\n4,1,1,0.5000,1.0,\n"),
      csv)
    let folder = try folder(writing: csv)
    let loaded = try TimeWindowSweep.load(folder: folder)
    XCTAssertEqual(loaded.map(\.seed), [1, 2, 1])
    XCTAssertEqual(loaded.map(\.testAccuracy), [[0.5, 0.6], [0.55, 0.7], [0.6, 0.8]])
    XCTAssertEqual(
      loaded.map(\.folder), [folder + "/T4-seed1", folder + "/T4-seed2", folder + "/T8-seed1"])
    XCTAssertEqual(TimeWindowSweep.csv(loaded), csv)
    // A seed that is not a number is named with its line.
    let bad = try self.folder(
      writing: "time_steps,seed,epoch,test_accuracy,run_seconds\n4,x,1,0.5,1\n")
    XCTAssertThrowsError(try TimeWindowSweep.load(folder: bad)) { error in
      XCTAssertTrue("\(error)".contains("line 2") && "\(error)".contains("seed 'x'"), "\(error)")
    }
  }

  /// The method arena: each epoch's seconds since the run's start go into sweep.csv and come
  /// back; a file from before them still reads (without them).
  func testElapsedSecondsReadBackAndEarlierFilesStillRead() throws {
    let runs = [
      SweepRun(
        key: "method", value: "asf-bp", folder: "", testAccuracy: [0.9, 0.95], seconds: 80,
        elapsed: [40, 80.5]),
      SweepRun(
        key: "method", value: "bptt", folder: "", testAccuracy: [0.91, 0.96], seconds: 400,
        elapsed: [199.9, 400]),
    ]
    let csv = TimeWindowSweep.csv(runs)
    XCTAssertTrue(csv.contains("\nbptt,1,0.9100,400.0,199.9\n"), csv)
    let loaded = try TimeWindowSweep.load(folder: try folder(writing: csv))
    XCTAssertEqual(loaded.map(\.elapsed), [[40, 80.5], [199.9, 400]])
    XCTAssertEqual(TimeWindowSweep.csv(loaded), csv)
    let earlier = try TimeWindowSweep.load(
      folder: try folder(writing: "method,epoch,test_accuracy,run_seconds\nsltt,1,0.5,10.0\n"))
    XCTAssertEqual(earlier.map(\.elapsed), [[]])
    XCTAssertEqual(earlier.map(\.testAccuracy), [[0.5]])
  }

  func testLoadNamesTheFileAndLineOfABadInput() throws {
    func error(_ csv: String?) throws -> WorkbenchError? {
      let folder = try folder(writing: csv)
      do {
        _ = try TimeWindowSweep.load(folder: folder)
        return nil
      } catch let error as WorkbenchError {
        XCTAssertTrue(error.description.contains(folder + "/sweep.csv"), error.description)
        return error
      }
    }
    let header = "time_steps,epoch,test_accuracy,run_seconds\n"
    guard case .unreadableTable = try error(nil) else { return XCTFail("a missing file") }
    guard case .emptyTable = try error("") else { return XCTFail("an empty file") }
    guard case .emptyTable = try error(header) else { return XCTFail("a header only") }
    guard case .badTableHeader(_, "T,epoch", _) = try error("T,epoch\n1,1\n") else {
      return XCTFail("a wrong header")
    }
    guard case .badTableRow(_, 3, _) = try error(header + "100,1,0.5,1.0\n100,2,0.6\n") else {
      return XCTFail("a short row")
    }
    guard case .badTableRow(_, 2, _) = try error(header + "100,1,95,1.0\n") else {
      return XCTFail("an accuracy in per cent")
    }
    guard case .badTableRow(_, 2, _) = try error(header + "100,2,0.5,1.0\n") else {
      return XCTFail("a run that starts at epoch 2")
    }
    guard case .badTableRow(_, 3, _) = try error(header + "100,1,0.5,1.0\n100,3,0.5,1.0\n") else {
      return XCTFail("a skipped epoch")
    }
    guard
      case .badTableRow(_, 4, _) = try error(
        header + "100,1,0.5,1.0\n200,1,0.5,1.0\n100,2,0.5,1.0\n")
    else { return XCTFail("a T split in two") }
  }
}
