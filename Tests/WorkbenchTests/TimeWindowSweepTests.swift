// The Figure 4 sweep: one recorded run per time window, results collected and written as CSV.

import Foundation
import XCTest

@testable import Workbench

final class TimeWindowSweepTests: XCTestCase {
  func testOneRunPerTimeWindow() throws {
    var preset = try PresetLibrary.load("digits-lenet-if")
    try preset.apply(["train-limit": 60, "test-limit": 40, "batch-size": 30], source: "test")
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sweep-\(UUID())")
      .path
    var reported: [Int] = []
    let runs = try TimeWindowSweep.run(
      preset: preset, timeSteps: [3, 6], epochs: 2, dataDirectory: nil, folder: folder
    ) { reported.append($0.timeSteps) }
    XCTAssertEqual(runs.map(\.timeSteps), [3, 6])
    XCTAssertEqual(reported, [3, 6])
    XCTAssertEqual(runs.map(\.testAccuracy.count), [2, 2])
    for run in runs {
      XCTAssertTrue(FileManager.default.fileExists(atPath: run.folder + "/metrics.jsonl"))
      let saved = try String(contentsOfFile: run.folder + "/preset.yaml", encoding: .utf8)
      XCTAssertTrue(saved.contains("time-steps: \(run.timeSteps)"), saved)
    }
    let csv = try String(contentsOfFile: folder + "/sweep.csv", encoding: .utf8)
      .split(separator: "\n")
    XCTAssertEqual(csv.count, 5)
    XCTAssertTrue(csv[3].hasPrefix("6,1,"), String(csv[3]))
  }
}
