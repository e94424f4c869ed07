// A run of the torch backend as asf-tui sees it (issue 16): trained on the synthetic digits
// written as IDX files, its run folder replays in the Swift reader, its checkpoint reads and
// continues in the Swift engine; and a Swift checkpoint read and written again by the torch
// backend comes back bit for bit.

import Datasets
import Foundation
import XCTest

@testable import SpikingCore
@testable import Workbench

final class TorchRunTests: XCTestCase {
  var folder = ""

  override func setUpWithError() throws {
    folder =
      FileManager.default.temporaryDirectory.appendingPathComponent("torch-run-\(UUID())")
      .path
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
  }

  override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: folder) }

  func testATorchRunReplaysAndContinuesInSwift() throws {
    _ = try TorchPython.executable()
    let (train, test) = SyntheticDigits.standardSplits(seed: 1)
    try IDXWriter.writeSplits(train: train, test: test, to: folder + "/data/digits")
    // The Swift reader gets back the bytes' pixels.
    let read = try MNIST.load(directory: folder + "/data/digits", split: .test)
    XCTAssertEqual(read.labels, test.labels)
    XCTAssertEqual(read.pixels[300], (test.pixels[300] * 255).rounded() / 255, accuracy: 1e-6)

    let preset = """
      name: torch-digits
      dataset: digits
      time-steps: 8
      batch-size: 20
      epochs: 2
      train-limit: 200
      test-limit: 60
      learning-rate: 0.002
      """
    try preset.write(toFile: folder + "/preset.yaml", atomically: true, encoding: .utf8)
    let run = folder + "/run"
    let (status, output) = try TorchPython.run(
      [
        "-m", "asf_torch.train", "--preset", folder + "/preset.yaml", "--out", run, "--data-dir",
        folder + "/data",
      ], log: folder + "/train.log")
    XCTAssertEqual(status, 0, output)
    XCTAssertTrue(output.contains("epoch 2/2: test accuracy"), output)

    let recording = try RunRecording(folder: run)
    XCTAssertEqual(recording.preset.name, "torch-digits")
    XCTAssertEqual(recording.frames.count, 20, "10 batches in each of 2 epochs")
    let last = try XCTUnwrap(recording.frames.last)
    XCTAssertEqual(last.testAccuracy.count, 2)
    XCTAssertEqual(last.scaleFactors.count, 5, "conv1, avgpool1, conv2, avgpool2, fc1")
    XCTAssertTrue(last.loss.values.allSatisfy(\.isFinite))

    let checkpoint = try Checkpoint.read(from: run + "/checkpoint.asfck")
    XCTAssertEqual(checkpoint.header.epoch, 2)
    XCTAssertEqual(checkpoint.header.spec, .lenet)
    XCTAssertEqual(checkpoint.header.adamStep, 20)
    // The Swift engine continues the torch run on the same bytes (the IDX copy as MNIST).
    try IDXWriter.writeSplits(train: train, test: test, to: folder + "/data/mnist")
    var swiftPreset = try Preset(yaml: preset, source: "test")
    swiftPreset.dataset = .mnist
    swiftPreset.epochs = 3
    let data = try DataSplits.load(for: swiftPreset, dataDirectory: folder + "/data")
    let continued = try TrainingRun(
      preset: swiftPreset, data: data, folder: nil, resume: checkpoint,
      resumePath: run + "/checkpoint.asfck")
    XCTAssertEqual(continued.epoch, 2)
    XCTAssertEqual(continued.trainer.network.weights, checkpoint.weights)
    let step = try continued.step()
    XCTAssertTrue(step.contains { if case .batch = $0 { true } else { false } })
    XCTAssertEqual(continued.trainer.optimizer.step, 21, "Adam goes on from the torch run's step")
  }

  func testASwiftCheckpointComesBackBitForBit() throws {
    _ = try TorchPython.executable()
    var network = try Network(spec: .lenet, neuronModel: .leakyIntegrateAndFire, timeSteps: 30)
    network.scaleFactors = network.scaleFactors.map { $0 * 0.7 }
    let settings = TrainerSettings(workerCount: 2)
    let trainer = makeTrainer(method: .asfBP, network: network, settings: settings)
    trainer.optimizer.firstMoments = trainer.optimizer.firstMoments.map { $0.map { _ in 0.25 } }
    let original = Checkpoint(trainer: trainer, epoch: 4, batchesInEpoch: 7, preset: "name: x\n")
    try original.write(to: folder + "/swift.asfck")
    let (status, output) = try TorchPython.run(
      ["-m", "asf_torch.checkpoint", folder + "/swift.asfck", folder + "/torch.asfck"],
      log: folder + "/copy.log")
    XCTAssertEqual(status, 0, output)
    let copy = try Checkpoint.read(from: folder + "/torch.asfck")
    XCTAssertEqual(copy.header, original.header)
    XCTAssertEqual(copy.weights, original.weights)
    XCTAssertEqual(copy.firstMoments, original.firstMoments)
    XCTAssertEqual(copy.secondMoments, original.secondMoments)
    // A damaged file is refused by the torch side with the reason.
    var bytes = try Data(contentsOf: URL(fileURLWithPath: folder + "/swift.asfck"))
    bytes[bytes.count / 2] ^= 0xFF
    try bytes.write(to: URL(fileURLWithPath: folder + "/bad.asfck"))
    let (refused, message) = try TorchPython.run(
      ["-m", "asf_torch.checkpoint", folder + "/bad.asfck", folder + "/x.asfck"],
      log: folder + "/bad.log")
    XCTAssertEqual(refused, 1)
    XCTAssertTrue(message.contains("checksum"), message)
  }

  /// Issue 16: `torchrun --nproc_per_node 2` (gloo) trains what one process trains on the
  /// same global batches: the weights after the epoch agree within 1e-5 (relative norm).
  func testTwoProcessesTrainWhatOneTrains() throws {
    _ = try TorchPython.executable()
    let (train, test) = SyntheticDigits.standardSplits(seed: 1)
    try IDXWriter.writeSplits(train: train, test: test, to: folder + "/data/digits")
    try """
    name: ddp
    dataset: digits
    time-steps: 8
    batch-size: 20
    epochs: 1
    train-limit: 120
    test-limit: 40
    """.write(toFile: folder + "/preset.yaml", atomically: true, encoding: .utf8)
    let common = ["--preset", folder + "/preset.yaml", "--data-dir", folder + "/data"]
    let (one, oneLog) = try TorchPython.run(
      ["-m", "asf_torch.train", "--out", folder + "/one"] + common, log: folder + "/one.log")
    XCTAssertEqual(one, 0, oneLog)
    let (two, twoLog) = try TorchPython.run(
      [
        "-m", "torch.distributed.run", "--standalone", "--nproc_per_node", "2", "-m",
        "asf_torch.train", "--out", folder + "/two",
      ] + common, log: folder + "/two.log")
    XCTAssertEqual(two, 0, twoLog)
    let a = try Checkpoint.read(from: folder + "/one/checkpoint.asfck")
    let b = try Checkpoint.read(from: folder + "/two/checkpoint.asfck")
    XCTAssertEqual(a.header.adamStep, 6)
    XCTAssertEqual(b.header.adamStep, 6)
    XCTAssertEqual(b.header.scaleFactors, a.header.scaleFactors)
    var start: [Float] = []
    for (l, w) in a.weights.enumerated() where !w.isEmpty {
      let difference = zip(w, b.weights[l]).reduce(0.0) {
        $0 + Double(($1.0 - $1.1) * ($1.0 - $1.1))
      }
      let norm = w.reduce(0.0) { $0 + Double($1 * $1) }
      XCTAssertLessThanOrEqual((difference / norm).squareRoot(), 1e-5, "layer \(l)")
      start = w
    }
    XCTAssertFalse(start.isEmpty)
    // Only the first process writes the run folder: one batch line per batch.
    let metrics = try String(contentsOfFile: folder + "/two/metrics.jsonl", encoding: .utf8)
    XCTAssertEqual(metrics.components(separatedBy: "\"type\":\"batch\"").count - 1, 6)
  }
}
