// Tests of the MNIST loader: the real files (skipped when absent) and damaged copies.

import Foundation
import XCTest

@testable import Datasets

final class MNISTTests: XCTestCase {
  // MARK: - Real data

  func testRealTestSplitHasTheKnownLabelCounts() throws {
    let directory = try realMNISTDirectory()
    let test = try MNIST.load(directory: directory, split: .test)
    XCTAssertEqual(test.name, "mnist-test")
    XCTAssertEqual(test.count, 10_000)
    XCTAssertEqual(test.height, 28)
    XCTAssertEqual(test.width, 28)
    XCTAssertEqual(test.channels, 1)
    XCTAssertEqual(test.labelCounts(), [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009])
    XCTAssertEqual(test.pixels.min(), 0)
    XCTAssertEqual(test.pixels.max(), 1)
  }

  func testRealTrainSplitHasTheKnownLabelCountsAndMeanPixel() throws {
    let directory = try realMNISTDirectory()
    let train = try MNIST.load(directory: directory, split: .train)
    XCTAssertEqual(train.count, 60_000)
    XCTAssertEqual(
      train.labelCounts(), [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949])
    let sum = train.pixels.withUnsafeBufferPointer { pixels in
      var sum = 0.0
      for value in pixels { sum += Double(value) }
      return sum
    }
    XCTAssertEqual(sum / Double(train.pixels.count) * 255, 33.318, accuracy: 0.001)
  }

  // MARK: - Small files in a temporary folder

  /// Writes a valid 20-image test split (labels 0–9 twice) and returns the folder.
  private func writeValidSplit(compressed: Bool) throws -> URL {
    let directory = try makeTemporaryDirectory(self)
    let images = idxImages(count: 20)
    let labels = idxLabels((0..<20).map { UInt8($0 % 10) })
    if compressed {
      try write(gzipped(images), to: "t10k-images-idx3-ubyte.gz", in: directory)
      try write(gzipped(labels), to: "t10k-labels-idx1-ubyte.gz", in: directory)
    } else {
      try write(images, to: "t10k-images-idx3-ubyte", in: directory)
      try write(labels, to: "t10k-labels-idx1-ubyte", in: directory)
    }
    return directory
  }

  func testRawAndCompressedFilesLoadTheSameData() throws {
    let raw = try MNIST.load(directory: writeValidSplit(compressed: false).path, split: .test)
    let packed = try MNIST.load(directory: writeValidSplit(compressed: true).path, split: .test)
    XCTAssertEqual(raw, packed)
    XCTAssertEqual(raw.count, 20)
    XCTAssertEqual(raw.labelCounts(), Array(repeating: 2, count: 10))
    XCTAssertEqual(raw.pixels[7], 1 / 255, accuracy: 1e-7)
  }

  func testMissingFileListsBothNamesTried() throws {
    let directory = try makeTemporaryDirectory(self)
    let error = datasetError { try MNIST.load(directory: directory.path, split: .train) }
    let base = directory.appendingPathComponent("train-images-idx3-ubyte").path
    XCTAssertEqual(error, .fileNotFound(tried: [base, base + ".gz"]))
    XCTAssertTrue(error?.description.contains(base + ".gz") ?? false)
  }

  func testWrongMagicNamesTheFile() throws {
    let directory = try writeValidSplit(compressed: false)
    let path = try write(idxLabels([1, 2, 3]), to: "t10k-images-idx3-ubyte", in: directory)
    let error = datasetError { try MNIST.load(directory: directory.path, split: .test) }
    XCTAssertEqual(error, .wrongMagic(path: path, expected: 0x803, found: 0x801))
    XCTAssertTrue(error?.description.contains(path) ?? false)
  }

  func testTruncatedImagesFileNamesTheFile() throws {
    let directory = try writeValidSplit(compressed: false)
    let path = try write(
      Array(idxImages(count: 20).dropLast(1000)), to: "t10k-images-idx3-ubyte", in: directory)
    let error = datasetError { try MNIST.load(directory: directory.path, split: .test) }
    XCTAssertEqual(
      error, .truncated(path: path, expectedBytes: 16 + 20 * 784, foundBytes: 16 + 20 * 784 - 1000))
    XCTAssertTrue(error?.description.contains(path) ?? false)
  }

  func testTruncatedGzipStreamNamesTheFile() throws {
    let directory = try writeValidSplit(compressed: true)
    let compressed = try gzipped(idxImages(count: 20))
    let cut = Array(compressed.prefix(compressed.count / 2))
    let path = try write(cut, to: "t10k-images-idx3-ubyte.gz", in: directory)
    let error = datasetError { try MNIST.load(directory: directory.path, split: .test) }
    XCTAssertEqual(error, .truncatedGzip(path: path, compressedBytes: cut.count))
    XCTAssertTrue(error?.description.contains(path) ?? false)
  }

  func testLabelCountMismatchNamesBothFiles() throws {
    let directory = try writeValidSplit(compressed: false)
    let labelsPath = try write(idxLabels([1, 2, 3]), to: "t10k-labels-idx1-ubyte", in: directory)
    let imagesPath = directory.appendingPathComponent("t10k-images-idx3-ubyte").path
    let error = datasetError { try MNIST.load(directory: directory.path, split: .test) }
    XCTAssertEqual(
      error,
      .countMismatch(imagesPath: imagesPath, imageCount: 20, labelsPath: labelsPath, labelCount: 3))
    XCTAssertTrue(error?.description.contains(labelsPath) ?? false)
  }

  func testLabelOutOfRangeGivesIndexAndValue() throws {
    let directory = try writeValidSplit(compressed: false)
    var labels = (0..<20).map { UInt8($0 % 10) }
    labels[13] = 12
    let path = try write(idxLabels(labels), to: "t10k-labels-idx1-ubyte", in: directory)
    let error = datasetError { try MNIST.load(directory: directory.path, split: .test) }
    XCTAssertEqual(error, .labelOutOfRange(path: path, index: 13, value: 12, classCount: 10))
    let message = error?.description ?? ""
    XCTAssertTrue(message.contains(path) && message.contains("12") && message.contains("13"))
  }
}
