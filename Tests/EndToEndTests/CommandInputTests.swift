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

  /// Issue 26, point 8: a misspelt command, preset or sweep key gets the closest name;
  /// --version says the release.
  func testMisspeltNamesGetTheClosestAndVersionAnswers() throws {
    let cases: [([String], Int32, String)] = [
      (["nueron"], 64, "'nueron' is not a command of asf-tui. Did you mean 'neuron'?"),
      (
        ["train", "--preset", "digits", "--out", folder + "/r"], 1,
        "Did you mean 'digits-lenet-if'?"
      ),
      (["sweep", "--vary", "lr=", "--out", folder + "/s"], 64, "Did you mean 'learning-rate'?"),
      (
        ["sweep", "--vary", "thresold=1,2", "--out", folder + "/s"], 64, "Did you mean 'threshold'?"
      ),
      (["--version"], 0, "asf-tui 0."),
      (
        ["sweep", "--preset", "methods-mnist", "--budget", "-5", "--out", folder + "/s"], 64,
        "--budget must be more than 0 and at most 1000000 seconds of training, not -5.0."
      ),
    ]
    for (arguments, status, expected) in cases {
      let result = try runAsfTui(arguments, logFolder: folder)
      XCTAssertEqual(result.status, status, "\(arguments): \(result.output)")
      XCTAssertTrue(result.output.contains(expected), "\(arguments): \(result.output)")
    }
    XCTAssertFalse(FileManager.default.fileExists(atPath: folder + "/r"))
    XCTAssertFalse(FileManager.default.fileExists(atPath: folder + "/s"))
  }

  /// Issue 12, point 16: a negative number is read as the option's value and refused with
  /// the range, not taken for an unknown flag ("Missing value").
  func testNegativeNumbersAreValuesRefusedWithTheirRange() throws {
    let result = try runAsfTui(
      ["train", "--T", "-5", "--out", folder + "/run"], logFolder: folder)
    XCTAssertEqual(result.status, 1, result.output)
    XCTAssertTrue(
      result.output.contains("-5") && result.output.contains("1 to 10000"), result.output)
    XCTAssertFalse(result.output.contains("Missing value"), result.output)
  }
}
