// Tests of DataLocator: precedence of flag, environment and default, and the search.

import Foundation
import XCTest

@testable import Datasets

final class DataLocatorTests: XCTestCase {
  func testFlagBeatsEnvironmentBeatsDefault() {
    let environment = ["ASF_DATA_DIR": "/data/env"]
    let flag = DataLocator(
      dataDirectory: "/data/flag", environment: environment, currentDirectory: "/w/p")
    XCTAssertEqual(flag.root, "/data/flag")
    XCTAssertEqual(flag.origin, .flag)

    let fromEnvironment = DataLocator(environment: environment, currentDirectory: "/w/p")
    XCTAssertEqual(fromEnvironment.root, "/data/env")
    XCTAssertEqual(fromEnvironment.origin, .environment)

    let fallback = DataLocator(environment: [:], currentDirectory: "/w/p")
    XCTAssertEqual(fallback.root, "/w/shared/datasets")
    XCTAssertEqual(fallback.origin, .defaultLocation)
  }

  func testEmptySettingsCountAsUnsetAndRelativePathsUseTheCurrentDirectory() {
    let locator = DataLocator(
      dataDirectory: "", environment: ["ASF_DATA_DIR": "rel/data"], currentDirectory: "/w/p")
    XCTAssertEqual(locator.origin, .environment)
    XCTAssertEqual(locator.root, "/w/p/rel/data")
    XCTAssertEqual(
      DataLocator(environment: ["ASF_DATA_DIR": ""], currentDirectory: "/w/p").origin,
      .defaultLocation)
  }

  func testFindsMNISTInRootSlashMnistThenInRoot() throws {
    let root = try makeTemporaryDirectory(self)
    let locator = DataLocator(dataDirectory: root.path, environment: [:])
    XCTAssertThrowsError(try locator.mnistDirectory())

    try write([0], to: "t10k-images-idx3-ubyte", in: root)
    XCTAssertEqual(try locator.mnistDirectory(), root.path)

    let nested = root.appendingPathComponent("mnist")
    try FileManager.default.createDirectory(at: nested, withIntermediateDirectories: true)
    try write([0], to: "train-images-idx3-ubyte.gz", in: nested)
    XCTAssertEqual(try locator.mnistDirectory(), nested.path)
  }

  func testNotFoundListsEveryPlaceAndSettingAndTheFileNames() throws {
    let root = try makeTemporaryDirectory(self)
    let locator = DataLocator(
      environment: ["ASF_DATA_DIR": root.path], currentDirectory: "/nowhere/project")
    let error = datasetError { try locator.mnistDirectory() }
    guard case .dataNotFound(let dataset, let searched, let settings, let files)? = error else {
      return XCTFail("expected dataNotFound, got \(String(describing: error))")
    }
    XCTAssertEqual(dataset, "MNIST")
    XCTAssertEqual(searched, [root.appendingPathComponent("mnist").path, root.path])
    XCTAssertEqual(settings.count, 3)
    XCTAssertEqual(files, MNIST.canonicalFileNames)

    let message = error?.description ?? ""
    for needle in [
      root.path + "/mnist", "--data-dir not given", "ASF_DATA_DIR='\(root.path)' (used)",
      "/nowhere/shared/datasets", "train-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz",
    ] {
      XCTAssertTrue(message.contains(needle), "missing \(needle) in:\n\(message)")
    }
  }

  func testFindsCIFAR10InEachCandidateFolderInOrder() throws {
    let root = try makeTemporaryDirectory(self)
    let locator = DataLocator(dataDirectory: root.path, environment: [:])
    XCTAssertThrowsError(try locator.cifar10Directory())

    try write([0], to: "test_batch.bin", in: root)
    XCTAssertEqual(try locator.cifar10Directory(), root.path)

    let official = root.appendingPathComponent("cifar-10-batches-bin")
    try FileManager.default.createDirectory(at: official, withIntermediateDirectories: true)
    try write([0], to: "data_batch_4.bin", in: official)
    XCTAssertEqual(try locator.cifar10Directory(), official.path)

    let nested = root.appendingPathComponent("cifar10")
    try FileManager.default.createDirectory(at: nested, withIntermediateDirectories: true)
    try write([0], to: "data_batch_1.bin.gz", in: nested)
    XCTAssertEqual(try locator.cifar10Directory(), nested.path)
  }

  func testCIFAR10NotFoundListsEveryPlaceAndTheBatchNames() throws {
    let root = try makeTemporaryDirectory(self)
    let locator = DataLocator(dataDirectory: root.path, environment: [:])
    let error = datasetError { try locator.cifar10Directory() }
    let searched = [
      root.appendingPathComponent("cifar10").path,
      root.appendingPathComponent("cifar-10-batches-bin").path, root.path,
    ]
    XCTAssertEqual(
      error,
      .dataNotFound(
        dataset: "CIFAR-10", searched: searched, settings: locator.settingsSummary,
        expectedFiles: CIFAR10.canonicalFileNames))
    let message = error?.description ?? ""
    for needle in searched + [
      "--data-dir '\(root.path)' (used)", "data_batch_1.bin.gz", "test_batch.bin.gz",
    ] {
      XCTAssertTrue(message.contains(needle), "missing \(needle) in:\n\(message)")
    }
  }

  func testDefaultLocationFindsTheSharedDataWhenPresent() throws {
    // Tests run from the package root, so the default is the shared data beside it.
    let locator = DataLocator(environment: [:])
    guard let directory = try? locator.mnistDirectory() else {
      throw XCTSkip("No MNIST at the default \(locator.root); nothing to check.")
    }
    XCTAssertTrue(MNIST.looksLikeMNISTDirectory(directory))
  }
}
