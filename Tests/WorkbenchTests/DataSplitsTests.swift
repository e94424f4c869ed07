// CIFAR-10's augmentation as runs apply it: training batches are cropped, flipped and
// normalised with a seed per batch; test images are only normalised.

import Datasets
import SpikingCore
import XCTest

@testable import Workbench

final class DataSplitsTests: XCTestCase {
  func colourImages(_ count: Int) -> ImageDataset {
    var rng = RandomSource(seed: 5)
    let pixels = (0..<(count * 32 * 32 * 3)).map { _ in rng.nextUnit() }
    return ImageDataset(
      name: "colour", channels: 3, height: 32, width: 32, pixels: pixels,
      labels: (0..<count).map { UInt8($0 % 10) }, classCount: 10)
  }

  func testTrainingBatchesAreAugmentedAndTestImagesNormalised() throws {
    let images = colourImages(4)
    let splits = DataSplits(train: images, test: images, augmentation: .cifar10)
    var plain: [Float] = []
    images.gather([1, 2], into: &plain)

    var test: [Float] = []
    try splits.gather(.test, [1, 2], into: &test)
    let mean: [Float] = [0.4914, 0.4822, 0.4465]
    let std: [Float] = [0.557, 0.549, 0.5534]
    for i in 0..<(2 * 32 * 32 * 3) {
      XCTAssertEqual(test[i], (plain[i] - mean[i % 3]) / std[i % 3], accuracy: 1e-5)
    }

    var first: [Float] = []
    var again: [Float] = []
    var other: [Float] = []
    let epoch7 = InputStreams.training(seed: 1, epoch: 7, indices: [1, 2])
    try splits.gather(.train, [1, 2], into: &first, streams: epoch7)
    try splits.gather(.train, [1, 2], into: &again, streams: epoch7)
    try splits.gather(
      .train, [1, 2], into: &other, streams: .training(seed: 1, epoch: 8, indices: [1, 2]))
    XCTAssertEqual(first, again, "the same samples' keys give the same crops and flips")
    XCTAssertNotEqual(first, other)
    XCTAssertNotEqual(first, test, "training images are cropped or flipped, not only normalised")
  }

  func testPresetsChooseTheirAugmentation() throws {
    let digits = try DataSplits.load(for: PresetLibrary.load("digits-lenet-if"), dataDirectory: nil)
    XCTAssertNil(digits.augmentation)
    let quick = try PresetLibrary.load("cifar10-vgg7-if-quick")
    XCTAssertEqual(quick.dataset, .cifar10)
    XCTAssertEqual(quick.encoder, .clampedRate)
    XCTAssertEqual(quick.network, .vgg7)
    let t400 = try PresetLibrary.load("cifar10-vgg7-if")
    XCTAssertEqual(t400.timeSteps, 400)
    XCTAssertEqual(t400.threshold, 2)
    XCTAssertEqual(t400.lrMilestones, [50, 75, 100])
    XCTAssertEqual(t400.batchSize, 100)
  }
}

final class EventDataTests: XCTestCase {
  func testMNISTEventsTrainThroughTheEmulator() throws {
    var preset = try PresetLibrary.load("mnist-events-lenet-if")
    try preset.apply(
      ["train-limit": 40, "test-limit": 20, "batch-size": 20, "time-steps": 6, "event-frames": 2],
      source: "test")
    let data: DataSplits
    do {
      data = try DataSplits.load(for: preset, dataDirectory: nil)
    } catch {
      throw XCTSkip("MNIST is not here (\(error)); the event pipeline test needs it")
    }
    XCTAssertEqual(data.inputShape, Shape(height: 28, width: 28, channels: 2))
    XCTAssertEqual(data.framesPerSample, 2)
    var buffer: [Float] = []
    try data.gather(.train, [0, 1], into: &buffer)
    XCTAssertGreaterThanOrEqual(buffer.count, 2 * 2 * 28 * 28 * 2)
    XCTAssertTrue(buffer.contains { $0 > 0 }, "a moving digit makes events")
    XCTAssertTrue(buffer.allSatisfy { $0 >= 0 && $0 == $0.rounded() }, "event counts")
    let run = try TrainingRun(preset: preset, data: data, folder: nil)
    XCTAssertEqual(run.trainer.network.layers[0].inputShape.channels, 2)
    XCTAssertEqual(run.trainer.settings.encoding, .events)
    let events = try run.step()
    guard case .batch(let progress) = events.first else { return XCTFail("no batch") }
    XCTAssertGreaterThan(progress.statistics.inputSpikeRate, 0)
  }
}

final class RecordedEventDataTests: XCTestCase {
  /// Writes a CIFAR10-DVS-like folder: 10 class folders × 10 AEDAT 2.0 files whose events
  /// sweep a class-dependent column, so that the classes differ.
  func makeFolder() throws -> String {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("dvs-\(UUID())")
    for (label, name) in CIFAR10DVS.classNames.enumerated() {
      let folder = root.appendingPathComponent("cifar10-dvs/\(name)")
      try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
      for file in 0..<10 {
        var bytes = Array("#!AER-DAT2.0\r\n# test\r\n".utf8)
        for k in 0..<200 {
          let x = UInt32(label * 12 + k % 6)
          let y = UInt32((k * 7 + file) % 128)
          let address = (y << 8) | (x << 1) | UInt32(k % 2)
          let time = UInt32(k * 50)
          for value in [address, time] {
            bytes += [
              UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF),
              UInt8(value & 0xFF),
            ]
          }
        }
        try Data(bytes).write(
          to: folder.appendingPathComponent(String(format: "cifar10_%@_%d.aedat", name, file)))
      }
    }
    return root.path
  }

  func testCIFAR10DVSTrainsFromRecordedFiles() throws {
    let root = try makeFolder()
    var preset = Preset(name: "dvs-tiny")
    try preset.apply(
      [
        "dataset": "cifar10-dvs", "time-steps": 6, "event-frames": 3, "batch-size": 10,
        "train-limit": 30, "test-limit": 10,
        "layers": [
          ["input": [42, 42, 2]], ["conv": 4, "kernel": 3, "padding": 1], ["avgpool": 2],
          ["maxpool": 2], "flatten", ["linear": 10],
        ] as [Any],
      ], source: "test")
    let data = try DataSplits.load(for: preset, dataDirectory: root)
    XCTAssertEqual(data.train.count, 30)
    XCTAssertEqual(Set(data.train.labels).count, 10, "a limit keeps every class")
    XCTAssertEqual(data.test.count, 10)
    XCTAssertEqual(data.inputShape, Shape(height: 42, width: 42, channels: 2))
    XCTAssertEqual(data.framesPerSample, 3)
    let run = try TrainingRun(preset: preset, data: data, folder: nil)
    XCTAssertEqual(run.trainer.settings.encoding, .events)
    // 21 → 10: the max pool drops the last row and column (floor pooling).
    XCTAssertEqual(
      run.trainer.network.layers[2].outputShape, Shape(height: 10, width: 10, channels: 4))
    var results: [EpochResult] = []
    while !run.isFinished {
      for case .epoch(let result) in try run.step() { results.append(result) }
    }
    XCTAssertEqual(results.count, 1)
    XCTAssertTrue((0...1).contains(results[0].testAccuracy))
  }
}
