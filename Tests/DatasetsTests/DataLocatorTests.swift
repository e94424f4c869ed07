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

  func testDefaultLocationFindsTheSharedDataWhenPresent() throws {
    // Tests run from the package root, so the default is the shared data beside it.
    let locator = DataLocator(environment: [:])
    guard let directory = try? locator.mnistDirectory() else {
      throw XCTSkip("No MNIST at the default \(locator.root); nothing to check.")
    }
    XCTAssertTrue(MNIST.looksLikeMNISTDirectory(directory))
  }
}
