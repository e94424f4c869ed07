// Checkpoint round trip, atomic replacement, and rejection of damaged or mismatched files.

import Foundation
import XCTest

@testable import SpikingCore

final class CheckpointTests: XCTestCase {
  let spec = NetworkSpec(
    input: Shape(height: 6, width: 6, channels: 1),
    layers: [
      .conv(outChannels: 3, kernel: 3, padding: 1), .avgPool(size: 2), .flatten,
      .linear(outFeatures: 4),
    ])

  func temporaryPath(_ name: String) -> String {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("asf-ckpt-\(UUID())")
    try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return folder.appendingPathComponent(name).path
  }

  func trainedTrainer() throws -> ASFTrainer {
    let network = try Network(spec: spec, timeSteps: 8, threshold: 0.7, seed: 5)
    let trainer = ASFTrainer(network: network, settings: TrainerSettings(workerCount: 1))
    let images = (0..<72).map { Float($0 % 7) / 7 }
    _ = trainer.trainBatch(images: images, labels: [1, 3], seed: 2, updateScaleFactors: true)
    return trainer
  }

  func testRoundTripRestoresEverything() throws {
    let trainer = try trainedTrainer()
    let path = temporaryPath("a.asfck")
    try Checkpoint(trainer: trainer, epoch: 3, batchesInEpoch: 7, preset: "name: x\n").write(
      to: path)
    let loaded = try Checkpoint.read(from: path)
    XCTAssertEqual(loaded.header.epoch, 3)
    XCTAssertEqual(loaded.header.batchesInEpoch, 7)
    XCTAssertEqual(loaded.header.preset, "name: x\n")
    let fresh = ASFTrainer(
      network: try Network(spec: spec, timeSteps: 1, seed: 99), settings: TrainerSettings())
    try loaded.restore(into: fresh, path: path)
    XCTAssertEqual(fresh.network.weights, trainer.network.weights)
    XCTAssertEqual(fresh.network.scaleFactors, trainer.network.scaleFactors)
    XCTAssertEqual(fresh.network.thresholds, trainer.network.thresholds)
    XCTAssertEqual(fresh.network.timeSteps, 8)
    XCTAssertEqual(fresh.optimizer.firstMoments, trainer.optimizer.firstMoments)
    XCTAssertEqual(fresh.optimizer.secondMoments, trainer.optimizer.secondMoments)
    XCTAssertEqual(fresh.optimizer.step, 1)
    // No temporary file is left behind.
    let folder = (path as NSString).deletingLastPathComponent
    XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder), ["a.asfck"])
  }

  func testMismatchedNetworkIsRejectedAndNothingChanges() throws {
    let trainer = try trainedTrainer()
    let path = temporaryPath("b.asfck")
    try Checkpoint(trainer: trainer, epoch: 1, batchesInEpoch: 0, preset: "").write(to: path)
    let otherSpec = NetworkSpec(
      input: Shape(height: 6, width: 6, channels: 1),
      layers: [
        .conv(outChannels: 5, kernel: 3, padding: 1), .avgPool(size: 2), .flatten,
        .linear(outFeatures: 4),
      ])
    let other = ASFTrainer(
      network: try Network(spec: otherSpec, seed: 1), settings: TrainerSettings())
    let before = other.network.weights
    XCTAssertThrowsError(try Checkpoint.read(from: path).restore(into: other, path: path)) {
      error in
      guard case EngineError.checkpointMismatch(let p, let reason) = error else {
        return XCTFail("expected a mismatch, got \(error)")
      }
      XCTAssertEqual(p, path)
      XCTAssertTrue(reason.contains("conv1"), reason)
    }
    XCTAssertEqual(other.network.weights, before)
  }

  func testDamagedFilesAreRejectedWithTheirPath() throws {
    let trainer = try trainedTrainer()
    let path = temporaryPath("c.asfck")
    try Checkpoint(trainer: trainer, epoch: 1, batchesInEpoch: 0, preset: "").write(to: path)
    let bytes = try Data(contentsOf: URL(fileURLWithPath: path))

    let truncated = temporaryPath("truncated.asfck")
    try bytes.prefix(bytes.count - 10).write(to: URL(fileURLWithPath: truncated))
    XCTAssertThrowsError(try Checkpoint.read(from: truncated)) { error in
      guard case EngineError.corruptCheckpoint(let p, _) = error else { return XCTFail("\(error)") }
      XCTAssertEqual(p, truncated)
    }

    let wrongMagic = temporaryPath("magic.asfck")
    var changed = bytes
    changed[0] = 0x58
    try changed.write(to: URL(fileURLWithPath: wrongMagic))
    XCTAssertThrowsError(try Checkpoint.read(from: wrongMagic)) { error in
      XCTAssertEqual(error as? EngineError, .notACheckpoint(path: wrongMagic))
    }

    let newer = temporaryPath("newer.asfck")
    let text = String(decoding: bytes, as: UTF8.self)
    XCTAssertTrue(text.contains("\"version\":2"))
    let bumped = Data(text.replacingOccurrences(of: "\"version\":2", with: "\"version\":7").utf8)
    try bumped.write(to: URL(fileURLWithPath: newer))
    XCTAssertThrowsError(try Checkpoint.read(from: newer)) { error in
      XCTAssertEqual(
        error as? EngineError, .unsupportedCheckpointVersion(path: newer, found: 7, supported: 2))
    }

    XCTAssertThrowsError(try Checkpoint.read(from: "/nonexistent/x.asfck")) { error in
      XCTAssertTrue("\(error)".contains("/nonexistent/x.asfck"))
    }
  }

  func testFailedWriteKeepsThePreviousFile() throws {
    let trainer = try trainedTrainer()
    let path = temporaryPath("d.asfck")
    try Checkpoint(trainer: trainer, epoch: 1, batchesInEpoch: 0, preset: "").write(to: path)
    let before = try Data(contentsOf: URL(fileURLWithPath: path))
    // Writing into a folder that does not exist fails without touching anything.
    XCTAssertThrowsError(
      try Checkpoint(trainer: trainer, epoch: 2, batchesInEpoch: 0, preset: "").write(
        to: "/nonexistent-folder/e.asfck"))
    XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path)), before)
    // A full disk (the temporary file is /dev/full): the system's reason, the file kept.
    let temporary = path + ".tmp-\(getpid())"
    try FileManager.default.createSymbolicLink(atPath: temporary, withDestinationPath: "/dev/full")
    XCTAssertThrowsError(
      try Checkpoint(trainer: trainer, epoch: 2, batchesInEpoch: 0, preset: "").write(to: path)
    ) { error in
      XCTAssertTrue("\(error)".contains("No space left on device"), "\(error)")
    }
    XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path)), before)
    XCTAssertFalse(FileManager.default.fileExists(atPath: temporary))
  }

  /// Issue 27, points 7 and 21: an epoch's records travel in the header; counts past a
  /// billion (2^63 - 1 read as -1 once counted on) are refused.
  func testEpochRecordsTravelAndHugeCountsAreRefused() throws {
    let trainer = try trainedTrainer()
    let path = temporaryPath("r.asfck")
    let records = Checkpoint.EpochRecords(csvRow: "1,0.5,0.1,0.4,1.0,0.2,0.5", metricsLine: "{}")
    try Checkpoint(
      trainer: trainer, epoch: 1, batchesInEpoch: 0, preset: "", epochRecords: records
    ).write(to: path)
    XCTAssertEqual(try Checkpoint.read(from: path).header.epochRecords, records)
    let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    for key in ["epoch", "batchesInEpoch", "adamStep"] {
      try rewritten(bytes) { $0[key] = Int.max }.write(to: URL(fileURLWithPath: path))
      XCTAssertThrowsError(try Checkpoint.read(from: path)) { error in
        XCTAssertTrue("\(error)".contains("from 0 to 1000000000"), "\(key): \(error)")
      }
    }
  }

  /// `bytes` of a version-2 checkpoint rebuilt with its header JSON changed by `change` and
  /// its payload by `payload`, with a fresh length and CRC (as a careful forger would).
  private func rewritten(
    _ bytes: [UInt8], version: Int = 2, _ change: (inout [String: Any]) -> Void = { _ in },
    payload: (inout [UInt8]) -> Void = { _ in }
  ) throws -> Data {
    let length = Int(bytes[8]) | Int(bytes[9]) << 8 | Int(bytes[10]) << 16 | Int(bytes[11]) << 24
    var header = try XCTUnwrap(
      try JSONSerialization.jsonObject(with: Data(bytes[12..<(12 + length)])) as? [String: Any])
    change(&header)
    header["version"] = version
    let json = [UInt8](try JSONSerialization.data(withJSONObject: header, options: .sortedKeys))
    var data = Array(bytes[(12 + length)..<(bytes.count - 4)])
    payload(&data)
    var out = Checkpoint.magic
    withUnsafeBytes(of: UInt32(json.count).littleEndian) { out.append(contentsOf: $0) }
    out += json + data
    if version >= 2 {
      withUnsafeBytes(of: Checkpoint.checksum(out[...]).littleEndian) { out.append(contentsOf: $0) }
    }
    return Data(out)
  }

  /// Issue 12, point 11: a flipped bit, a NaN weight and impossible header values are refused
  /// with what is wrong; a NaN weight is never written; version 1 files still read.
  func testChecksumsHeaderValuesAndFiniteWeightsAreChecked() throws {
    let trainer = try trainedTrainer()
    let path = temporaryPath("v2.asfck")
    try Checkpoint(trainer: trainer, epoch: 1, batchesInEpoch: 0, preset: "").write(to: path)
    let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    func reason(_ data: Data) throws -> String {
      let file = temporaryPath("bad.asfck")
      try data.write(to: URL(fileURLWithPath: file))
      do {
        _ = try Checkpoint.read(from: file)
      } catch EngineError.corruptCheckpoint(let p, let reason) {
        XCTAssertEqual(p, file)
        return reason
      }
      XCTFail("read a damaged checkpoint")
      return ""
    }
    var flipped = bytes
    flipped[bytes.count - 40] ^= 0x10
    XCTAssertTrue(try reason(Data(flipped)).contains("checksum"))
    let key = Array("\"epoch\":1".utf8)
    let at = try XCTUnwrap(
      (0..<(bytes.count - key.count)).first { Array(bytes[$0..<($0 + key.count)]) == key })
    var edited = bytes
    edited[at + key.count - 1] = UInt8(ascii: "7")  // epoch 1 → 7, same length
    XCTAssertTrue(try reason(Data(edited)).contains("checksum"))

    let nan = try rewritten(bytes) { _ in
    } payload: { payload in
      withUnsafeBytes(of: Float.nan) { payload.replaceSubrange(8..<12, with: $0) }
    }
    let nanReason = try reason(nan)
    XCTAssertTrue(nanReason.contains("weights of layer conv1"), nanReason)
    for (key, value, words) in [
      ("epoch", -3 as Any, "must be whole numbers from 0"), ("timeSteps", 0 as Any, "T = 0"),
      ("thresholds", [0.0, 0.75, 1.0] as Any, "threshold of layer conv1 is 0.0"),
      ("learningRate", 1e9 as Any, "learning rate"),
    ] {
      let changed = try reason(try rewritten(bytes) { $0[key] = value })
      XCTAssertTrue(changed.contains(words), "\(key): \(changed)")
    }
    XCTAssertTrue(try reason(Data(bytes + [0])).contains("1 bytes more"))
    XCTAssertTrue(try reason(Data(bytes.dropLast(9))).contains("cut short"))

    // A version 1 file (no checksum) still reads.
    let v1 = temporaryPath("v1.asfck")
    try rewritten(bytes, version: 1).write(to: URL(fileURLWithPath: v1))
    XCTAssertEqual(try Checkpoint.read(from: v1).weights, trainer.network.weights)

    // A network with a NaN weight is not written over a good checkpoint.
    let poisoned = try trainedTrainer()
    poisoned.network.weights[0][3] = .nan
    XCTAssertThrowsError(
      try Checkpoint(trainer: poisoned, epoch: 2, batchesInEpoch: 0, preset: "").write(to: path)
    ) { error in
      XCTAssertTrue("\(error)".contains("weights of layer conv1"), "\(error)")
    }
    XCTAssertEqual([UInt8](try Data(contentsOf: URL(fileURLWithPath: path))), bytes)
  }
}
