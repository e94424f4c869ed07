// End to end (issue 14, point 3): `asf-tui eval --T 2,4` prints the latency curve (accuracy,
// synaptic operations and energy per inference at each T) and charts it; at the trained T
// it gives the test accuracy the run recorded for its last epoch; a bad list is refused.

import Foundation
import XCTest

final class EvalCommandTests: XCTestCase {
  var folder = ""

  override func setUpWithError() throws {
    folder = FileManager.default.temporaryDirectory.appendingPathComponent("eval-\(UUID())").path
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
  }

  override func tearDownWithError() throws {
    try? FileManager.default.removeItem(atPath: folder)
  }

  func testTheLatencyCurveAndTheTrainedAccuracy() throws {
    let trained = try runAsfTui(
      [
        "train", "--T", "4", "--train-limit", "100", "--test-limit", "40", "--batch-size", "20",
        "--epochs", "1", "--out", folder + "/run", "--plain",
      ], logFolder: folder)
    XCTAssertEqual(trained.status, 0, trained.output)
    let checkpoint = folder + "/run/checkpoint.asfck"
    let epochs = try String(contentsOfFile: folder + "/run/epochs.csv", encoding: .utf8)
    let recorded = try XCTUnwrap(
      epochs.split(separator: "\n").last?.split(separator: ",").dropFirst(3).first.flatMap {
        Double($0)
      })

    let single = try runAsfTui(
      ["eval", "--checkpoint", checkpoint, "--test-limit", "40"], logFolder: folder)
    XCTAssertEqual(single.status, 0, single.output)
    XCTAssertTrue(
      single.output.contains(
        String(format: "test accuracy %.2f %% (40 samples, T=4", recorded * 100)),
      "the same seeds and weights give the recorded accuracy:\n\(single.output)")
    XCTAssertTrue(single.output.contains("synaptic operations per inference"), single.output)
    XCTAssertTrue(single.output.contains("MACs"), single.output)

    let curve = try runAsfTui(
      [
        "eval", "--checkpoint", checkpoint, "--test-limit", "40", "--T", "2,4",
        "--chart", folder + "/curve.txt",
      ], logFolder: folder)
    XCTAssertEqual(curve.status, 0, curve.output)
    let rows = curve.output.split(separator: "\n").filter {
      ($0.hasPrefix("     2  ") || $0.hasPrefix("     4  ")) && $0.contains("%")
    }
    XCTAssertEqual(rows.count, 2, curve.output)
    XCTAssertTrue(
      rows.last?.contains(String(format: "%.2f %%", recorded * 100)) ?? false, curve.output)
    let chart = try String(contentsOfFile: folder + "/curve.txt", encoding: .utf8)
    XCTAssertTrue(chart.contains("against inference time steps T"), chart)

    let bad = try runAsfTui(
      ["eval", "--checkpoint", checkpoint, "--T", "0,5"], logFolder: folder)
    XCTAssertEqual(bad.status, 64, bad.output)
    XCTAssertTrue(bad.output.contains("from 1 to 10000"), bad.output)
  }
}
