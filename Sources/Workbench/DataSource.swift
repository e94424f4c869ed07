// Loads the training and test sets a preset names: the synthetic digits (no files), MNIST or
// CIFAR-10 from the data folder (`--data-dir`, then ASF_DATA_DIR, then ../shared/datasets),
// and applies CIFAR-10's augmentation when batches are gathered.

import Datasets
import Foundation
import SpikingCore

/// The training and test sets of a run.
public struct DataSplits: Sendable {
  public let train: ImageDataset
  public let test: ImageDataset
  /// CIFAR-10: random crop and flip, then normalisation, for training images; test images
  /// are only normalised. nil: images are used as they are.
  public var augmentation: ImageAugmentation?
  /// Event data: the emulator that turns each (grey) image into event frames per batch.
  public var events: EventCameraEmulator?
  /// Recorded event data (CIFAR10-DVS), read and binned per batch. `train` and `test` then
  /// hold one value per sample: its index in these listings.
  public var recorded: (train: CIFAR10DVS, test: CIFAR10DVS)?

  public init(
    train: ImageDataset, test: ImageDataset, augmentation: ImageAugmentation? = nil,
    events: EventCameraEmulator? = nil
  ) {
    self.train = train
    self.test = test
    self.augmentation = augmentation
    self.events = events
  }

  /// The shape of one input frame: the image, or H×W×2 polarities for event data.
  public var inputShape: Shape {
    if recorded != nil {
      return Shape(height: EventFrames.side, width: EventFrames.side, channels: 2)
    }
    return Shape(
      height: train.height, width: train.width, channels: events == nil ? train.channels : 2)
  }

  /// Frames per sample in gathered batches (1 for images).
  public var framesPerSample: Int { recorded?.train.frameCount ?? events?.frameCount ?? 1 }

  /// Whether the input is event frames (spikes as they are) rather than images to encode.
  public var isEventData: Bool { events != nil || recorded != nil }

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
      var splits = DataSplits(
        train: Self.indexSet(trainSet, limit: preset.trainLimit, name: "cifar10-dvs-train"),
        test: Self.indexSet(testSet, limit: preset.testLimit, name: "cifar10-dvs-test"))
      splits.recorded = (trainSet, testSet)
      return splits
    }
    if preset.trainLimit > 0 && preset.trainLimit < train.count {
      train = train.prefix(preset.trainLimit)
    }
    if preset.testLimit > 0 && preset.testLimit < test.count {
      test = test.prefix(preset.testLimit)
    }
    return DataSplits(
      train: train, test: test, augmentation: preset.dataset == .cifar10 ? .cifar10 : nil,
      events: preset.dataset == .mnistEvents
        ? EventCameraEmulator(frameCount: preset.eventFrames, seed: preset.seed) : nil)
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

  /// Gathers training images, augmented (random crop, flip, normalisation) when the data set
  /// asks for it; `seed` fixes the random placements of the batch.
  public func gatherTraining(_ indices: [Int], into buffer: inout [Float], seed: UInt64) throws {
    if let recorded {
      try Self.gatherRecorded(train, indices, from: recorded.train, into: &buffer)
      return
    }
    if let events {
      Self.gatherEvents(train, indices, into: &buffer, emulator: events)
      return
    }
    train.gather(indices, into: &buffer)
    guard let augmentation else { return }
    var rng = RandomSource(seed: seed ^ 0xA06D_E17A)
    Self.transform(train, count: indices.count, buffer: &buffer) { source, image in
      augmentation.apply(
        source, into: image, height: train.height, width: train.width, channels: train.channels,
        using: &rng)
    }
  }

  /// Gathers images of `dataset` for evaluation: only normalised when the data set asks.
  static func gather(
    _ dataset: ImageDataset, _ indices: [Int], into buffer: inout [Float],
    augmentation: ImageAugmentation?, events: EventCameraEmulator? = nil,
    recorded: CIFAR10DVS? = nil
  ) throws {
    if let recorded {
      try gatherRecorded(dataset, indices, from: recorded, into: &buffer)
      return
    }
    if let events {
      gatherEvents(dataset, indices, into: &buffer, emulator: events)
      return
    }
    dataset.gather(indices, into: &buffer)
    guard let augmentation else { return }
    transform(dataset, count: indices.count, buffer: &buffer) { source, image in
      augmentation.normalise(
        source, into: image, height: dataset.height, width: dataset.width,
        channels: dataset.channels)
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
