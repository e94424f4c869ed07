// Loads the training and test sets a preset names: the synthetic digits (no files), MNIST or
// CIFAR-10 from the data folder (`--data-dir`, then ASF_DATA_DIR, then ../shared/datasets),
// and applies CIFAR-10's augmentation when batches are gathered.

import Datasets
import Foundation
import SpikingCore

/// Where a run's inputs come from, with the samples of both splits.
public enum InputSource: Sendable {
  /// Images, encoded into spikes by the trainer; CIFAR-10 gives training images a random crop,
  /// a flip and the normalisation, test images only the normalisation (`augmentation`).
  case images(train: ImageDataset, test: ImageDataset, augmentation: ImageAugmentation?)
  /// Images turned into event frames by the event-camera emulator, per batch.
  case emulatedEvents(train: ImageDataset, test: ImageDataset, emulator: EventCameraEmulator)
  /// Recorded event files (CIFAR10-DVS), read and binned per batch.
  case recordedEvents(train: CIFAR10DVS, test: CIFAR10DVS)
}

/// The two halves of a data set.
public enum DataSplit: Sendable {
  case train, test
}

/// The training and test sets of a run.
public struct DataSplits: Sendable {
  public let source: InputSource

  public init(source: InputSource) {
    self.source = source
  }

  /// Images of both splits, encoded by the trainer, with an optional augmentation.
  public init(
    train: ImageDataset, test: ImageDataset, augmentation: ImageAugmentation? = nil
  ) {
    source = .images(train: train, test: test, augmentation: augmentation)
  }

  /// The samples of `split`.
  public func samples(_ split: DataSplit) -> any LabelledSamples {
    switch source {
    case .images(let train, let test, _), .emulatedEvents(let train, let test, _):
      split == .train ? train : test
    case .recordedEvents(let train, let test):
      split == .train ? train : test
    }
  }

  /// The training samples.
  public var train: any LabelledSamples { samples(.train) }
  /// The test samples.
  public var test: any LabelledSamples { samples(.test) }

  /// The image augmentation of an image source (nil for events or plain images).
  public var augmentation: ImageAugmentation? {
    if case .images(_, _, let augmentation) = source { return augmentation }
    return nil
  }

  /// Throws unless the test samples have the training samples' shape (a network takes one
  /// input shape; test images of another size would be read past their end).
  public func checkShapesAgree() throws {
    switch source {
    case .images(let train, let test, _), .emulatedEvents(let train, let test, _):
      let (a, b) = (Self.shape(of: train), Self.shape(of: test))
      guard a == b else {
        throw WorkbenchError.splitsDiffer(
          train: "\(train.name) \(a)", test: "\(test.name) \(b)")
      }
    case .recordedEvents: return  // both are binned to the same frames
    }
  }

  private static func shape(of images: ImageDataset) -> Shape {
    Shape(height: images.height, width: images.width, channels: images.channels)
  }

  /// The shape of one input frame: the image, or H×W×2 polarities for event data.
  public var inputShape: Shape {
    switch source {
    case .images(let train, _, _):
      Shape(height: train.height, width: train.width, channels: train.channels)
    case .emulatedEvents(let train, _, _):
      Shape(height: train.height, width: train.width, channels: 2)
    case .recordedEvents: Shape(height: EventFrames.side, width: EventFrames.side, channels: 2)
    }
  }

  /// Frames per sample in gathered batches (1 for images).
  public var framesPerSample: Int {
    switch source {
    case .images: 1
    case .emulatedEvents(_, _, let emulator): emulator.frameCount
    case .recordedEvents(let train, _): train.frameCount
    }
  }

  /// Whether the input is event frames (spikes as they are) rather than images to encode.
  public var isEventData: Bool {
    if case .images = source { return false }
    return true
  }

