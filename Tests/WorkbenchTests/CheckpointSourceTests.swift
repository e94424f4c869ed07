// Checkpoints named on the command line: a run's checkpoint, a weights-only file (Adam's
// moments left out, read back with zero moments), either one gzip-compressed, and the shipped
// networks by name; a name that is neither lists the shipped ones; a gzip bomb stops at the
// bound instead of taking the machine's memory.

import Datasets
import Foundation
import XCTest

@testable import SpikingCore
@testable import Workbench

final class CheckpointSourceTests: XCTestCase {
  private var folder = ""

  override func setUpWithError() throws {
    folder = FileManager.default.temporaryDirectory.appendingPathComponent("ckpt-\(UUID())").path
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
  }

  override func tearDownWithError() throws {
    try? FileManager.default.removeItem(atPath: folder)
  }

  private func trainedCheckpoint() throws -> Checkpoint {
    let network = try Network(spec: .lenet, timeSteps: 4, seed: 5)
    let trainer = ASFTrainer(network: network, settings: TrainerSettings(workerCount: 1))
    trainer.optimizer.step = 7
    trainer.optimizer.firstMoments = network.weights.map { $0.map { $0 * 0.5 } }
    return Checkpoint(trainer: trainer, epoch: 3, batchesInEpoch: 0, preset: "name: x\n")
  }

  private func gzip(_ path: String) throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["gzip", "-9nf", path]
    try process.run()
    process.waitUntilExit()
    XCTAssertEqual(process.terminationStatus, 0)
  }

  func testWeightsOnlyKeepsTheNetworkAndDropsTheOptimiser() throws {
    let full = try trainedCheckpoint()
    try full.write(to: folder + "/full.asfck")
    let weights = full.weightsOnly()
    try weights.write(to: folder + "/weights.asfck")
    let fullSize = try XCTUnwrap(
      FileManager.default.attributesOfItem(atPath: folder + "/full.asfck")[.size] as? Int)
    let weightsSize = try XCTUnwrap(
      FileManager.default.attributesOfItem(atPath: folder + "/weights.asfck")[.size] as? Int)
    XCTAssertLessThan(weightsSize * 5, fullSize * 2, "about a third of the size")
    let read = try CheckpointSource.read(folder + "/weights.asfck")
    XCTAssertFalse(read.hasOptimizerState)
    XCTAssertTrue(full.hasOptimizerState)
    XCTAssertEqual(read.weights, full.weights)
    XCTAssertEqual(read.header.scaleFactors, full.header.scaleFactors)
    XCTAssertEqual(read.header.thresholds, full.header.thresholds)
    XCTAssertEqual(read.header.adamStep, 0)
    XCTAssertEqual(
      read.firstMoments.map { $0.allSatisfy { $0 == 0 } }, read.weights.map { _ in true })
    // It restores into a trainer like any checkpoint: Adam starts afresh.
    let trainer = ASFTrainer(
      network: try Network(spec: .lenet, timeSteps: 4, seed: 9),
      settings: TrainerSettings(workerCount: 1))
    try read.restore(into: trainer, path: "weights")
    XCTAssertEqual(trainer.network.weights, full.weights)
    XCTAssertEqual(trainer.optimizer.step, 0)
  }

  func testACompressedCheckpointReadsAsThePlainOne() throws {
    try trainedCheckpoint().weightsOnly().write(to: folder + "/w.asfck")
    let plain = try CheckpointSource.read(folder + "/w.asfck")
    try gzip(folder + "/w.asfck")
    let inflated = try CheckpointSource.read(folder + "/w.asfck.gz")
    XCTAssertEqual(inflated.weights, plain.weights)
    XCTAssertEqual(inflated.header, plain.header)
  }

  func testAnUnknownNameListsTheShippedNetworks() throws {
    XCTAssertThrowsError(try CheckpointSource.read("mnist-lenet-if-2")) { error in
      let text = "\(error)"
      XCTAssertTrue(text.contains("no such file"), text)
      for name in CheckpointSource.shippedNames() { XCTAssertTrue(text.contains(name), text) }
    }
  }

  func testAGzipBombStopsAtTheBound() throws {
    // 4 MiB of zeros compress to about 4 KB; with a bound of 1 MiB it is refused.
    let zeros = [UInt8](repeating: 0, count: 4 << 20)
    try Data(zeros).write(to: URL(fileURLWithPath: folder + "/bomb.asfck"))
    try gzip(folder + "/bomb.asfck")
    let compressed = try XCTUnwrap(FileManager.default.contents(atPath: folder + "/bomb.asfck.gz"))
    XCTAssertThrowsError(
      try Gzip.decompress([UInt8](compressed), path: "bomb", maximum: 1 << 20)
    ) { error in
      XCTAssertTrue("\(error)".contains("expands to more than 1048576 bytes"), "\(error)")
    }
    XCTAssertThrowsError(try CheckpointSource.read(folder + "/bomb.asfck.gz")) { error in
      XCTAssertTrue("\(error)".contains("bomb.asfck.gz"), "\(error)")
    }
  }
}
