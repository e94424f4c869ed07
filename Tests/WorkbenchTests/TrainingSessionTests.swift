// The training actor: pause stops batches, a threshold or T change reaches the engine at the
// next batch and shows in the next snapshot, one step while paused trains exactly one batch,
// and stop ends the task.

import Foundation
import SpikingCore
import XCTest

@testable import Workbench

final class TrainingSessionTests: XCTestCase {
  func makeSession(startPaused: Bool) throws -> (TrainingSession, SessionChannel) {
    var preset = try PresetLibrary.load("digits-lenet-if")
    try preset.apply(
      ["time-steps": 4, "train-limit": 2000, "test-limit": 50, "batch-size": 8, "epochs": 1],
      source: "test")
    let channel = SessionChannel(initial: SessionSnapshot(presetName: preset.name))
    let fixed = preset
    let session = TrainingSession(channel: channel, startPaused: startPaused) {
      try TrainingRun(
        preset: fixed,
        data: try DataSplits.load(for: fixed, dataDirectory: nil, progress: channel.progress),
        folder: nil)
    }
    return (session, channel)
  }

  /// digits-lenet-if at T=4 for one epoch, and a run folder removed after the test.
  func smallRun(trainLimit: Int, testLimit: Int, batchSize: Int) throws -> (Preset, String) {
    var preset = try PresetLibrary.load("digits-lenet-if")
    try preset.apply(
      [
        "time-steps": 4, "train-limit": trainLimit, "test-limit": testLimit,
        "batch-size": batchSize, "epochs": 1,
      ], source: "test")
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("run-\(UUID())")
      .path
    addTeardownBlock { try? FileManager.default.removeItem(atPath: folder) }
    return (preset, folder)
  }

