// The Experiments list: presets first, then recorded runs, sweeps and speed comparisons,
// newest first, each with a one-line summary.

import Foundation
import XCTest

@testable import Workbench

final class ExperimentCatalogueTests: XCTestCase {
  private var runsFolder = ""

  override func setUpWithError() throws {
    runsFolder =
      FileManager.default.temporaryDirectory
      .appendingPathComponent("catalogue-\(UUID())").path
  }

  override func tearDownWithError() throws {
    try? FileManager.default.removeItem(atPath: runsFolder)
  }

  /// Writes `text` to `runsFolder`/`path`, dated `age` seconds ago.
  private func write(_ text: String, to path: String, age: TimeInterval) throws {
    let full = runsFolder + "/" + path
    try FileManager.default.createDirectory(
      atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    try text.write(toFile: full, atomically: true, encoding: .utf8)
    try FileManager.default.setAttributes(
      [.modificationDate: Date(timeIntervalSinceNow: -age)], ofItemAtPath: full)
  }

  func testListsRunsSweepsAndSpeedComparisonsNewestFirst() throws {
    try write("{}\n", to: "run-a/metrics.jsonl", age: 300)
    try write(
      "epoch,train_accuracy,train_loss,test_accuracy\n1,0.8,0.5,0.9123\n", to: "run-a/epochs.csv",
      age: 300)
    let sweep = [
      SweepRun(timeSteps: 100, folder: "", testAccuracy: [0.9, 0.93], seconds: 10),
      SweepRun(timeSteps: 300, folder: "", testAccuracy: [0.91, 0.947], seconds: 20),
      SweepRun(timeSteps: 500, folder: "", testAccuracy: [0.92, 0.94], seconds: 30),
    ]
    try write(TimeWindowSweep.csv(sweep), to: "sweep-fig4/sweep.csv", age: 100)
    try write("{}\n", to: "sweep-fig4/T100/metrics.jsonl", age: 100)
    let comparison = SpeedComparison(
      architecture: "lenet", batchSize: 64,
      rows: [
        .init(timeSteps: 100, asfSecondsPerBatch: 0.5, bpttSecondsPerBatch: 1),
        .init(timeSteps: 500, asfSecondsPerBatch: 0.5, bpttSecondsPerBatch: 1.7),
      ])
    try write(comparison.csv(), to: "bench-asf-vs-bptt/asf-vs-bptt.csv", age: 200)
    try write("nonsense\n", to: "sweep-broken/sweep.csv", age: 400)
    try write("just a folder", to: "other/readme.txt", age: 0)

    let items = ExperimentCatalogue.items(runsFolder: runsFolder)
    let recorded = items.filter { ![.preset, .shipped].contains($0.kind) }
    XCTAssertEqual(
      recorded.map(\.name),
      ["sweep-fig4", "bench-asf-vs-bptt", "run-a", "sweep-broken"].map { runsFolder + "/" + $0 })
    XCTAssertEqual(recorded.map(\.kind), [.sweep, .speed, .run, .sweep])
    XCTAssertEqual(recorded[0].detail, "T=100..500, best 94.70 % at T=300")
    XCTAssertEqual(recorded[1].detail, "lenet, batch 64, up to 3.4x at T=500")
    XCTAssertEqual(recorded[2].detail, "1 epoch, test 91.23 %")
    XCTAssertTrue(recorded[3].detail.hasPrefix("unreadable: "), recorded[3].detail)
    XCTAssertTrue(recorded[3].detail.contains("sweep-broken/sweep.csv"), recorded[3].detail)
    XCTAssertFalse(items.contains { $0.name.hasSuffix("T100") }, "a sweep's runs stay inside it")
    XCTAssertEqual(items.first?.kind, .preset)
  }

  func testAOneWindowSweepNamesItsWindow() throws {
    let run = SweepRun(timeSteps: 50, folder: "", testAccuracy: [0.5], seconds: 1)
    try write(TimeWindowSweep.csv([run]), to: "s/sweep.csv", age: 0)
    let item = ExperimentCatalogue.items(runsFolder: runsFolder).first { $0.kind == .sweep }
    XCTAssertEqual(item?.detail, "T=50, best 50.00 % at T=50")
  }
}
