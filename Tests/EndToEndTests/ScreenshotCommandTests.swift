// End to end: `asf-tui screenshot --screen fig3|fig4 --from FOLDER` on saved results, and its
// validation errors. Runs the built binary; needs no terminal and no data set.

import Foundation
import XCTest

final class ScreenshotCommandTests: XCTestCase {
  var folder = ""

  override func setUpWithError() throws {
    folder = FileManager.default.temporaryDirectory.appendingPathComponent("shot-\(UUID())").path
    for name in ["bench", "sweep"] {
      try FileManager.default.createDirectory(
        atPath: folder + "/" + name, withIntermediateDirectories: true)
    }
    try """
    architecture,batch,time_steps,asf_s_per_batch,bptt_s_per_batch,asf_samples_per_s,\
    bptt_samples_per_s,speedup,asf_peak_mib,bptt_peak_mib
    lenet,64,100,0.4100,0.8600,156.1,74.4,2.10,120.5,610.0
    lenet,64,300,0.5000,1.7000,128.0,37.6,3.40,,

    """.write(toFile: folder + "/bench/asf-vs-bptt.csv", atomically: true, encoding: .utf8)
    try """
    time_steps,epoch,test_accuracy,run_seconds
    100,1,0.9430,38.7
    200,1,0.9410,69.9

    """.write(toFile: folder + "/sweep/sweep.csv", atomically: true, encoding: .utf8)
  }

  override func tearDownWithError() throws {
    try? FileManager.default.removeItem(atPath: folder)
  }

  func asfTui(_ arguments: [String]) throws -> (status: Int32, output: String) {
    try runAsfTui(arguments, logFolder: folder)
  }

  func testChartsFigureThreeAndFourFromTheirFolders() throws {
    let fig3 = try asfTui([
      "screenshot", "--screen", "fig3", "--from", folder + "/bench", "--out", folder + "/f3.txt",
    ])
    XCTAssertEqual(fig3.status, 0, fig3.output)
    let text3 = try String(contentsOfFile: folder + "/f3.txt", encoding: .utf8)
    XCTAssertTrue(text3.contains("lenet · batch 64") && text3.contains("3.4x"), text3)
    XCTAssertEqual(text3.split(separator: "\n").count, 30, "120×30 by default")

    let fig4 = try asfTui([
      "screenshot", "--screen", "fig4", "--from", folder + "/sweep", "--out", folder + "/f4.svg",
      "--size", "100x24",
    ])
    XCTAssertEqual(fig4.status, 0, fig4.output)
    let svg = try String(contentsOfFile: folder + "/f4.svg", encoding: .utf8)
    XCTAssertTrue(svg.contains("<title>asf-tui — Figure 4") && svg.contains("94.30 %"))
  }

  func testMissingOrUnreadableFoldersAreExplained() throws {
    let out = ["--out", folder + "/x.txt"]
    let missing = try asfTui(["screenshot", "--screen", "fig3"] + out)
    XCTAssertNotEqual(missing.status, 0)
    XCTAssertTrue(missing.output.contains("add --from FOLDER"), missing.output)
    let nowhere = try asfTui(["screenshot", "--screen", "fig4", "--from", folder + "/no"] + out)
    XCTAssertNotEqual(nowhere.status, 0)
    XCTAssertTrue(nowhere.output.contains("there is no such folder"), nowhere.output)
    let wrong = try asfTui(["screenshot", "--screen", "fig4", "--from", folder + "/bench"] + out)
    XCTAssertNotEqual(wrong.status, 0)
    XCTAssertTrue(wrong.output.contains("has no readable sweep.csv"), wrong.output)
    try "x\n".write(toFile: folder + "/sweep/sweep.csv", atomically: true, encoding: .utf8)
    let bad = try asfTui(["screenshot", "--screen", "fig4", "--from", folder + "/sweep"] + out)
    XCTAssertEqual(bad.status, 1)
    XCTAssertTrue(bad.output.contains("error: ") && bad.output.contains("sweep.csv"), bad.output)
  }

  /// Issue 12, points 6 and 16: a replay screenshot of a run with a damaged line shows every
  /// other batch, says what was skipped, and names the recorded run's preset.
  func testAReplayWithADamagedLineSaysSoAndNamesItsPreset() throws {
    let run = folder + "/run"
    try FileManager.default.createDirectory(atPath: run, withIntermediateDirectories: true)
    try "name: recorded-run\ndataset: digits\n".write(
      toFile: run + "/preset.yaml", atomically: true, encoding: .utf8)
    var lines = (0..<12).map { batch in
      "{\"type\":\"batch\",\"epoch\":0,\"batch\":\(batch),\"loss\":1,\"accuracy\":0.5,\"lr\":0.001,\"T\":10,\"samples_per_s\":5,\"scale\":[0.5],\"spike_rate\":[0.1],\"vth\":[1]}"
    }
    lines[5] = "{\"type\":\"batch\",\"epo"
    try (lines.joined(separator: "\n") + "\n").write(
      toFile: run + "/metrics.jsonl", atomically: true, encoding: .utf8)
    let shot = try asfTui(["screenshot", "--replay", run, "--out", folder + "/r.txt"])
    XCTAssertEqual(shot.status, 0, shot.output)
    XCTAssertTrue(shot.output.contains("warning:") && shot.output.contains("line 6"), shot.output)
    XCTAssertTrue(shot.output.contains("11 batches of recorded-run"), shot.output)
  }

  /// Issue 14, point 12: --compare overlays a recorded run as c does, and --keys takes \t as
  /// Tab: three Tabs and z zoom the accuracy and loss panel with both runs in its legend.
  func testTheComparisonOverlayAndTabInKeys() throws {
    for (name, accuracy) in [("run-a", 0.5), ("run-b", 0.8)] {
      let run = folder + "/" + name
      try FileManager.default.createDirectory(atPath: run, withIntermediateDirectories: true)
      try "name: \(name)\ndataset: digits\n".write(
        toFile: run + "/preset.yaml", atomically: true, encoding: .utf8)
      let lines = (0..<12).map { batch in
        "{\"type\":\"batch\",\"epoch\":0,\"batch\":\(batch),\"loss\":1,\"accuracy\":\(accuracy),\"lr\":0.001,\"T\":10,\"samples_per_s\":5,\"scale\":[0.5],\"spike_rate\":[0.1],\"vth\":[1]}"
      }
      try (lines.joined(separator: "\n") + "\n").write(
        toFile: run + "/metrics.jsonl", atomically: true, encoding: .utf8)
    }
    let shot = try asfTui([
      "screenshot", "--replay", folder + "/run-a", "--compare", folder + "/run-b", "--keys",
      "\\t\\t\\tz", "--out", folder + "/c.txt",
    ])
    XCTAssertEqual(shot.status, 0, shot.output)
    let text = try String(contentsOfFile: folder + "/c.txt", encoding: .utf8)
    XCTAssertTrue(text.contains("── run-a (this run)  ── run-b"), text)
    XCTAssertTrue(text.contains("Accuracy and loss") && !text.contains("Spikes"), text)

    let missing = try asfTui([
      "screenshot", "--replay", folder + "/run-a", "--compare", folder + "/none", "--out",
      folder + "/c.txt",
    ])
    XCTAssertNotEqual(missing.status, 0)
    XCTAssertTrue(missing.output.contains("--compare: cannot compare with"), missing.output)
  }
}
