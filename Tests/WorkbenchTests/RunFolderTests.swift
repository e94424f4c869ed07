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
  }

  func testAFailedWriteNamesTheFile() throws {
    let path = temporaryPath()
    defer { try? FileManager.default.removeItem(atPath: path) }
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    // /dev/full accepts the open and refuses every write with "no space left".
    try FileManager.default.createSymbolicLink(
      atPath: path + "/metrics.jsonl", withDestinationPath: "/dev/full")
    let folder = RunFolder(path: path, preset: Preset(name: "p"))
    let record = EpochRecord(
      EpochResult(
        epoch: 0, trainAccuracy: 1, trainLoss: 0, testAccuracy: 1, trainSeconds: 1,
        testSeconds: 1, scaleFactors: [1]))
    XCTAssertThrowsError(try folder.append(.epoch(record))) { error in
      XCTAssertTrue("\(error)".contains("metrics.jsonl"), "\(error)")
    }
  }
}
