// A small real run on the synthetic digits: it learns, writes metrics and a checkpoint, and
// resumes from the checkpoint; missing data gets an error that says where it looked.

import Datasets
import Foundation
import SpikingCore
import XCTest

@testable import Workbench

final class TrainingRunTests: XCTestCase {
  func tinyPreset() throws -> Preset {
    var preset = try PresetLibrary.load("digits-lenet-if")
    try preset.apply(
      ["time-steps": 12, "train-limit": 240, "test-limit": 100, "batch-size": 24, "epochs": 2],
      source: "test")
    return preset
  }

  func testRunLearnsWritesMetricsAndResumes() throws {
    let preset = try tinyPreset()
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("asf-run-\(UUID())")
      .path
    let data = try DataSplits.load(for: preset, dataDirectory: nil)
    XCTAssertEqual(data.train.count, 240)
    var run: TrainingRun! = try TrainingRun(preset: preset, data: data, folder: folder)
    let untrained = try run.evaluate(.test)
    var batches = 0
    let results = try run.run { event in
      if case .batch = event { batches += 1 }
    }
    XCTAssertEqual(results.count, 2)
    XCTAssertEqual(batches, 20)
    XCTAssertGreaterThan(results[1].testAccuracy, untrained + 0.2, "it learns")
    let lines = try String(contentsOfFile: folder + "/metrics.jsonl", encoding: .utf8)
      .split(separator: "\n")
    var types: [String: Int] = [:]
    for line in lines {
      let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
      types[object?["type"] as? String ?? "?", default: 0] += 1
    }
    // 10 batches an epoch; a sample line after batches 1 and 10 of each epoch; the state
    // "finished" last, for a follower.
    XCTAssertEqual(types, ["batch": 20, "epoch": 2, "sample": 4, "state": 1])
    XCTAssertTrue(lines[lines.count - 2].contains("\"type\":\"epoch\""))
    XCTAssertTrue(lines.last?.contains("\"state\":\"finished\"") ?? false, "\(lines.last ?? "")")
    let csv = try String(contentsOfFile: folder + "/epochs.csv", encoding: .utf8)
      .split(separator: "\n")
    XCTAssertEqual(csv.count, 3)
    XCTAssertTrue(csv[2].hasPrefix("2,"), String(csv[2]))

    // The recording reads back: one frame per batch, with the recorded values.
    let recording = try RunRecording(folder: folder)
    XCTAssertEqual(recording.frames.count, 20)
    XCTAssertNil(recording.warning)
    XCTAssertEqual(recording.frames.last?.testAccuracy.count, 2)
    XCTAssertEqual(
      recording.frames.last?.testAccuracy.last ?? 0, results[1].testAccuracy, accuracy: 1e-4)
    XCTAssertEqual(recording.frames[0].last?.rasters.count, 6, "input and five hidden layers")
    XCTAssertEqual(recording.frames[0].last?.rasters[0].timeSteps, 12)
    XCTAssertEqual(recording.frames.last?.scaleFactors.count, 5)

    // Resume with two more epochs: starts at epoch 2 with the saved weights, once the first
    // run has ended and let go of its folder.
    let trainedWeights = run.trainer.network.weights
    run = nil
    let checkpoint = try Checkpoint.read(from: folder + "/checkpoint.asfck")
    XCTAssertEqual(checkpoint.header.epoch, 2)
    var more = preset
    more.epochs = 3
    // Issue 12, point 5: the folder holds a run, so a new run may not write it ...
    XCTAssertThrowsError(try TrainingRun(preset: more, data: data, folder: folder)) { error in
      XCTAssertEqual(error as? WorkbenchError, .runFolderInUse(path: folder))
    }
    // ... but the run resumed from its own checkpoint continues it.
    let resumed = try TrainingRun(
      preset: more, data: data, folder: folder, resume: checkpoint,
      resumePath: folder + "/checkpoint.asfck")
    XCTAssertEqual(resumed.trainer.network.weights, trainedWeights)
    XCTAssertEqual(resumed.epoch, 2)
    let next = try resumed.run { _ in }
    XCTAssertEqual(next.map(\.epoch), [2])
    let continued = try String(contentsOfFile: folder + "/epochs.csv", encoding: .utf8)
      .split(separator: "\n")
    XCTAssertEqual(continued.count, 4, "the header and epochs 1, 2 and 3")
    XCTAssertEqual(continued[1...2], csv[1...2], "the earlier epochs stay")
  }

