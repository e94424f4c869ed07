// The Figure 3 result file: written and read back, derived columns, and bad files.

import Foundation
import XCTest

@testable import Workbench

final class SpeedComparisonTests: XCTestCase {
  let comparison = SpeedComparison(
    architecture: "lenet", batchSize: 64,
    rows: [
      .init(
        timeSteps: 25, asfSecondsPerBatch: 0.125, bpttSecondsPerBatch: 0.75, asfPeakMiB: 124,
        bpttPeakMiB: 522.5),
      .init(timeSteps: 100, asfSecondsPerBatch: 0.4, bpttSecondsPerBatch: 3.4),
    ])

  func testCSVRoundTripAndDerivedColumns() throws {
    let text = comparison.csv()
    let lines = text.split(separator: "\n")
    XCTAssertEqual(lines.count, 3)
    // 64 / 0.125 = 512 samples/s; 0.75 / 0.125 = 6×; unmeasured peaks stay empty.
    XCTAssertEqual(lines[1], "lenet,64,25,0.1250,0.7500,512.0,85.3,6.00,124.0,522.5")
    XCTAssertTrue(lines[2].hasSuffix(",8.50,,"))
    XCTAssertEqual(try SpeedComparison(csv: text), comparison)
    XCTAssertEqual(SpeedComparison.speedupText(comparison.rows[1].speedup), "8.5x")
  }

  func testBadFilesAreRejectedWithTheirPlace() throws {
    XCTAssertThrowsError(try SpeedComparison(csv: "")) {
      XCTAssertEqual(
        $0 as? WorkbenchError,
        .emptyTable(path: SpeedComparison.fileName, hint: "the benchmark measured no time window"))
    }
    XCTAssertThrowsError(try SpeedComparison(csv: "T,seconds\n1,2\n")) {
      guard case .badTableHeader = $0 as? WorkbenchError else {
        return XCTFail("expected a bad header, got \($0)")
      }
    }
    let header = comparison.csv().split(separator: "\n")[0]
    XCTAssertThrowsError(try SpeedComparison(csv: "\(header)\nlenet,64,25,0,1,1,1,1,,\n")) {
      XCTAssertEqual(
        $0 as? WorkbenchError,
        .badTableRow(
          path: SpeedComparison.fileName, line: 2,
          reason: "batch, T and both s/batch must be positive numbers"))
    }
    XCTAssertThrowsError(try SpeedComparison(csv: "\(header)\nlenet,64,25\n")) {
      XCTAssertEqual(
        $0 as? WorkbenchError,
        .badTableRow(path: SpeedComparison.fileName, line: 2, reason: "3 cells, expected 10"))
    }
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "speed-\(UUID().uuidString)"
    ).path
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    XCTAssertThrowsError(try SpeedComparison.load(folder: folder)) {
      XCTAssertTrue("\($0)".contains(folder + "/asf-vs-bptt.csv"), "\($0)")
    }
    try "\(header)\n".write(
      toFile: folder + "/asf-vs-bptt.csv", atomically: true, encoding: .utf8)
    XCTAssertThrowsError(try SpeedComparison.load(folder: folder)) {
      XCTAssertEqual(
        "\($0)", "\(folder)/asf-vs-bptt.csv has no rows: the benchmark measured no time window")
    }
    try comparison.csv().write(
      toFile: folder + "/asf-vs-bptt.csv", atomically: true, encoding: .utf8)
    XCTAssertEqual(try SpeedComparison.load(folder: folder), comparison)
  }
}
