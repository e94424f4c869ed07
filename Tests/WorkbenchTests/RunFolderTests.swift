// The run folder: created by the first record, not before; records written as whole lines
// read back as the same values; a failed write is an error that names the file.

import Foundation
import SpikingCore
import XCTest

@testable import Workbench

final class RunFolderTests: XCTestCase {
  func temporaryPath() -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("runfolder-\(UUID())").path
  }

  func testNothingIsCreatedBeforeTheFirstBatch() throws {
    var preset = try PresetLibrary.load("digits-lenet-if")
    try preset.apply(
      ["time-steps": 4, "train-limit": 48, "test-limit": 16, "batch-size": 16, "epochs": 1],
      source: "test")
    let path = temporaryPath()
    defer { try? FileManager.default.removeItem(atPath: path) }
    let run = try TrainingRun(
      preset: preset, data: try DataSplits.load(for: preset, dataDirectory: nil), folder: path)
    XCTAssertFalse(FileManager.default.fileExists(atPath: path), "no folder at launch")
    var snapshot = SessionSnapshot(presetName: preset.name)
    snapshot.describe(run)
    XCTAssertNil(snapshot.runFolder)
    snapshot.record(try run.step(), run: run)
    XCTAssertTrue(FileManager.default.fileExists(atPath: path + "/metrics.jsonl"))
    XCTAssertTrue(FileManager.default.fileExists(atPath: path + "/preset.yaml"))
    XCTAssertEqual(snapshot.runFolder, path)
  }

  func testRecordsReadBackAsWritten() throws {
    let path = temporaryPath()
    defer { try? FileManager.default.removeItem(atPath: path) }
    let folder = RunFolder(path: path, preset: Preset(name: "p"))
    let stats = BatchStatistics(
      samples: 2, timeSteps: 7, loss: .nan, accuracy: 0.5, inputSpikeRate: 0.1,
      layers: [
        LayerStatistics(
          name: "conv1", neuronCount: 3, threshold: 1.1, scaleFactor: 0.25, spikeRate: 0.125,
          inputFlow: Histogram(lower: -1, upper: 2, counts: [1, 2]),
          outputFlow: Histogram(lower: 0, upper: 1, counts: [3]))
      ], rasters: [])
    let progress = BatchProgress(
      epoch: 1, batch: 4, batchesPerEpoch: 9, epochs: 2, statistics: stats, learningRate: 1e-3,
      samplesPerSecond: 12.5, secondsRemaining: 3)
    try folder.append(.batch(BatchRecord(progress)))
    try folder.append(.sample(SampleRecord(epoch: 1, batch: 4, statistics: stats)))
    let lines = try String(contentsOfFile: folder.metricsPath, encoding: .utf8)
      .split(separator: "\n")
    XCTAssertEqual(lines.count, 2)
    guard case .batch(let batch)? = try MetricsRecord(jsonLine: Data(lines[0].utf8)) else {
      return XCTFail("not a batch line: \(lines[0])")
    }
    XCTAssertEqual(batch.epoch, 1)
    XCTAssertEqual(batch.batch, 4)
    XCTAssertNil(batch.loss, "a non-finite loss is written as null")
    XCTAssertEqual(batch.timeSteps, 7)
    XCTAssertEqual(batch.scale, [0.25])
    XCTAssertEqual(batch.vth, [1.1])
    XCTAssertTrue(lines[0].contains("\"samples_per_s\":12.5"), String(lines[0]))
    guard case .sample(let sample)? = try MetricsRecord(jsonLine: Data(lines[1].utf8)) else {
      return XCTFail("not a sample line: \(lines[1])")
    }
    XCTAssertEqual(sample.layers.first?.fi, [1, 2])
    XCTAssertNil(try MetricsRecord(jsonLine: Data(#"{"type":"future"}"#.utf8)))
    XCTAssertNil(batch.cosBPTT, "no gradient check on this batch")
  }

  /// The method arena: a batch with a gradient check records its cosines (null for a layer
  /// without weights), and a replay of the line shows them in the layer table and history.
  func testAGradientCheckIsRecordedAndReplayed() throws {
    var stats = BatchStatistics(
      samples: 2, timeSteps: 7, loss: 1, accuracy: 0.5, inputSpikeRate: 0.1, layers: [],
      rasters: [])
    stats.gradientAgreement = [0.75, nil, 0.5, nil, 0.25, 0.125]
    let progress = BatchProgress(
      epoch: 0, batch: 0, batchesPerEpoch: 9, epochs: 1, statistics: stats, learningRate: 1e-3,
      samplesPerSecond: 1, secondsRemaining: 3)
    let data = try JSONEncoder().encode(BatchRecord(progress))
    XCTAssertTrue(
      String(decoding: data, as: UTF8.self).contains(#""cos_bptt":[0.75,null,0.5,null,0.25,0.125]"#)
    )
    var builder = SnapshotBuilder(preset: Preset(name: "p"))
    try builder.apply(data)
    XCTAssertEqual(builder.snapshot.agreement, [0.75, nil, 0.5, nil, 0.25, 0.125])
    XCTAssertEqual(builder.snapshot.agreementLayers, ["conv1", "conv2", "fc1", "output"])
    XCTAssertEqual(
      builder.snapshot.agreementHistory.map(\.values), [[0.75], [0.5], [0.25], [0.125]])
  }

  func testAFailedWriteNamesTheFile() throws {
    let path = temporaryPath()
    defer { try? FileManager.default.removeItem(atPath: path) }
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    // /dev/full accepts the open and refuses every write with "no space left".
    try FileManager.default.createSymbolicLink(
      atPath: path + "/metrics.jsonl", withDestinationPath: "/dev/full")
    let folder = RunFolder(path: path, preset: Preset(name: "p"), continuing: true)
    let record = EpochRecord(
      EpochResult(
        epoch: 0, trainAccuracy: 1, trainLoss: 0, testAccuracy: 1, trainSeconds: 1,
        testSeconds: 1, scaleFactors: [1]))
    XCTAssertThrowsError(try folder.append(.epoch(record))) { error in
      XCTAssertTrue("\(error)".contains("metrics.jsonl"), "\(error)")
    }
  }

  /// Issue 12, point 2: a disk that fills up in the middle of a line leaves the lines written
  /// before whole, and the run can append again once there is room.
  func testAWriteThatRunsOutOfRoomLeavesNoTornLine() throws {
    let path = temporaryPath()
    defer { try? FileManager.default.removeItem(atPath: path) }
    let folder = RunFolder(path: path, preset: Preset(name: "p"))
    func record(_ epoch: Int) -> MetricsRecord {
      .epoch(
        EpochRecord(
          EpochResult(
            epoch: epoch, trainAccuracy: 0.5, trainLoss: 1, testAccuracy: 0.5, trainSeconds: 1,
            testSeconds: 1, scaleFactors: [1, 2])))
    }
    for epoch in 0..<3 { try folder.append(record(epoch)) }
    let before = try Data(contentsOf: URL(fileURLWithPath: folder.metricsPath))

    // Files may grow 10 bytes more: the next line is cut after 10 bytes (EFBIG).
    var limit = rlimit()
    getrlimit(Int32(RLIMIT_FSIZE.rawValue), &limit)
    let saved = limit
    signal(SIGXFSZ, SIG_IGN)
    limit.rlim_cur = rlim_t(before.count + 10)
    setrlimit(Int32(RLIMIT_FSIZE.rawValue), &limit)
    XCTAssertThrowsError(try folder.append(record(3))) { error in
      XCTAssertTrue("\(error)".contains("metrics.jsonl"), "\(error)")
      XCTAssertFalse("\(error)".contains("Error Domain"), "a sentence, not an NSError: \(error)")
    }
    var restore = saved
    setrlimit(Int32(RLIMIT_FSIZE.rawValue), &restore)
    signal(SIGXFSZ, SIG_DFL)

    let after = try Data(contentsOf: URL(fileURLWithPath: folder.metricsPath))
    XCTAssertEqual(after, before, "the cut line is taken back")
    try folder.append(record(3))
    let lines = try String(contentsOfFile: folder.metricsPath, encoding: .utf8)
      .split(separator: "\n", omittingEmptySubsequences: false)
    XCTAssertEqual(lines.count, 5, "four whole lines and the final newline")
    for line in lines.dropLast() {
      XCTAssertNotNil(try MetricsRecord(jsonLine: Data(line.utf8)), String(line))
    }
  }

  private func epochRecord(_ epoch: Int) -> MetricsRecord {
    .epoch(
      EpochRecord(
        EpochResult(
          epoch: epoch, trainAccuracy: 0.5, trainLoss: 1, testAccuracy: 0.5, trainSeconds: 1,
          testSeconds: 1, scaleFactors: [1])))
  }

  /// Issue 12, point 5: a folder that holds a run is refused unless the run continues it,
  /// and only one run at a time writes a folder.
  func testAFolderWithARunIsRefusedAndWrittenByOneRunAtATime() throws {
    let path = temporaryPath()
    defer { try? FileManager.default.removeItem(atPath: path) }
    var first: RunFolder? = RunFolder(path: path, preset: Preset(name: "first"))
    try first?.append(epochRecord(0))
    let before = try Data(contentsOf: URL(fileURLWithPath: path + "/metrics.jsonl"))
    let preset = try String(contentsOfFile: path + "/preset.yaml", encoding: .utf8)

    let second = RunFolder(path: path, preset: Preset(name: "second"))
    XCTAssertThrowsError(try second.checkAvailable())
    XCTAssertThrowsError(try second.append(epochRecord(1))) { error in
      XCTAssertEqual(error as? WorkbenchError, .runFolderInUse(path: path))
      XCTAssertTrue("\(error)".contains("--resume \(path)/checkpoint.asfck"), "\(error)")
    }
    XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path + "/metrics.jsonl")), before)
    XCTAssertEqual(try String(contentsOfFile: path + "/preset.yaml", encoding: .utf8), preset)

    // A continuation may write it, but not while the first run still holds the lock.
    let continuation = RunFolder(path: path, preset: Preset(name: "first"), continuing: true)
    XCTAssertNoThrow(try continuation.checkAvailable())
    XCTAssertThrowsError(try continuation.append(epochRecord(1))) { error in
      XCTAssertEqual(error as? WorkbenchError, .runFolderLocked(path: path))
    }
    first = nil  // the first run ends and lets go of the folder
    try continuation.append(epochRecord(1))
    let lines = try String(contentsOfFile: path + "/metrics.jsonl", encoding: .utf8)
      .split(separator: "\n")
    XCTAssertEqual(lines.count, 2)
  }

  /// Issue 12, point 7: temporary files a killed run left behind go at the next start.
  func testTemporariesOfAKilledRunAreRemovedAtTheNextStart() throws {
    let path = temporaryPath()
    defer { try? FileManager.default.removeItem(atPath: path) }
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    let stale = [path + "/checkpoint.asfck.tmp-99999", path + "/.epochs.csv.Xy12Ab"]
    for file in stale {
      XCTAssertTrue(FileManager.default.createFile(atPath: file, contents: Data(count: 1000)))
    }
    try "keep".write(toFile: path + "/notes.txt", atomically: false, encoding: .utf8)
    try RunFolder(path: path, preset: Preset(name: "p")).append(epochRecord(0))
    for file in stale { XCTAssertFalse(FileManager.default.fileExists(atPath: file), file) }
    XCTAssertTrue(FileManager.default.fileExists(atPath: path + "/notes.txt"))
  }

  /// Issue 12, point 12: a preset's name makes one safe path component of a run folder.
  func testPresetNamesBecomeOneSafePathComponent() {
    XCTAssertEqual(RunFolder.safeName("../../x"), "x")
    XCTAssertEqual(RunFolder.safeName("a/b"), "a-b")
    XCTAssertEqual(RunFolder.safeName("/etc/passwd"), "etc-passwd")
    XCTAssertEqual(RunFolder.safeName(".."), "run")
    XCTAssertEqual(RunFolder.safeName(".hidden"), "hidden")
    XCTAssertEqual(RunFolder.safeName("mnist lenet*"), "mnist-lenet-")
    XCTAssertEqual(RunFolder.safeName("mnist-lenet-if"), "mnist-lenet-if")
    for name in ["../../x", "a/../../b", "..", "/", "x/./y"] {
      XCTAssertFalse(RunFolder.safeName(name).contains("/"), name)
      XCTAssertFalse(RunFolder.safeName(name).hasPrefix("."), name)
    }
  }
}
