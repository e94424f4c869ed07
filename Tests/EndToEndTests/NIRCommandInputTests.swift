// Bad inputs to `export nir` and `import nir`: each is refused with what was wrong, and no
// file is made or changed.

import Foundation
import XCTest

final class NIRCommandInputTests: FolderTestCase {
  func asfTui(_ arguments: [String]) throws -> (status: Int32, output: String) {
    try runAsfTui(arguments, logFolder: folder)
  }

  func testAMaxPoolNetworkIsRefusedByLayerAndNothingIsWritten() throws {
    let preset = folder + "/tiny.yaml"
    try """
    name: tiny-maxpool
    dataset: digits
    network: custom
    layers: [{conv: 4, kernel: 3}, {maxpool: 2}, flatten, {linear: 10}]
    time-steps: 4
    batch-size: 10
    train-limit: 20
    test-limit: 10
    """.write(toFile: preset, atomically: true, encoding: .utf8)
    let train = try asfTui(["train", "--preset", preset, "--plain", "--out", folder + "/run"])
    XCTAssertEqual(train.status, 0, train.output)
    let out = folder + "/tiny.nir"
    let export = try asfTui([
      "export", "nir", "--checkpoint", folder + "/run/checkpoint.asfck", "--out", out,
    ])
    XCTAssertEqual(export.status, 1)
    XCTAssertTrue(export.output.contains("maxpool1"), export.output)
    XCTAssertTrue(export.output.contains("no max-pooling node"), export.output)
    XCTAssertFalse(FileManager.default.fileExists(atPath: out))
    XCTAssertEqual(
      try FileManager.default.contentsOfDirectory(atPath: folder).sorted(),
      ["log.txt", "run", "tiny.yaml"])
  }

  func testMissingAndForeignFilesAndTakenOutputsAreRefused() throws {
    let missing = try asfTui([
      "export", "nir", "--checkpoint", folder + "/none.asfck", "--out", folder + "/m.nir",
    ])
    XCTAssertEqual(missing.status, 1)
    XCTAssertTrue(missing.output.contains("no such file"), missing.output)

    let text = folder + "/notes.nir"
    try "just text".write(toFile: text, atomically: true, encoding: .utf8)
    let foreign = try asfTui(["import", "nir", text, "--out", folder + "/x.asfck"])
    XCTAssertEqual(foreign.status, 1)
    XCTAssertTrue(foreign.output.contains("not an HDF5 file"), foreign.output)
    XCTAssertFalse(FileManager.default.fileExists(atPath: folder + "/x.asfck"))

    // An existing --out is kept unless --force.
    let taken = folder + "/taken.asfck"
    try "keep me".write(toFile: taken, atomically: true, encoding: .utf8)
    let refused = try asfTui(["import", "nir", text, "--out", taken])
    XCTAssertEqual(refused.status, 1)
    XCTAssertTrue(refused.output.contains("exists already"), refused.output)
    XCTAssertEqual(try String(contentsOfFile: taken, encoding: .utf8), "keep me")

    let badT = try asfTui(["import", "nir", text, "--out", folder + "/y.asfck", "--T", "0"])
    XCTAssertNotEqual(badT.status, 0)
    XCTAssertTrue(badT.output.contains("--T 0 is outside 1…10000"), badT.output)
  }
}