  /// Issue 12, point 1: a checkpoint saved mid-epoch resumed into a shorter epoch.
  func testResumingIntoAShorterEpochRestartsItAndSaysSo() throws {
    var preset = try tinyPreset()
    preset.epochs = 1
    let data = try DataSplits.load(for: preset, dataDirectory: nil)
    let run = try TrainingRun(preset: preset, data: data, folder: nil)
    for _ in 0..<7 { _ = try run.step() }
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("mid-\(UUID()).asfck")
      .path
    defer { try? FileManager.default.removeItem(atPath: path) }
    try run.saveCheckpoint(to: path)
    let saved = try Checkpoint.read(from: path)
    XCTAssertEqual(saved.header.batchesInEpoch, 7)

    var larger = preset
    larger.batchSize = 60  // 4 batches an epoch
    var shorter = preset
    shorter.trainLimit = 48  // 2 batches an epoch
    for changed in [larger, shorter] {
      let changedData = try DataSplits.load(for: changed, dataDirectory: nil)
      let resumed = try TrainingRun(
        preset: changed, data: changedData, folder: nil, resume: saved, resumePath: path)
      XCTAssertEqual(resumed.notices.count, 1)
      XCTAssertTrue(
        resumed.notices[0].contains("after batch 7") && resumed.notices[0].contains("starts again"),
        resumed.notices[0])
      XCTAssertEqual(resumed.batchInEpoch, 0)
      var batches = 0
      _ = try resumed.run { if case .batch = $0 { batches += 1 } }
      XCTAssertEqual(batches, resumed.batchesPerEpoch, "the whole epoch is trained once")
    }
    // Resumed into the same epoch length, it continues at batch 8 without a notice.
    let same = try TrainingRun(
      preset: preset, data: data, folder: nil, resume: saved, resumePath: path)
    XCTAssertEqual(same.notices, [])
    var left = 0
    _ = try same.run { if case .batch = $0 { left += 1 } }
    XCTAssertEqual(left, 3)
  }

  /// Issue 12, point 7: an epoch is recorded only after its checkpoint is safely written.
  func testAnEpochIsRecordedOnlyAfterItsCheckpoint() throws {
    var preset = try tinyPreset()
    preset.epochs = 1
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ck-\(UUID())").path
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let data = try DataSplits.load(for: preset, dataDirectory: nil)
    let run = try TrainingRun(preset: preset, data: data, folder: folder)
    _ = try run.step()
    // The checkpoint's temporary file cannot be created: the epoch's checkpoint fails.
    try FileManager.default.createDirectory(
      atPath: folder + "/checkpoint.asfck.tmp-\(getpid())", withIntermediateDirectories: false)
    XCTAssertThrowsError(try run.run { _ in }) { error in
      guard case EngineError.unwritableCheckpoint = error else { return XCTFail("\(error)") }
    }
    XCTAssertFalse(FileManager.default.fileExists(atPath: folder + "/epochs.csv"))
    let metrics = try String(contentsOfFile: folder + "/metrics.jsonl", encoding: .utf8)
    XCTAssertFalse(metrics.contains("\"type\":\"epoch\""), "no epoch without its checkpoint")
  }

