// A long recorded run is thinned to at most the frame limit, keeping its first and last
// batches; damaged lines are skipped and counted, not the end of the replay.

import Datasets
import Foundation
import XCTest

@testable import SpikingCore
@testable import Workbench

final class RunRecordingTests: XCTestCase {
  func testLongRunsKeepAtMostTheFrameLimit() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("rec-\(UUID())").path
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    var preset = Preset(name: "long")
    preset.epochs = 3
    try preset.yaml.write(toFile: folder + "/preset.yaml", atomically: true, encoding: .utf8)
    var lines: [String] = []
    for epoch in 0..<3 {
      for batch in 0..<1500 {
        lines.append(
          "{\"type\":\"batch\",\"epoch\":\(epoch),\"batch\":\(batch),\"loss\":1,\"accuracy\":\(Double(epoch) / 3),\"lr\":0.001,\"T\":10,\"samples_per_s\":5,\"scale\":[0.5],\"spike_rate\":[0.1],\"vth\":[1]}"
        )
      }
      lines.append("{\"type\":\"epoch\",\"epoch\":\(epoch),\"test_accuracy\":0.\(epoch + 5)}")
    }
    lines.append("not json")
    try (lines.joined(separator: "\n") + "\n").write(
      toFile: folder + "/metrics.jsonl", atomically: true, encoding: .utf8)
    let recording = try RunRecording(folder: folder)
    XCTAssertLessThanOrEqual(recording.frames.count, RunRecording.maximumFrames)
    XCTAssertGreaterThan(recording.frames.count, RunRecording.maximumFrames / 2)
    let last = try XCTUnwrap(recording.frames.last)
    XCTAssertEqual(last.batchesDone, 4500, "the last frame is the last batch")
    XCTAssertEqual(last.testAccuracy, [0.5, 0.6, 0.7])
    XCTAssertEqual(last.batchesPerEpoch, 1500)
    XCTAssertNotNil(recording.warning, "the damaged last line is reported")
    XCTAssertThrowsError(try RunRecording(folder: "/nonexistent/run")) { error in
      XCTAssertTrue("\(error)".contains("metrics.jsonl"), "\(error)")
    }
  }

  /// Issue 12, point 6: one bad line in the middle no longer ends the replay there.
  func testADamagedLineIsSkippedCountedAndNamed() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bad-\(UUID())").path
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    try Preset(name: "recorded").yaml.write(
      toFile: folder + "/preset.yaml", atomically: true, encoding: .utf8)
    var lines = (0..<57).map { batch in
      "{\"type\":\"batch\",\"epoch\":0,\"batch\":\(batch),\"loss\":1,\"accuracy\":0.5,\"lr\":0.001,\"T\":10,\"samples_per_s\":5,\"scale\":[0.5],\"spike_rate\":[0.1],\"vth\":[1]}"
    }
    lines[29] = String(lines[29].prefix(40))  // cut short, as by a crash or an editor
    lines.insert("{\"type\":\"batch\",\"epoch\":\"zero\"}", at: 45)
    try (lines.joined(separator: "\n") + "\n").write(
      toFile: folder + "/metrics.jsonl", atomically: true, encoding: .utf8)
    let recording = try RunRecording(folder: folder)
    XCTAssertEqual(recording.frames.count, 56, "every whole batch line is replayed")
    XCTAssertEqual(recording.frames.last?.batchesDone, 56)
    XCTAssertEqual(recording.skippedLines, 2)
    let warning = try XCTUnwrap(recording.warning)
    XCTAssertTrue(warning.contains("line 30"), warning)
    XCTAssertTrue(warning.contains("1 more damaged line were skipped"), warning)
    XCTAssertFalse(warning.contains("DecodingError"), warning)
  }

  /// Found by fuzzing: a sample line claiming a raster of a negative or huge size crashed the
  /// replay; such lines (and impossible batch lines) are damaged lines, skipped and counted.
  func testImpossibleRecordsAreSkippedNotTrusted() throws {
    let batch =
      "{\"type\":\"batch\",\"epoch\":0,\"batch\":0,\"loss\":1,\"accuracy\":0.5,\"lr\":0.001,\"T\":10,\"samples_per_s\":5,\"scale\":[0.5],\"spike_rate\":[0.1],\"vth\":[1]}"
    let lines = [
      batch,
      "{\"type\":\"sample\",\"epoch\":0,\"batch\":0,\"input_rate\":0.1,\"layers\":[],\"rasters\":[{\"name\":\"input\",\"total\":-5,\"steps\":4,\"bits\":\"AA==\"}]}",
      "{\"type\":\"sample\",\"epoch\":0,\"batch\":0,\"input_rate\":0.1,\"layers\":[],\"rasters\":[{\"name\":\"input\",\"total\":784,\"steps\":1000000000000,\"bits\":\"AA==\"}]}",
      batch.replacingOccurrences(of: "\"batch\":0", with: "\"batch\":9223372036854775807"),
      batch.replacingOccurrences(of: "\"batch\":0", with: "\"batch\":1"),
    ]
    let recording = try RunRecording(
      metrics: Data((lines.joined(separator: "\n") + "\n").utf8), preset: Preset(name: "p"),
      folder: "/fuzz")
    XCTAssertEqual(recording.frames.count, 2)
    XCTAssertEqual(recording.skippedLines, 3)
  }
  /// The per-layer table's values travel through metrics.jsonl: a replay shows what the run
  /// showed; a line from before these fields leaves them nil (shown as "—").
  func testLayerTableValuesAreRecordedAndReplayed() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tbl-\(UUID())").path
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    try Preset(name: "recorded").yaml.write(
      toFile: folder + "/preset.yaml", atomically: true, encoding: .utf8)
    let histogram = Histogram(lower: 0, upper: 1, binCount: 2)
    var layer = LayerStatistics(
      name: "conv1", neuronCount: 8, threshold: 1, scaleFactor: 0.5, spikeRate: 0.25,
      inputFlow: histogram, outputFlow: histogram)
    layer.meanInputFlow = 0.375
    layer.silentShare = 0.125
    layer.saturatedShare = 0.0625
    layer.synapticOperations = 1234.5
    var stats = BatchStatistics(
      samples: 2, timeSteps: 10, loss: 1, accuracy: 0.5, inputSpikeRate: 0.1, layers: [layer],
      rasters: [])
    stats.outputSynapticOperations = 96
    let record = BatchRecord(
      BatchProgress(
        epoch: 0, batch: 0, batchesPerEpoch: 2, epochs: 1, statistics: stats,
        learningRate: 0.001, samplesPerSecond: 5, secondsRemaining: 1))
    let old =
      "{\"type\":\"batch\",\"epoch\":0,\"batch\":1,\"loss\":1,\"accuracy\":0.5,\"lr\":0.001,\"T\":10,\"samples_per_s\":5,\"scale\":[0.5],\"spike_rate\":[0.1],\"vth\":[1]}"
    let lines = [String(decoding: try MetricsRecord.batch(record).jsonLine(), as: UTF8.self), old]
    try (lines.joined(separator: "\n") + "\n").write(
      toFile: folder + "/metrics.jsonl", atomically: true, encoding: .utf8)
    let recording = try RunRecording(folder: folder)
    let first = try XCTUnwrap(recording.frames.first?.last)
    XCTAssertEqual(first.layers[0].meanInputFlow, 0.375)
    XCTAssertEqual(first.layers[0].silentShare, 0.125)
    XCTAssertEqual(first.layers[0].saturatedShare, 0.0625)
    XCTAssertEqual(first.layers[0].synapticOperations, 1234.5)
    XCTAssertEqual(first.outputSynapticOperations, 96)
    let second = try XCTUnwrap(recording.frames.last?.last)
    XCTAssertNil(second.layers[0].silentShare)
    XCTAssertNil(second.outputSynapticOperations)
  }

  /// A raster's sample and window of neurons survive the sample line.
  func testRasterWindowsAndSamplesAreRecorded() throws {
    var raster = SpikeRaster(layerName: "conv1", neuronTotal: 1000, timeSteps: 3, window: 100)
    raster.sample = 2
    let spikes: [Int32] = [100, 355, 356]
    spikes.withUnsafeBufferPointer { raster.record($0.baseAddress!, count: 3, step: 2) }
    let stats = BatchStatistics(
      samples: 4, timeSteps: 3, loss: 1, accuracy: 0, inputSpikeRate: 0, layers: [],
      rasters: [raster])
    let line = try MetricsRecord.sample(SampleRecord(epoch: 0, batch: 0, statistics: stats))
      .jsonLine()
    guard case .sample(let read)? = try MetricsRecord(jsonLine: line) else {
      return XCTFail("not a sample line")
    }
    let back = read.raster(read.rasters[0])
    XCTAssertEqual(back, raster)
    XCTAssertEqual(back.firstNeuron, 100)
    XCTAssertEqual(back.sample, 2)
  }
}
