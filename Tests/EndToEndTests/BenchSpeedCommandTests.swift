// End to end: `asf-tui bench asf-vs-bptt` at a tiny size (built-in digits, T=2 and 3, batch
// 4): the table, the CSV it writes, the peak memory from its child processes, the chart; and
// its validation errors. A benchmark run for the plumbing, not for the figures.

import Foundation
import Workbench
import XCTest

final class BenchSpeedCommandTests: XCTestCase {
  var folder = ""

  override func setUpWithError() throws {
    folder = FileManager.default.temporaryDirectory.appendingPathComponent("bench-\(UUID())").path
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
  }

  override func tearDownWithError() throws {
    try? FileManager.default.removeItem(atPath: folder)
  }

  func testTinyComparisonWritesTableCSVPeaksAndChart() throws {
    // A data folder without MNIST: LeNet falls back to the built-in digits.
    let (status, output) = try runAsfTui(
      [
        "bench", "asf-vs-bptt", "--T", "2,3", "--batch", "4", "--repeats", "1", "--out",
        folder + "/out", "--data-dir", folder + "/no-data",
      ], logFolder: folder)
    XCTAssertEqual(status, 0, output)
    XCTAssertTrue(output.contains("MNIST not found"), output)
    XCTAssertTrue(output.contains("speed-up"), output)
    let comparison = try SpeedComparison.load(folder: folder + "/out")
    XCTAssertEqual(comparison.rows.map(\.timeSteps), [2, 3])
    XCTAssertEqual(comparison.batchSize, 4)
    for row in comparison.rows {
      XCTAssertGreaterThan(row.asfSecondsPerBatch, 0)
      XCTAssertGreaterThan(row.bpttSecondsPerBatch, 0)
      // Each peak comes from a child process that loaded the data and trained.
      XCTAssertGreaterThan(row.asfPeakMiB ?? 0, 1, "ASF-BP peak measured")
      XCTAssertGreaterThan(row.bpttPeakMiB ?? 0, 1, "BPTT peak measured")
      // The printed speed-up is of the unrounded seconds, the file's of its 4 decimals: the
      // two agree within the rounding (a tenth either way at a boundary).
      let printed = output.split(separator: "\n").first {
        $0.split(separator: " ").first == Substring("\(row.timeSteps)")
      }?.split(separator: " ").first { $0.hasSuffix("x") }
      let shown = try XCTUnwrap(printed.flatMap { Double($0.dropLast()) }, output)
      XCTAssertEqual(shown, row.speedup, accuracy: 0.1, output)
    }
    let chart = try String(contentsOfFile: folder + "/out/asf-vs-bptt.txt", encoding: .utf8)
    XCTAssertTrue(chart.contains("T=3"), chart)
    XCTAssertTrue(FileManager.default.fileExists(atPath: folder + "/out/asf-vs-bptt.svg"))
  }

  func testBadOptionsAreRefusedWithWhatIsAllowed() throws {
    let arch = try runAsfTui(["bench", "asf-vs-bptt", "--arch", "resnet"], logFolder: folder)
    XCTAssertNotEqual(arch.status, 0)
    XCTAssertTrue(
      arch.output.contains("resnet") && arch.output.contains("'lenet'")
        && arch.output.contains("'vgg7'"), arch.output)
    let windows = try runAsfTui(["bench", "asf-vs-bptt", "--T", "25,x"], logFolder: folder)
    XCTAssertNotEqual(windows.status, 0)
    XCTAssertTrue(windows.output.contains("1 to 10000"), windows.output)
    let batch = try runAsfTui(["bench", "asf-vs-bptt", "--batch", "0"], logFolder: folder)
    XCTAssertNotEqual(batch.status, 0)
    XCTAssertTrue(batch.output.contains("--batch must be from 1 to 4096"), batch.output)
    // The Figure 3 preset is measured, not trained: said before any data is looked for.
    let train = try runAsfTui(
      ["train", "--preset", "fig3-training-time", "--data-dir", folder + "/no-data"],
      logFolder: folder)
    XCTAssertNotEqual(train.status, 0)
    XCTAssertTrue(train.output.contains("'asf-tui bench asf-vs-bptt'"), train.output)
    XCTAssertFalse(train.output.contains("MNIST"), train.output)
  }
}