  /// Issue 26, point 5: any sample of the last batch looked at again gives what the batch
  /// itself recorded for it: the same rasters, bit for bit, and the same output mem (the
  /// weights before the step, the sample's own input spikes), however far the step moved.
  func testALastBatchSampleLookedAtAgainIsWhatTheBatchRecorded() throws {
    var preset = try tinyPreset()
    preset.epochs = 1
    preset.learningRate = 0.05  // a big step: stale weights would show
    let data = try DataSplits.load(for: preset, dataDirectory: nil)
    let run = try TrainingRun(preset: preset, data: data, folder: nil)
    for sample in [0, 3] {
      run.trainer.settings.rasterView = RasterView(sample: sample, activation: 1, firstNeuron: 8)
      let events = try run.step()
      guard case .batch(let progress) = events.first else { return XCTFail("no batch") }
      let recorded = progress.statistics
      let again = try XCTUnwrap(run.inspect(run.trainer.settings.rasterView))
      XCTAssertEqual(again.rasters, recorded.rasters, "sample \(sample)")
      XCTAssertEqual(again.sample.output, recorded.sampleOutput, "sample \(sample)")
      XCTAssertEqual(run.lastSample?.output, recorded.sampleOutput)
      XCTAssertEqual(again.sample.index, sample)
      XCTAssertEqual(again.sample.label, run.lastSample?.label)
      XCTAssertTrue(again.sample.recomputed)
      // The picture is the input averaged over channels, scaled to its largest pixel.
      XCTAssertEqual(again.sample.picture.max(), 1)
      XCTAssertEqual(
        again.sample.picture.count, again.sample.pictureWidth * again.sample.pictureHeight)
    }
    // Another sample: its own stream and label, the same weights.
    let other = try XCTUnwrap(run.inspect(RasterView(sample: 5)))
    XCTAssertEqual(other.sample.index, 5)
    XCTAssertEqual(other.rasters.first?.sample, 5)
    XCTAssertNotEqual(
      other.rasters.first?.bits, run.inspect(RasterView(sample: 3))?.rasters.first?.bits)
  }

  func testBPTTLearnsAsWellAsASFBPOnTheSameRun() throws {
    var accuracies: [TrainingMethod: Double] = [:]
    for method in TrainingMethod.allCases {
      var preset = try tinyPreset()
      preset.method = method
      preset.learningRate = 3e-3
      preset.epochs = 3
      let data = try DataSplits.load(for: preset, dataDirectory: nil)
      let run = try TrainingRun(preset: preset, data: data, folder: nil)
      XCTAssertEqual(run.trainer.method, method)
      let results = try run.run { _ in }
      accuracies[method] = results.last?.testAccuracy
      var snapshot = SessionSnapshot(presetName: preset.name)
      snapshot.describe(run)
      XCTAssertEqual(
        snapshot.neuronModel, method == .asfBP ? "IF" : "IF · \(method.title)",
        "the Train screen names every method but the paper's")
    }
    let asf = accuracies[.asfBP] ?? 0
    let bptt = accuracies[.bptt] ?? 0
    print("tiny digits run, 3 epochs: \(accuracies.map { "\($0.key.title) \($0.value)" })")
    XCTAssertGreaterThan(bptt, 0.4, "BPTT learns (chance is 0.1)")
    XCTAssertLessThan(abs(asf - bptt), 0.15)
  }

  func testBPTTRefusesStateThatCannotFitInMemory() throws {
    var preset = try tinyPreset()
    preset.method = .bptt
    let data = try DataSplits.load(for: preset, dataDirectory: nil)
    let run = try TrainingRun(preset: preset, data: data, folder: nil)
    // LeNet keeps 254 KiB per sample and step: 24 × 10,000 steps is about 58 GiB.
    let refusal = run.setTimeSteps(10_000)
    XCTAssertNotNil(refusal)
    XCTAssertTrue("\(refusal.map { "\($0)" } ?? "")".contains("--method asf-bp"))
    XCTAssertEqual(run.trainer.network.timeSteps, 12, "the window stays as it was")
    XCTAssertNil(run.setTimeSteps(8))
    XCTAssertEqual(run.trainer.network.timeSteps, 8)
    preset.batchSize = 4096
    preset.timeSteps = 1000
    XCTAssertThrowsError(try TrainingRun(preset: preset, data: data, folder: nil)) {
      XCTAssertTrue(
        "\($0)".contains("GiB of per-step state for batches of 4096 at T=1000"), "\($0)")
    }
    preset.method = .asfBP
    XCTAssertNoThrow(try TrainingRun(preset: preset, data: data, folder: nil), "ASF-BP keeps none")
  }

