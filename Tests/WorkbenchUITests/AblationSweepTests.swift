// Sweeps over any preset key (issue 17): one recorded run per value, each with the value in
// its preset and batch lines, the CSV named by the key and read back, the Experiments list's
// summary, and a bad value refused before anything trains.

import Foundation
import TerminalKit
import WidgetTestSupport
import XCTest

@testable import Workbench
@testable import WorkbenchUI

final class AblationSweepTests: XCTestCase {
  func testOneRunPerValueOfAKey() throws {
    var preset = try PresetLibrary.load("digits-lenet-if")
    try preset.apply(
      ["train-limit": 60, "test-limit": 30, "batch-size": 30, "time-steps": 4], source: "test")
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("abl-\(UUID())").path
    defer { try? FileManager.default.removeItem(atPath: root) }
    let folder = root + "/runs/sweep-reset"
    let runs = try TimeWindowSweep.run(
      preset: preset, key: "reset", values: ["hard", "subtract"], epochs: 1, dataDirectory: nil,
      folder: folder)
    XCTAssertEqual(runs.map(\.label), ["reset=hard", "reset=subtract"])
    XCTAssertEqual(runs.map(\.folder), [folder + "/reset-hard", folder + "/reset-subtract"])
    for run in runs {
      let saved = try String(contentsOfFile: run.folder + "/preset.yaml", encoding: .utf8)
      XCTAssertTrue(saved.contains("reset: \(run.value)"), saved)
      let metrics = try String(contentsOfFile: run.folder + "/metrics.jsonl", encoding: .utf8)
      XCTAssertTrue(metrics.contains("\"reset\":\"\(run.value)\""))
    }
    let csv = try String(contentsOfFile: folder + "/sweep.csv", encoding: .utf8)
    XCTAssertTrue(
      csv.hasPrefix("reset,epoch,test_accuracy,run_seconds,elapsed_seconds\nhard,1,"), csv)
    let loaded = try TimeWindowSweep.load(folder: folder)
    XCTAssertEqual(loaded.map(\.value), ["hard", "subtract"])
    XCTAssertEqual(loaded.map(\.folder), runs.map(\.folder))
    XCTAssertEqual(loaded.map(\.testAccuracy), runs.map(\.testAccuracy))
    XCTAssertEqual(loaded.map(\.elapsed.count), [1, 1], "each epoch's time since the start")

    let item = try XCTUnwrap(
      ExperimentCatalogue.items(runsFolder: root + "/runs").first { $0.kind == .sweep })
    XCTAssertTrue(item.detail.hasPrefix("reset = hard, subtract, best "), item.detail)

    // Words get bars, not a curve over their values.
    let chart = renderLines(SweepChart(runs: loaded, title: "reset"), width: 120, height: 30)
    let text = chart.joined(separator: "\n")
    XCTAssertTrue(text.contains("final test accuracy (%) against reset"), text)
    XCTAssertTrue(text.contains("reset=subtract") && !text.contains("final accuracy"), text)
  }

  func testABadValueIsRefusedBeforeAnythingTrains() throws {
    let preset = try PresetLibrary.load("digits-lenet-if")
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("abl-\(UUID())")
      .path
    XCTAssertThrowsError(
      try TimeWindowSweep.run(
        preset: preset, key: "scale-factor", values: ["layer", "global"], epochs: 1,
        dataDirectory: nil, folder: folder)
    ) { error in
      XCTAssertTrue("\(error)".contains("'global'"), "\(error)")
    }
    XCTAssertFalse(FileManager.default.fileExists(atPath: folder), "nothing trained or written")
  }

  func testTheAblationPresetsNameTheirSweeps() throws {
    for (name, sweep) in [
      ("ablation-scale-factor", "scale-factor=layer,neuron,fixed,none,frozen"),
      ("ablation-reset", "reset=hard,subtract"), ("ablation-mask", "gradient-mask=on,off"),
      ("methods-mnist", "method=asf-bp,bptt,ottt,sltt,rate-bp"),
    ] {
      XCTAssertEqual(try PresetLibrary.load(name).sweep, sweep, name)
    }
  }
}
