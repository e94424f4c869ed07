// Loads the training and test sets a preset names: the synthetic digits (no files), MNIST or
// CIFAR-10 from the data folder (`--data-dir`, then ASF_DATA_DIR, then ../shared/datasets),
// and applies CIFAR-10's augmentation when batches are gathered.

import Datasets
import Foundation
import SpikingCore

/// Where a run's inputs come from.
public enum InputSource: Sendable {
  /// Images, encoded into spikes by the trainer; CIFAR-10 gives training images a random crop,
  /// a flip and the normalisation, test images only the normalisation (`augmentation`).
  case images(augmentation: ImageAugmentation?)
  /// Images turned into event frames by the event-camera emulator, per batch.
  case emulatedEvents(EventCameraEmulator)
  /// Recorded event files (CIFAR10-DVS), read and binned per batch. The splits' data sets
  /// then hold one value per sample: its index in these listings.
  case recordedEvents(train: CIFAR10DVS, test: CIFAR10DVS)
}

/// The two halves of a data set.
public enum DataSplit: Sendable {
  case train, test
}

/// The training and test sets of a run.
public struct DataSplits: Sendable {
  public let train: ImageDataset
  public let test: ImageDataset
  public let source: InputSource

  public init(
    train: ImageDataset, test: ImageDataset, source: InputSource = .images(augmentation: nil)
  ) {
    self.train = train
    self.test = test
    self.source = source
  }

  /// The data set of `split`.
  public func dataset(_ split: DataSplit) -> ImageDataset {
    split == .train ? train : test
  }

  /// The image augmentation of an image source (nil for events or plain images).
  public var augmentation: ImageAugmentation? {
    if case .images(let augmentation) = source { return augmentation }
    return nil
  }

  /// The shape of one input frame: the image, or H×W×2 polarities for event data.
  public var inputShape: Shape {
    switch source {
    case .images: Shape(height: train.height, width: train.width, channels: train.channels)
    case .emulatedEvents: Shape(height: train.height, width: train.width, channels: 2)
    case .recordedEvents: Shape(height: EventFrames.side, width: EventFrames.side, channels: 2)
    }
  }

  /// Frames per sample in gathered batches (1 for images).
  public var framesPerSample: Int {
    switch source {
    case .images: 1
    case .emulatedEvents(let emulator): emulator.frameCount
    case .recordedEvents(let train, _): train.frameCount
    }
  }

  /// Whether the input is event frames (spikes as they are) rather than images to encode.
  public var isEventData: Bool {
    if case .images = source { return false }
    return true
  }

  /// Gathers the samples at `indices` of `split` into `buffer` ([indices.count][frames ×
  /// input size]). Training images are augmented (`seed` fixes the random placements of the
  /// batch); test images are only normalised.
  public func gather(
    _ split: DataSplit, _ indices: [Int], into buffer: inout [Float], seed: UInt64 = 0
  ) throws {
    let dataset = dataset(split)
    switch source {
    case .recordedEvents(let train, let test):
      try Self.gatherRecorded(dataset, indices, from: split == .train ? train : test, into: &buffer)
    case .emulatedEvents(let emulator):
      Self.gatherEvents(dataset, indices, into: &buffer, emulator: emulator)
    case .images(let augmentation):
      dataset.gather(indices, into: &buffer)
      guard let augmentation else { return }
      let (h, w, c) = (dataset.height, dataset.width, dataset.channels)
      if split == .train {
        var rng = RandomSource(seed: seed ^ 0xA06D_E17A)
        Self.transform(dataset, count: indices.count, buffer: &buffer) { source, image in
          augmentation.apply(source, into: image, height: h, width: w, channels: c, using: &rng)
        }
      } else {
        Self.transform(dataset, count: indices.count, buffer: &buffer) { source, image in
          augmentation.normalise(source, into: image, height: h, width: w, channels: c)
        }
      }
    }
  }

