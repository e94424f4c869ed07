// End to end (issue 29, point 5): the method arena's two command-line measurements. `train
// --gradient-check N` prints, per weight layer, the mean cosine to BPTT's gradient over the
// checks, the same figures the run's metrics.jsonl holds; `sweep --budget` stops every run at
// the same seconds of training and says where each stopped.

import Foundation
import XCTest

final class MethodArenaCommandTests: FolderTestCase {
  func testTrainPrintsTheMeanAgreementItsMetricsRecord() throws {
    let trained = try runAsfTui(
      [
        "train", "--method", "ottt", "--T", "8", "--train-limit", "64", "--test-limit", "16",
        "--batch-size", "16", "--epochs", "1", "--gradient-check", "2", "--out",
        folder + "/run", "--plain",
      ], logFolder: folder)
    XCTAssertEqual(trained.status, 0, trained.output)
    // The checks as recorded: batches 0 and 2 of the 4, a cosine per layer (null: no weights).
    let metrics = try String(contentsOfFile: folder + "/run/metrics.jsonl", encoding: .utf8)
    var recorded: [[Double?]] = []
    for line in metrics.split(separator: "\n") {
      let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
      guard let cosines = object?["cos_bptt"] as? [Any] else { continue }
      recorded.append(cosines.map { ($0 as? Double) ?? ($0 as? Int).map(Double.init) })
    }
    XCTAssertEqual(recorded.count, 2, metrics)
    // LeNet's layers: conv1, pool, conv2, pool, fc1, output; a layer whose gradient was zero
    // at a check has no cosine there.
    let parts = [("conv1", 0), ("conv2", 2), ("fc1", 4), ("output", 5)].compactMap {
      name, layer -> String? in
      let values = recorded.compactMap { $0[layer] }
      guard let first = values.first, let last = values.last else { return nil }
      let mean = values.reduce(0, +) / Double(values.count)
      let over = values.count < recorded.count ? " over \(values.count) of 2 checks" : ""
      return String(format: "%@ %.3f%@ (%.3f → %.3f)", name, mean, over, first, last)
    }
    XCTAssertGreaterThanOrEqual(parts.count, 2, metrics)
    let expected =
      "gradient agreement with BPTT (cosine; mean of 2 checks, first → last): "
      + parts.joined(separator: ", ")
    XCTAssertTrue(trained.output.contains(expected), "expected \(expected)\n\(trained.output)")
  }

  func testASweepWithABudgetSaysWhereEachRunStopped() throws {
    let swept = try runAsfTui(
      [
        "sweep", "--preset", "digits-lenet-if", "--vary", "method=asf-bp,rate-bp", "--budget",
        "0.000001", "--train-limit", "64", "--test-limit", "16", "--out", folder + "/sweep",
      ], logFolder: folder)
    XCTAssertEqual(swept.status, 0, swept.output)
    XCTAssertTrue(swept.output.contains("a budget of 1e-06 s of training each"), swept.output)
    for method in ["asf-bp", "rate-bp"] {
      let line = try XCTUnwrap(
        swept.output.split(separator: "\n").first { $0.hasPrefix("method=\(method): ") },
        swept.output)
      XCTAssertTrue(
        line.range(
          of:
            #"\(\d+ s in all\), stopped by the budget in epoch 1 after batch 1 of \d+ \(\d+\.\d s of training\)$"#,
          options: .regularExpression) != nil, String(line))
    }
  }
}
