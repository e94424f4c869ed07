// Tests of the CIFAR-10 loader: the real batches (skipped when absent), hand-made batches
// with known colour planes, and damaged or missing files.

import Foundation
import XCTest

@testable import Datasets

final class CIFAR10Tests: XCTestCase {
  // MARK: - Real data

  /// A real split with the statistics the tests check, computed in one pass.
  private struct RealSplit: Sendable {
    let dataset: ImageDataset
    /// The mean of each channel, read channels-last.
    let channelMeans: [Double]
    let smallestPixel: Float
    let largestPixel: Float

    init(_ split: CIFAR10.Split) throws {
      let directory = try realCIFAR10Directory()
      do {
        dataset = try CIFAR10.load(directory: directory, split: split)
      } catch DatasetError.fileNotFound {
        throw XCTSkip("No real CIFAR-10 \(split) batch in \(directory), skipping.")
      }
      var (red, green, blue) = (0.0, 0.0, 0.0)
      var (smallest, largest) = (Float.infinity, -Float.infinity)
      dataset.pixels.withUnsafeBufferPointer { pixels in
        var index = 0
        while index < pixels.count {
          let (r, g, b) = (pixels[index], pixels[index + 1], pixels[index + 2])
          red += Double(r)
          green += Double(g)
          blue += Double(b)
          smallest = Swift.min(smallest, Swift.min(r, Swift.min(g, b)))
          largest = Swift.max(largest, Swift.max(r, Swift.max(g, b)))
          index += 3
        }
      }
      let perChannel = Double(dataset.count * 32 * 32)
      channelMeans = [red, green, blue].map { $0 / perChannel }
      (smallestPixel, largestPixel) = (smallest, largest)
    }
  }

  /// Each real split is read once for the whole class: a batch is ~29 MB of gzip, and
  /// loading one takes about a second in a debug build.
  private static let realTrain = Result { try RealSplit(.train) }
  private static let realTest = Result { try RealSplit(.test) }

  func testRealTrainingBatchesHaveBalancedLabels() throws {
    let train = try Self.realTrain.get().dataset
    let batches = try CIFAR10.batchFiles(in: realCIFAR10Directory(), split: .train).found.count
    XCTAssertEqual(train.name, "cifar10-train")
    XCTAssertEqual([train.channels, train.height, train.width], [3, 32, 32])
    XCTAssertEqual(train.count, 10_000 * batches)
    let counts = train.labelCounts()
    XCTAssertEqual(counts.count, 10)
    XCTAssertEqual(counts.reduce(0, +), 10_000 * batches)
    for (label, count) in counts.enumerated() {
      // The README gives 957 to 1,055 images per class for batch 1.
      XCTAssertTrue(
        (957 * batches...1055 * batches).contains(count), "class \(label) has \(count) images")
    }
  }

  func testRealTestBatchHasOneThousandImagesPerClass() throws {
    let test = try Self.realTest.get().dataset
    XCTAssertEqual(test.name, "cifar10-test")
    XCTAssertEqual(test.count, 10_000)
    XCTAssertEqual([test.channels, test.height, test.width], [3, 32, 32])
    XCTAssertEqual(test.classCount, 10)
    XCTAssertEqual(test.labelCounts(), Array(repeating: 1000, count: 10))
  }

  func testRealPixelsSpanZeroToOneWithCIFARChannelMeans() throws {
    // Read channels-last, the channel means are CIFAR-10's (red brightest, blue darkest);
    // read with the file's planar layout by mistake, all three would be about 0.47.
    for split in [try Self.realTrain.get(), try Self.realTest.get()] {
      let name = split.dataset.name
      XCTAssertEqual(split.smallestPixel, 0, name)
      XCTAssertEqual(split.largestPixel, 1, name)
      for (channel, expected) in ImageAugmentation.cifar10.mean.enumerated() {
        XCTAssertEqual(
          split.channelMeans[channel], Double(expected), accuracy: 0.01,
          "\(name) channel \(channel)")
      }
    }
  }

  // MARK: - Hand-made batches in a temporary folder

  /// A record whose planes are known: red `(3i + image) % 256`, green `255 - i % 256`,
  /// blue `(i / 32 * 7 + image * 50) % 256`, for pixel `i = 32 y + x`.
  private func record(label: UInt8, image: Int) -> [UInt8] {
    let red = (0..<1024).map { UInt8((3 * $0 + image) % 256) }
    let green = (0..<1024).map { UInt8(255 - $0 % 256) }
    let blue = (0..<1024).map { UInt8(($0 / 32 * 7 + image * 50) % 256) }
    return [label] + red + green + blue
  }

  /// Two records, labels 3 and 7.
  private var twoRecords: [UInt8] { record(label: 3, image: 0) + record(label: 7, image: 1) }

  func testPixelsAreConvertedFromPlanarToChannelsLast() throws {
    let directory = try makeTemporaryDirectory(self)
    try write(twoRecords, to: "test_batch.bin", in: directory)
    let test = try CIFAR10.load(directory: directory.path, split: .test)
    XCTAssertEqual(test.labels, [3, 7])
    XCTAssertEqual([test.channels, test.height, test.width, test.classCount], [3, 32, 32, 10])
    let scale: Float = 1.0 / 255.0  // the loader multiplies by this, as IDXReader does
    for image in 0..<2 {
      let bytes = record(label: 0, image: image)
      let pixels = Array(test.image(at: image))
      for y in 0..<32 {
        for x in 0..<32 {
          for channel in 0..<3 {
            let byte = bytes[1 + channel * 1024 + y * 32 + x]
            XCTAssertEqual(
              pixels[(y * 32 + x) * 3 + channel], Float(byte) * scale,
              "image \(image) y \(y) x \(x) channel \(channel)")
          }
        }
      }
    }
    // One pixel spelt out: image 1, y 2, x 5 (i = 69): red 208, green 186, blue 64.
    let pixel = Array(test.image(at: 1))[(2 * 32 + 5) * 3..<(2 * 32 + 5) * 3 + 3]
    XCTAssertEqual(Array(pixel), [208, 186, 64].map { Float($0) * scale })
  }

