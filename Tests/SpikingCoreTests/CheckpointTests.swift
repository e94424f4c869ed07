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
    XCTAssertTrue(text.contains("\"version\":1"))
    let bumped = Data(text.replacingOccurrences(of: "\"version\":1", with: "\"version\":7").utf8)
    try bumped.write(to: URL(fileURLWithPath: newer))
    XCTAssertThrowsError(try Checkpoint.read(from: newer)) { error in
      XCTAssertEqual(
        error as? EngineError, .unsupportedCheckpointVersion(path: newer, found: 7, supported: 1))
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
  }
}