  /// Loads the data of `preset`, applying its train/test limits.
  public static func load(for preset: Preset, dataDirectory: String?) throws -> DataSplits {
    var train: ImageDataset
    var test: ImageDataset
    switch preset.dataset {
    case .digits:
      (train, test) = SyntheticDigits.standardSplits(seed: preset.seed)
    case .mnist, .mnistEvents:
      let directory = try DataLocator(dataDirectory: dataDirectory).mnistDirectory()
      train = try MNIST.load(directory: directory, split: .train)
      test = try MNIST.load(directory: directory, split: .test)
    case .cifar10:
      let directory = try DataLocator(dataDirectory: dataDirectory).cifar10Directory()
      train = try CIFAR10.load(directory: directory, split: .train)
      test = try CIFAR10.load(directory: directory, split: .test)
    case .cifar10DVS:
      let root = try DataLocator(dataDirectory: dataDirectory).cifar10DVSDirectory()
      let trainSet = try CIFAR10DVS(root: root, split: .train, frameCount: preset.eventFrames)
      let testSet = try CIFAR10DVS(root: root, split: .test, frameCount: preset.eventFrames)
      return DataSplits(
        train: Self.indexSet(trainSet, limit: preset.trainLimit, name: "cifar10-dvs-train"),
        test: Self.indexSet(testSet, limit: preset.testLimit, name: "cifar10-dvs-test"),
        source: .recordedEvents(train: trainSet, test: testSet))
    }
    if preset.trainLimit > 0 && preset.trainLimit < train.count {
      train = train.prefix(preset.trainLimit)
    }
    if preset.testLimit > 0 && preset.testLimit < test.count {
      test = test.prefix(preset.testLimit)
    }
    let source: InputSource =
      preset.dataset == .mnistEvents
      ? .emulatedEvents(EventCameraEmulator(frameCount: preset.eventFrames, seed: preset.seed))
      : .images(augmentation: preset.dataset == .cifar10 ? .cifar10 : nil)
    return DataSplits(train: train, test: test, source: source)
  }

  /// A stand-in data set whose one-value "images" are indices into `set`; a limit keeps
  /// evenly spaced samples, so every class stays in (the listing is sorted by class).
  static func indexSet(_ set: CIFAR10DVS, limit: Int, name: String) -> ImageDataset {
    let count = set.count
    let kept =
      limit > 0 && limit < count ? (0..<limit).map { $0 * count / limit } : Array(0..<count)
    return ImageDataset(
      name: name, channels: 1, height: 1, width: 1, pixels: kept.map(Float.init),
      labels: kept.map { set.labels[$0] }, classCount: CIFAR10DVS.classCount)
  }

  /// Reads and bins the recorded samples at `indices` of the stand-in set `dataset`.
  static func gatherRecorded(
    _ dataset: ImageDataset, _ indices: [Int], from set: CIFAR10DVS, into buffer: inout [Float]
  ) throws {
    let stride = set.sampleSize
    if buffer.count < indices.count * stride {
      buffer = [Float](repeating: 0, count: indices.count * stride)
    }
    try buffer.withUnsafeMutableBufferPointer { b in
      for (k, i) in indices.enumerated() {
        let slice = UnsafeMutableBufferPointer(rebasing: b[(k * stride)..<((k + 1) * stride)])
        _ = try set.sample(at: Int(dataset.pixels[i]), into: slice)
      }
    }
  }

  /// Event frames of the images at `indices`: [indices.count][frames][H][W][2].
  static func gatherEvents(
    _ dataset: ImageDataset, _ indices: [Int], into buffer: inout [Float],
    emulator: EventCameraEmulator
  ) {
    let stride = emulator.frameCount * dataset.height * dataset.width * 2
    if buffer.count < indices.count * stride {
      buffer = [Float](repeating: 0, count: indices.count * stride)
    }
    for (k, i) in indices.enumerated() {
      let frames = emulator.frames(forImageAt: i, in: dataset)
      let count = min(stride, frames.count)
      buffer.replaceSubrange((k * stride)..<(k * stride + count), with: frames.prefix(count))
    }
  }

  /// Rewrites each of the first `count` images of `buffer` through `body(copy, image)`.
  private static func transform(
    _ dataset: ImageDataset, count: Int, buffer: inout [Float],
    _ body: (UnsafePointer<Float>, UnsafeMutablePointer<Float>) -> Void
  ) {
    let size = dataset.imageSize
    var scratch = [Float](repeating: 0, count: size)
    buffer.withUnsafeMutableBufferPointer { images in
      scratch.withUnsafeMutableBufferPointer { copy in
        guard let first = images.baseAddress, let copy = copy.baseAddress else { return }
        for k in 0..<count {
          let image = first + k * size
          copy.update(from: image, count: size)
          body(copy, image)
        }
      }
    }
  }
}

extension ImageDataset {
  /// Copies the images at `indices` into `buffer` ([indices.count][imageSize]).
  public func gather(_ indices: [Int], into buffer: inout [Float]) {
    let size = imageSize
    if buffer.count < indices.count * size {
      buffer = [Float](repeating: 0, count: indices.count * size)
    }
    pixels.withUnsafeBufferPointer { source in
      buffer.withUnsafeMutableBufferPointer { destination in
        guard let from = source.baseAddress, let to = destination.baseAddress else { return }
        for (k, i) in indices.enumerated() {
          (to + k * size).update(from: from + i * size, count: size)
        }
      }
    }
  }
}