  /// Polls until `condition` holds for the latest snapshot (or fails after `seconds`).
  func waitFor(
    _ channel: SessionChannel, seconds: Double = 30, _ what: String,
    _ condition: (SessionSnapshot) -> Bool
  ) async throws -> SessionSnapshot {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
      let snapshot = channel.snapshot
      if condition(snapshot) { return snapshot }
      try await Task.sleep(for: .milliseconds(5))
    }
    XCTFail("timed out waiting for: \(what)")
    return channel.snapshot
  }

  func testPauseStepChangesAndStop() async throws {
    let (session, channel) = try makeSession(startPaused: true)
    let task = Task.detached { await session.run() }
    var snapshot = try await waitFor(channel, "paused after loading") { $0.state == .paused }
    try await Task.sleep(for: .milliseconds(100))
    XCTAssertEqual(channel.snapshot.batchesDone, 0, "no batch while paused")

    channel.send(.step)
    snapshot = try await waitFor(channel, "one batch") { $0.batchesDone == 1 }
    try await Task.sleep(for: .milliseconds(100))
    XCTAssertEqual(channel.snapshot.batchesDone, 1, "exactly one batch per step")
    XCTAssertEqual(channel.snapshot.state, .paused)
    XCTAssertEqual(snapshot.last?.timeSteps, 4)

    channel.send(.setTimeSteps(7))
    channel.send(.setThreshold(layer: 0, value: 1.5))
    snapshot = try await waitFor(channel, "values in force") { $0.timeSteps == 7 }
    XCTAssertEqual(snapshot.thresholds[0], 1.5)
    channel.send(.step)
    snapshot = try await waitFor(channel, "batch with the new values") { $0.batchesDone == 2 }
    XCTAssertEqual(snapshot.last?.timeSteps, 7, "the next batch ran with T = 7")
    XCTAssertEqual(snapshot.last?.layers[0].threshold, 1.5)
    XCTAssertEqual(snapshot.last?.rasters[0].timeSteps, 7)

    channel.send(.resume)
    _ = try await waitFor(channel, "running") { $0.state == .running && $0.batchesDone > 3 }
    channel.send(.pause)
    snapshot = try await waitFor(channel, "paused again") { $0.state == .paused }
    let done = snapshot.batchesDone
    try await Task.sleep(for: .milliseconds(150))
    XCTAssertLessThanOrEqual(channel.snapshot.batchesDone, done + 1, "pause stops batches")

    channel.send(.stop)
    await task.value
  }

  /// X (stopRun) on a Swift run: the checkpoint is saved at the position reached, the state
  /// says where, and no batch follows; a second stop says there is nothing to stop.
  func testStopRunSavesAndTrainsNoMore() async throws {
    let (preset, folder) = try smallRun(trainLimit: 2000, testLimit: 50, batchSize: 8)
    let channel = SessionChannel(initial: SessionSnapshot(presetName: preset.name))
    let fixed = preset
    let session = TrainingSession(channel: channel) {
      try TrainingRun(
        preset: fixed, data: try DataSplits.load(for: fixed, dataDirectory: nil),
        folder: folder)
    }
    let task = Task.detached { await session.run() }
    _ = try await waitFor(channel, "a few batches") { $0.batchesDone >= 3 }
    channel.send(.stopRun)
    let stopped = try await waitFor(channel, "stopped") { $0.state.isStopped }
    guard case .stopped(let epoch, let batch, let inTest) = stopped.state else { return }
    XCTAssertEqual(epoch, 0)
    XCTAssertFalse(inTest)
    XCTAssertEqual(stopped.state.label, "stopped at batch \(batch)")
    let checkpoint = try Checkpoint.read(from: folder + "/checkpoint.asfck")
    XCTAssertEqual(checkpoint.header.batchesInEpoch, batch)
    XCTAssertEqual(checkpoint.header.adamStep, batch)
    try await Task.sleep(for: .milliseconds(200))
    XCTAssertEqual(channel.snapshot.batchesDone, stopped.batchesDone, "no batch after the stop")
    channel.send(.stopRun)
    _ = try await waitFor(channel, "the answer") {
      $0.message == "the run has ended: nothing to stop"
    }
    channel.send(.resume)
    try await Task.sleep(for: .milliseconds(200))
    XCTAssertEqual(channel.snapshot.batchesDone, stopped.batchesDone, "resume does not restart it")
    channel.send(.stop)
    await task.value
  }

  /// The channel carries how far the work has got: both splits read, then each batch's
  /// forward counts its samples (what the screen shows before a slow first batch ends).
  func testTheChannelReportsLoadingAndForwardProgress() async throws {
    let progress = WorkProgress()
    let preset = try PresetLibrary.load("digits-lenet-if")
    _ = try DataSplits.load(for: preset, dataDirectory: nil, progress: progress)
    XCTAssertEqual(progress.reading.done, 2)
    XCTAssertEqual(progress.reading.total, 2)
    XCTAssertTrue(progress.reading.stage.hasPrefix("reading digits"), progress.reading.stage)

    let (session, channel) = try makeSession(startPaused: true)
    let task = Task.detached { await session.run() }
    _ = try await waitFor(channel, "paused after loading") { $0.state == .paused }
    XCTAssertEqual(channel.snapshot.work?.total, 2, "the loading stage is what was last reported")
    let before = channel.version
    channel.send(.step)
    let snapshot = try await waitFor(channel, "one batch") { $0.batchesDone == 1 }
    // Batches of 8 samples: the forward counted all 8 of the batch it ran.
    XCTAssertEqual(
      snapshot.work, WorkProgress.Reading(stage: WorkProgress.forwardStage, done: 8, total: 8))
    XCTAssertGreaterThanOrEqual(channel.version, before + 9, "a version per sample and the batch")
    channel.send(.stop)
    await task.value
  }

  func testQuickRelativeCommandsEachCount() async throws {
    let (session, channel) = try makeSession(startPaused: true)
    let task = Task.detached { await session.run() }
    let start = try await waitFor(channel, "paused after loading") { $0.state == .paused }
    let before = start.thresholds[0]
    // Sent at once, before the session reads any: each applies to the value in force.
    for _ in 0..<5 { channel.send(.nudgeThreshold(layer: 0, by: 0.1)) }
    for _ in 0..<3 { channel.send(.longerTimeWindow) }
    let snapshot = try await waitFor(channel, "all eight applied") {
      abs($0.thresholds[0] - (before + 0.5)) < 1e-4 && $0.timeSteps == 20
    }
    // T = 4 is below the key list: 5, 10, 20 are the next three windows.
    XCTAssertEqual(snapshot.timeSteps, 20)
    // Each change is numbered as its tick on the curves: the eighth is the last T.
    XCTAssertEqual(snapshot.message, "[8] T 10 → 20 from the next batch")
    XCTAssertEqual(snapshot.changes.count, 8)
    channel.send(.nudgeThreshold(layer: 0, by: 0.1))
    let confirmed = try await waitFor(channel, "a confirmation") {
      $0.message?.contains("Vth") ?? false
    }
    XCTAssertEqual(
      confirmed.message,
      String(format: "[9] conv1 Vth %.2f → %.2f from the next batch", before + 0.5, before + 0.6))
    channel.send(.stop)
    await task.value
  }

  /// Issue 14, point 9: ( and ) halve and double the learning rate; quick presses compound,
  /// the snapshot shows the rate in force and a notice says what changed.
  func testLearningRateKeysScaleTheRateInForce() async throws {
    let (session, channel) = try makeSession(startPaused: true)
    let task = Task.detached { await session.run() }
    let start = try await waitFor(channel, "paused after loading") { $0.state == .paused }
    let before = start.learningRate
    for _ in 0..<3 { channel.send(.scaleLearningRate(by: 2)) }
    let raised = try await waitFor(channel, "three doublings") {
      abs($0.learningRate - before * 8) < before * 1e-4
    }
    XCTAssertEqual(
      raised.message,
      "[3] learning rate \(String(format: "%.3g", before * 4)) → \(String(format: "%.3g", before * 8)) from the next batch (the schedule's decays still apply)"
    )
    channel.send(.scaleLearningRate(by: 1e-12))
    let floor = try await waitFor(channel, "clamped") { $0.learningRate < before }
    XCTAssertEqual(floor.learningRate, 1e-9, "the rate stops at its lower limit")
    channel.send(.scaleLearningRate(by: 0.5))
    let refused = try await waitFor(channel, "a refusal") { $0.message?.contains("stays") ?? false }
    XCTAssertTrue(
      refused.message?.contains("ranges over 1e-09…10") ?? false, "\(refused.message ?? "")")
    channel.send(.stop)
    await task.value
  }

  /// A checkpoint that ends its run opens finished from its first frame with spikes: the
  /// screen never says "paused" for a run that has nothing left to train. (The old code
  /// published "paused" for microseconds only; its "paused" state line in metrics.jsonl,
  /// which `follow` reads, is what fails it every time.)
  func testAFinishedRunOpensFinishedNotPaused() async throws {
    let (preset, folder) = try smallRun(trainLimit: 16, testLimit: 16, batchSize: 8)
    let data = try DataSplits.load(for: preset, dataDirectory: nil)
    _ = try TrainingRun(preset: preset, data: data, folder: folder).run(report: { _ in })
    let path = folder + "/checkpoint.asfck"
    let saved = try CheckpointSource.read(path)
    let channel = SessionChannel(initial: SessionSnapshot(presetName: preset.name))
    let fixed = preset
    let session = TrainingSession(channel: channel, startPaused: true) {
      try TrainingRun(
        preset: fixed, data: data, folder: folder + "/look", resume: saved, resumePath: path)
    }
    let task = Task.detached { await session.run() }
    let first = try await waitFor(channel, "the first frame with spikes") { $0.last != nil }
    XCTAssertEqual(first.state, .finished)
    channel.send(.step)
    try await Task.sleep(for: .milliseconds(100))
    XCTAssertEqual(channel.snapshot.state, .finished, "a step trains nothing")
    XCTAssertEqual(channel.snapshot.batchesDone, 0)
    channel.send(.stop)
    await task.value
    // What `follow` reads in the run folder says the same.
    let lines = try String(contentsOfFile: folder + "/look/metrics.jsonl", encoding: .utf8)
      .split(separator: "\n").filter { $0.contains(#""type":"state""#) }
    XCTAssertEqual(lines.count, 1, lines.joined(separator: "\n"))
    XCTAssertTrue(lines.last?.contains(#""state":"finished""#) ?? false, "\(lines)")
  }

  func testFailedLoadIsReportedAndStopStillEnds() async throws {
    let channel = SessionChannel(initial: SessionSnapshot(presetName: "broken"))
    let session = TrainingSession(channel: channel) {
      throw WorkbenchError.missingKey(source: "x", key: "name")
    }
    let task = Task.detached { await session.run() }
    let snapshot = try await waitFor(channel, "failed") {
      if case .failed = $0.state { return true }
      return false
    }
    if case .failed(let message) = snapshot.state {
      XCTAssertTrue(message.contains("'name'"), message)
    }
    channel.send(.stop)
    await task.value
  }

  func testDecimatedSeriesKeepsTheWholeRunWithinCapacity() {
    var series = DecimatedSeries(capacity: 8)
    for i in 0..<20 { series.append(Float(i)) }
    XCTAssertLessThanOrEqual(series.values.count, 8)
    XCTAssertEqual(series.stride, 4)
    // The first stored point is the mean of the first `stride` values.
    XCTAssertEqual(series.values.first, 1.5)
  }
}