  /// Issue 12, point 4: layer sizes are bounded, and a network too large for this machine is
  /// refused with the GiB it needs and its largest layer before any weight is allocated.
  func testOversizedLayersAndNetworksAreRefusedBeforeAllocating() throws {
    func preset(_ layers: [Any]) throws -> Preset {
      var preset = Preset(name: "huge")
      try preset.apply(["dataset": "digits", "layers": layers], source: "huge.yaml")
      return preset
    }
    for (layer, words) in [
      (["linear": 1_000_000] as [String: Any], "linear is a whole number from 1 to 65536"),
      (["conv": 100_000, "kernel": 3], "conv is a whole number from 1 to 65536"),
      (["conv": 4, "kernel": 5, "padding": 5000], "padding is a whole number from 0 to 31"),
    ] {
      XCTAssertThrowsError(try preset([["input": [28, 28, 1]], layer, "flatten", ["linear": 10]])) {
        error in
        XCTAssertTrue("\(error)".contains(words), "\(error)")
        XCTAssertTrue("\(error)".contains("huge.yaml"), "\(error)")
      }
    }
    let wide = try preset([
      ["input": [28, 28, 1]], ["conv": 65_536, "kernel": 5, "padding": 2], "flatten",
      ["linear": 65_536], ["linear": 10],
    ])
    let data = try DataSplits.load(for: wide, dataDirectory: nil)
    XCTAssertThrowsError(try TrainingRun(preset: wide, data: data, folder: nil)) { error in
      guard case WorkbenchError.networkTooLarge(let needed, _, let layer, _, _) = error else {
        return XCTFail("\(error)")
      }
      XCTAssertEqual(layer, "fc1")
      XCTAssertGreaterThan(needed, 10_000)
      XCTAssertTrue("\(error)".contains("for layer fc1"), "\(error)")
    }
  }

  /// Issue 12, point 8: test images of another size than the training images are refused
  /// before the first batch (they were read past their end).
  func testTestImagesOfAnotherSizeAreRefusedBeforeTheFirstBatch() throws {
    let preset = try tinyPreset()
    let digits = try DataSplits.load(for: preset, dataDirectory: nil)
    guard case .images(let train, _, _) = digits.source else { return XCTFail("not images") }
    let small = ImageDataset(
      name: "small-test", channels: 1, height: 20, width: 20,
      pixels: [Float](repeating: 0.5, count: 10 * 400), labels: (0..<10).map(UInt8.init),
      classCount: 10)
    let data = DataSplits(train: train, test: small)
    XCTAssertThrowsError(try TrainingRun(preset: preset, data: data, folder: nil)) { error in
      guard case WorkbenchError.splitsDiffer = error else { return XCTFail("\(error)") }
      XCTAssertTrue("\(error)".contains("20×20") || "\(error)".contains("20x20"), "\(error)")
    }
  }

  /// Issue 12, points 9 and 10: the output layer must have one neuron per class, and a plain
  /// multilayer perceptron (a network that starts with flatten) trains.
  func testOutputsMustMatchTheClassesAndAFlatNetworkTrains() throws {
    func preset(_ layers: [Any]) throws -> Preset {
      var preset = try tinyPreset()
      try preset.apply(["layers": layers, "epochs": 3], source: "mlp.yaml")
      return preset
    }
    let seven = try preset([["input": [28, 28, 1]], "flatten", ["linear": 64], ["linear": 7]])
    let data = try DataSplits.load(for: seven, dataDirectory: nil)
    XCTAssertThrowsError(try TrainingRun(preset: seven, data: data, folder: nil)) { error in
      XCTAssertEqual(
        error as? WorkbenchError,
        .wrongClassCount(outputs: 7, classes: 10, dataset: data.train.name))
    }
    var mlp = try preset([["input": [28, 28, 1]], "flatten", ["linear": 64], ["linear": 10]])
    try mlp.apply(["workers": 3], source: "mlp.yaml")
    let run = try TrainingRun(preset: mlp, data: data, folder: nil)
    XCTAssertEqual(run.trainer.settings.workerCount, 3, "the preset's workers")
    XCTAssertEqual(run.trainer.network.layers.count, 2)
    let untrained = try run.evaluate(.test)
    let results = try run.run { _ in }
    XCTAssertGreaterThan(results.last?.testAccuracy ?? 0, untrained + 0.15, "it learns the digits")
  }

  func testMissingMNISTSaysWhereItLooked() throws {
    var preset = try PresetLibrary.load("mnist-lenet-if")
    preset.trainLimit = 10
    XCTAssertThrowsError(try DataSplits.load(for: preset, dataDirectory: "/nonexistent/data")) {
      error in
      let text = "\(error)"
      XCTAssertTrue(text.contains("/nonexistent/data"), text)
      XCTAssertTrue(text.contains("ASF_DATA_DIR"), text)
      XCTAssertTrue(text.contains("train-images-idx3-ubyte"), text)
    }
  }
}
