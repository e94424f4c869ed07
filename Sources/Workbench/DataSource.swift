// Loads the training and test sets a preset names: the synthetic digits (no files) or
// MNIST from the data folder (`--data-dir`, then ASF_DATA_DIR, then ../shared/datasets).

import Datasets
import Foundation

/// The training and test sets of a run.
public struct DataSplits: Sendable {
  public let train: ImageDataset
  public let test: ImageDataset

  /// Loads the data of `preset`, applying its train/test limits.
  public static func load(for preset: Preset, dataDirectory: String?) throws -> DataSplits {
    var train: ImageDataset
    var test: ImageDataset
    switch preset.dataset {
    case .digits:
      (train, test) = SyntheticDigits.standardSplits(seed: preset.seed)
    case .mnist:
      let directory = try DataLocator(dataDirectory: dataDirectory).mnistDirectory()
      train = try MNIST.load(directory: directory, split: .train)
      test = try MNIST.load(directory: directory, split: .test)
    }
    if preset.trainLimit > 0 && preset.trainLimit < train.count {
      train = train.prefix(preset.trainLimit)
    }
    if preset.testLimit > 0 && preset.testLimit < test.count {
      test = test.prefix(preset.testLimit)
    }
    return DataSplits(train: train, test: test)
  }
}

extension ImageDataset {
  /// Copies the images at `indices` into `buffer` ([indices.count][imageSize]).
  func gather(_ indices: [Int], into buffer: inout [Float]) {
    let size = imageSize
    if buffer.count < indices.count * size {
      buffer = [Float](repeating: 0, count: indices.count * size)
    }
    pixels.withUnsafeBufferPointer { source in
      buffer.withUnsafeMutableBufferPointer { destination in
        for (k, i) in indices.enumerated() {
          (destination.baseAddress! + k * size).update(
            from: source.baseAddress! + i * size, count: size)
        }
      }
    }
  }
}
