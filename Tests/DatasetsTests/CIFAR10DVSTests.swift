// Tests of the CIFAR10-DVS loader on a fake release: split, labels, lazy samples, errors,
// and finding the folder under the data root.

import Foundation
import XCTest

@testable import Datasets

final class CIFAR10DVSTests: XCTestCase {
  func testFixedSplitTakesTheFirstNinetyPercentOfEachClassByName() throws {
    let root = try makeTemporaryDirectory(self)
    try writeFakeCIFAR10DVS(at: root, filesPerClass: 10)
    let train = try CIFAR10DVS(root: root.path, split: .train, frameCount: 4)
    let test = try CIFAR10DVS(root: root.path, split: .test, frameCount: 4)
    XCTAssertEqual(train.count, 90)
    XCTAssertEqual(test.count, 10)
    XCTAssertEqual(train.labelCounts(), Array(repeating: 9, count: 10))
    XCTAssertEqual(test.labelCounts(), Array(repeating: 1, count: 10))
    XCTAssertEqual(test.labels, (0..<10).map(UInt8.init))
    for (path, label) in zip(test.paths, test.labels) {
      let name = CIFAR10DVS.classNames[Int(label)]
      XCTAssertEqual(path, root.appendingPathComponent("\(name)/cifar10_\(name)_9.aedat").path)
    }
    XCTAssertEqual(Set(train.paths).intersection(test.paths), [])
    XCTAssertEqual(CIFAR10DVS.trainCount(ofClassSize: 1000), 900)
  }

  func testEvenlySpacedKeepsEveryClassAndPairsEachPathWithItsLabel() throws {
    let root = try makeTemporaryDirectory(self)
    try writeFakeCIFAR10DVS(at: root, filesPerClass: 10)
    let train = try CIFAR10DVS(root: root.path, split: .train, frameCount: 2)
    let kept = train.evenlySpaced(30)
    XCTAssertEqual(kept.count, 30)
    XCTAssertEqual(kept.labelCounts(), Array(repeating: 3, count: 10))
    XCTAssertEqual(kept.name, "cifar10-dvs-train")
    XCTAssertEqual(kept.frameCount, 2)
    for (path, label) in zip(kept.paths, kept.labels) {
      let folder = URL(fileURLWithPath: path).deletingLastPathComponent().lastPathComponent
      XCTAssertEqual(folder, CIFAR10DVS.classNames[Int(label)])
    }
    XCTAssertEqual(Set(kept.paths).subtracting(train.paths), [])
    XCTAssertEqual(train.evenlySpaced(0), train, "0 keeps all")
    XCTAssertEqual(train.evenlySpaced(500), train, "a limit above the count keeps all")
  }

  func testNamesSortInByteOrderAsPythonDoes() throws {
    let root = try makeTemporaryDirectory(self)
    try writeFakeCIFAR10DVS(at: root, filesPerClass: 12)
    let test = try CIFAR10DVS(root: root.path, split: .test, frameCount: 1)
    // 12 files: _0, _1, _10, _11, _2, …, _9; the first 10 train, _8 and _9 test.
    XCTAssertEqual(test.count, 20)
    XCTAssertEqual(
      test.paths.prefix(2).map { ($0 as NSString).lastPathComponent },
      ["cifar10_airplane_8.aedat", "cifar10_airplane_9.aedat"])
  }

  func testSamplesAreReadLazilyAndBinnedWithTheirLabel() throws {
    let root = try makeTemporaryDirectory(self)
    try writeFakeCIFAR10DVS(at: root, filesPerClass: 10)
    // A damaged file does not stop the listing; only reading that sample fails.
    let damaged = try write(
      [UInt8](repeating: 0, count: 12), to: "cifar10_truck_5.aedat",
      in: root.appendingPathComponent("truck"))
    let train = try CIFAR10DVS(root: root.path, split: .train, frameCount: 4)
    XCTAssertEqual(train.sampleSize, 4 * 3528)

    // Class 3 (cat) file 6: 7 ON events at pixel (9, 18) over 6 ms, block (3, 6).
    let index = 3 * 9 + 6
    let (frames, label) = try train.sample(at: index)
    XCTAssertEqual(label, 3)
    XCTAssertEqual(frames.count, 4 * 3528)
    XCTAssertEqual(frames.reduce(0, +), 7)
    let pixel = (6 * 42 + 3) * 2 + 1
    XCTAssertEqual((0..<4).map { frames[$0 * 3528 + pixel] }, [2, 2, 1, 2])

    var buffer = [Float](repeating: 0, count: train.sampleSize)
    let bufferLabel = try buffer.withUnsafeMutableBufferPointer {
      try train.sample(at: index, into: $0)
    }
    XCTAssertEqual(bufferLabel, 3)
    XCTAssertEqual(buffer, frames)

    let error = datasetError { try train.sample(at: 9 * 9 + 5) }
    XCTAssertEqual(error, .truncatedEvents(path: damaged, headerBytes: 0, eventBytes: 12))
  }

  func testMissingAndEmptyClassFoldersAreNamed() throws {
    let root = try makeTemporaryDirectory(self)
    try writeFakeCIFAR10DVS(at: root, filesPerClass: 2)
    try FileManager.default.removeItem(at: root.appendingPathComponent("cat"))
    try FileManager.default.removeItem(at: root.appendingPathComponent("ship"))
    let missing = datasetError { try CIFAR10DVS(root: root.path, split: .train, frameCount: 1) }
    XCTAssertEqual(missing, .missingClassFolders(root: root.path, missing: ["cat", "ship"]))
    XCTAssertTrue(missing?.description.contains("'cat' and 'ship'") ?? false)

    for name in ["cat", "ship"] {
      try FileManager.default.createDirectory(
        at: root.appendingPathComponent(name), withIntermediateDirectories: true)
    }
    let empty = datasetError { try CIFAR10DVS(root: root.path, split: .test, frameCount: 1) }
    let cat = root.appendingPathComponent("cat").path
    XCTAssertEqual(empty, .emptyClassFolder(path: cat, fileExtension: "aedat"))
    XCTAssertTrue(empty?.description.contains(cat) ?? false)
  }

  func testLocatorSearchesTheNamedSubfoldersThenTheRoot() throws {
    let root = try makeTemporaryDirectory(self)
    let locator = DataLocator(dataDirectory: root.path, environment: [:])
    let error = datasetError { try locator.cifar10DVSDirectory() }
    guard case .dataNotFound(let dataset, let searched, _, let expected)? = error else {
      return XCTFail("expected dataNotFound, got \(String(describing: error))")
    }
    XCTAssertEqual(dataset, "CIFAR10-DVS")
    XCTAssertEqual(
      searched,
      [
        root.appendingPathComponent("cifar10-dvs").path,
        root.appendingPathComponent("CIFAR10-DVS").path, root.path,
      ])
    XCTAssertEqual(expected.first, "airplane/")
    XCTAssertFalse(error?.description.contains(".gz") ?? true, "no gzip hint for folders")

    try writeFakeCIFAR10DVS(at: root, filesPerClass: 1)
    XCTAssertEqual(try locator.cifar10DVSDirectory(), root.path)
    let upper = root.appendingPathComponent("CIFAR10-DVS")
    try writeFakeCIFAR10DVS(at: upper, filesPerClass: 1)
    XCTAssertEqual(try locator.cifar10DVSDirectory(), upper.path)
    let lower = root.appendingPathComponent("cifar10-dvs")
    try writeFakeCIFAR10DVS(at: lower, filesPerClass: 1)
    XCTAssertEqual(try locator.cifar10DVSDirectory(), lower.path)
  }
}
