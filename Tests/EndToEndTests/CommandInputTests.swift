// End to end: bad values on the command line are refused with the value, what is allowed and
// the usage exit status (64), never a crash.

import Foundation
import XCTest

final class CommandInputTests: XCTestCase {
  var folder = ""

  override func setUpWithError() throws {
    folder = FileManager.default.temporaryDirectory.appendingPathComponent("cli-\(UUID())").path
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
  }

  override func tearDownWithError() throws {
    try? FileManager.default.removeItem(atPath: folder)
  }

  /// Issue 12, point 3: `data fetch --timeout` takes 1 to 3600 seconds; nan, inf and huge
  /// values crashed, 0 and negative values were accepted.
  func testDataFetchTimeoutsOutsideTheirRangeAreRefused() throws {
    for value in ["nan", "inf", "1e20", "0", "-5"] {
      let result = try runAsfTui(
        ["data", "fetch", "mnist", "--to", folder + "/data", "--timeout=\(value)"],
        logFolder: folder)
      XCTAssertEqual(result.status, 64, "\(value): \(result.output)")
      XCTAssertTrue(result.output.contains("from 1 to 3600"), "\(value): \(result.output)")
      XCTAssertFalse(FileManager.default.fileExists(atPath: folder + "/data"), value)
    }
  }
}