  /// Gathers the samples at `indices` of `split` into `buffer` ([indices.count][frames ×
  /// input size]). Training images are augmented, each at the placement its key in
  /// `streams` gives (as the PyTorch backend places it); test images are only normalised.
  public func gather(
    _ split: DataSplit, _ indices: [Int], into buffer: inout [Float],
    streams: InputStreams? = nil
  ) throws {
    switch source {
    case .recordedEvents(let train, let test):
      try Self.gatherRecorded(indices, from: split == .train ? train : test, into: &buffer)
    case .emulatedEvents(let train, let test, let emulator):
      Self.gatherEvents(split == .train ? train : test, indices, into: &buffer, emulator: emulator)
    case .images(let train, let test, let augmentation):
      let dataset = split == .train ? train : test
      dataset.gather(indices, into: &buffer)
      guard let augmentation else { return }
      let (h, w, c) = (dataset.height, dataset.width, dataset.channels)
      if split == .train {
        let streams = streams ?? InputStreams(seed: 0, indices: indices)
        var k = 0
        Self.transform(dataset, count: indices.count, buffer: &buffer) { source, image in
          let placement = augmentation.placement(key: streams.key(ofSample: k))
          augmentation.apply(
            source, into: image, height: h, width: w, channels: c, placement: placement)
          k += 1
        }
      } else {
        Self.transform(dataset, count: indices.count, buffer: &buffer) { source, image in
          augmentation.normalise(source, into: image, height: h, width: w, channels: c)
        }
      }
    }
  }

  /// Loads the data of `preset`, applying its train/test limits; `progress` is told which
  /// split is being read (two units: the training and the test split).
  public static func load(
    for preset: Preset, dataDirectory: String?, progress: WorkProgress? = nil
  ) throws -> DataSplits {
    var train: ImageDataset
    var test: ImageDataset
    progress?.begin("reading \(preset.dataset.rawValue): training and test splits", total: 2)
    switch preset.dataset {
    case .digits:
      (train, test) = SyntheticDigits.standardSplits(seed: preset.seed)
    case .mnist, .mnistEvents:
      let directory = try DataLocator(dataDirectory: dataDirectory).mnistDirectory()
      train = try MNIST.load(directory: directory, split: .train)
      progress?.advance()
      test = try MNIST.load(directory: directory, split: .test)
    case .cifar10:
      let directory = try DataLocator(dataDirectory: dataDirectory).cifar10Directory()
      train = try CIFAR10.load(directory: directory, split: .train)
      progress?.advance()
      test = try CIFAR10.load(directory: directory, split: .test)
    case .cifar10DVS:
      let root = try DataLocator(dataDirectory: dataDirectory).cifar10DVSDirectory()
      let train = try CIFAR10DVS(root: root, split: .train, frameCount: preset.eventFrames)
      progress?.advance()
      let test = try CIFAR10DVS(root: root, split: .test, frameCount: preset.eventFrames)
      progress?.advance()
      return DataSplits(
        source: .recordedEvents(
          train: train.evenlySpaced(preset.trainLimit), test: test.evenlySpaced(preset.testLimit)))
    }
    progress?.advance(by: 2)
    if preset.trainLimit > 0 && preset.trainLimit < train.count {
      train = train.prefix(preset.trainLimit)
    }
    if preset.testLimit > 0 && preset.testLimit < test.count {
      test = test.prefix(preset.testLimit)
    }
    if preset.dataset == .mnistEvents {
      let emulator = EventCameraEmulator(frameCount: preset.eventFrames, seed: preset.seed)
      return DataSplits(source: .emulatedEvents(train: train, test: test, emulator: emulator))
    }
    return DataSplits(
      train: train, test: test, augmentation: preset.dataset == .cifar10 ? .cifar10 : nil)
  }

  /// Reads and bins the recordings at `indices` of `set`.
  static func gatherRecorded(
    _ indices: [Int], from set: CIFAR10DVS, into buffer: inout [Float]
  ) throws {
    let stride = set.sampleSize
    if buffer.count < indices.count * stride {
      buffer = [Float](repeating: 0, count: indices.count * stride)
    }
    try buffer.withUnsafeMutableBufferPointer { b in
      for (k, i) in indices.enumerated() {
        let slice = UnsafeMutableBufferPointer(rebasing: b[(k * stride)..<((k + 1) * stride)])
        _ = try set.sample(at: i, into: slice)
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