  func testRawAndCompressedBatchesLoadTheSameData() throws {
    let raw = try makeTemporaryDirectory(self)
    let packed = try makeTemporaryDirectory(self)
    try write(twoRecords, to: "data_batch_1.bin", in: raw)
    try write(gzipped(twoRecords), to: "data_batch_1.bin.gz", in: packed)
    XCTAssertEqual(
      try CIFAR10.load(directory: raw.path, split: .train),
      try CIFAR10.load(directory: packed.path, split: .train))
  }

  func testAnySubsetOfTrainingBatchesLoadsInOrder() throws {
    let directory = try makeTemporaryDirectory(self)
    try write(record(label: 9, image: 0), to: "data_batch_3.bin", in: directory)
    let only3 = try CIFAR10.load(directory: directory.path, split: .train)
    XCTAssertEqual(only3.labels, [9])

    try write(gzipped(twoRecords), to: "data_batch_5.bin.gz", in: directory)
    try write(record(label: 1, image: 2), to: "data_batch_2.bin", in: directory)
    let three = try CIFAR10.load(directory: directory.path, split: .train)
    XCTAssertEqual(three.labels, [1, 9, 3, 7])
    XCTAssertEqual(three.name, "cifar10-train")
    XCTAssertEqual(Array(three.image(at: 1)), Array(only3.image(at: 0)))
  }

  func testTestSplitReadsOnlyTheTestBatch() throws {
    let directory = try makeTemporaryDirectory(self)
    try write(record(label: 4, image: 0), to: "data_batch_1.bin", in: directory)
    try write(twoRecords, to: "test_batch.bin", in: directory)
    XCTAssertEqual(try CIFAR10.load(directory: directory.path, split: .test).labels, [3, 7])
    XCTAssertEqual(try CIFAR10.load(directory: directory.path, split: .train).labels, [4])
  }

  func testMissingBatchesListEveryNameTried() throws {
    let directory = try makeTemporaryDirectory(self)
    let error = datasetError { try CIFAR10.load(directory: directory.path, split: .train) }
    let tried = (1...5).flatMap { n -> [String] in
      let base = directory.appendingPathComponent("data_batch_\(n).bin").path
      return [base, base + ".gz"]
    }
    XCTAssertEqual(error, .fileNotFound(tried: tried))
    let message = error?.description ?? ""
    XCTAssertTrue(message.contains("data_batch_1.bin'") && message.contains("data_batch_5.bin.gz"))

    let base = directory.appendingPathComponent("test_batch.bin").path
    XCTAssertEqual(
      datasetError { try CIFAR10.load(directory: directory.path, split: .test) },
      .fileNotFound(tried: [base, base + ".gz"]))
  }

  func testTruncatedBatchGivesItsSizeAndTheRecordSize() throws {
    let directory = try makeTemporaryDirectory(self)
    try write(twoRecords, to: "data_batch_1.bin", in: directory)
    let path = try write(Array(twoRecords.dropLast(100)), to: "data_batch_2.bin", in: directory)
    let error = datasetError { try CIFAR10.load(directory: directory.path, split: .train) }
    XCTAssertEqual(error, .partialRecord(path: path, recordSize: 3073, foundBytes: 6046))
    let message = error?.description ?? ""
    for needle in [path, "6046 bytes", "3073-byte records", "2973 bytes more"] {
      XCTAssertTrue(message.contains(needle), "missing \(needle) in: \(message)")
    }
  }

  func testLabelOutOfRangeGivesIndexAndValue() throws {
    let directory = try makeTemporaryDirectory(self)
    let bytes = record(label: 2, image: 0) + record(label: 11, image: 1)
    let path = try write(gzipped(bytes), to: "test_batch.bin.gz", in: directory)
    let error = datasetError { try CIFAR10.load(directory: directory.path, split: .test) }
    XCTAssertEqual(error, .labelOutOfRange(path: path, index: 1, value: 11, classCount: 10))
    let message = error?.description ?? ""
    XCTAssertTrue(message.contains(path) && message.contains("label 11 at index 1"))
  }

  func testEmptyBatchNamesTheFile() throws {
    let directory = try makeTemporaryDirectory(self)
    let path = try write([], to: "test_batch.bin", in: directory)
    let error = datasetError { try CIFAR10.load(directory: directory.path, split: .test) }
    XCTAssertEqual(error, .emptyFile(path: path))
    XCTAssertTrue(error?.description.contains(path) ?? false)
  }

  func testClassNamesAndFileNames() {
    XCTAssertEqual(CIFAR10.classNames.count, CIFAR10.classCount)
    XCTAssertEqual(CIFAR10.classNames.first, "airplane")
    XCTAssertEqual(CIFAR10.classNames.last, "truck")
    XCTAssertEqual(CIFAR10.recordSize, 3073)
    XCTAssertEqual(
      CIFAR10.canonicalFileNames,
      (1...5).map { "data_batch_\($0).bin.gz" } + ["test_batch.bin.gz"])
  }
}
