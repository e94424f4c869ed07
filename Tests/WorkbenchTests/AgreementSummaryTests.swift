// The summary `asf-tui train` prints of a run's gradient checks: per weight layer the mean
// cosine over the checks, the first and the last, worked here by hand.

import SpikingCore
import XCTest

@testable import Workbench

final class AgreementSummaryTests: XCTestCase {
  func testMeansFirstAndLastPerWeightLayerByHand() throws {
    let layers = try Network.layers(of: Preset(name: "p").network)
    var summary = AgreementSummary(layers: layers)
    XCTAssertEqual(summary.names, ["conv1", "conv2", "fc1", "output"])
    XCTAssertNil(summary.sentence, "no check yet")
    // LeNet's six layers: conv1, pool, conv2, pool, fc1, output (pools have no weights).
    summary.add([0.5, nil, 0.25, nil, 1, 1])
    summary.add([0.75, nil, .nan, nil, 0.5, 1])
    summary.add([1, nil, 0.75, nil, 0, 1])
    XCTAssertEqual(summary.checks, 3)
    // conv1 (0.5 + 0.75 + 1) / 3; conv2 without its NaN (0.25 + 0.75) / 2; fc1 1.5 / 3.
    XCTAssertEqual(summary.means, [0.75, 0.5, 0.5, 1])
    XCTAssertEqual(
      summary.sentence,
      "gradient agreement with BPTT (cosine; mean of 3 checks, first → last): "
        + "conv1 0.750 (0.500 → 1.000), conv2 0.500 over 2 of 3 checks (0.250 → 0.750), "
        + "fc1 0.500 (1.000 → 0.000), output 1.000 (1.000 → 1.000)")
  }

  func testALayerNeverMeasuredIsLeftOut() throws {
    let layers = try Network.layers(of: Preset(name: "p").network)
    var summary = AgreementSummary(layers: layers)
    summary.add([nil, nil, 0.5, nil, 0.5])  // shorter than the network: output unmeasured
    XCTAssertEqual(summary.means, [nil, 0.5, 0.5, nil])
    XCTAssertEqual(
      summary.sentence,
      "gradient agreement with BPTT (cosine; 1 check): conv2 0.500 (0.500 → 0.500), "
        + "fc1 0.500 (0.500 → 0.500)")
    var silent = AgreementSummary(layers: layers)
    silent.add([nil, nil, nil, nil, nil, nil])
    silent.add([nil, nil, .nan, nil, nil, nil])
    XCTAssertEqual(silent.means, [nil, nil, nil, nil])
    XCTAssertEqual(
      silent.sentence,
      "gradient agreement with BPTT: no layer measured in 2 checks (each gradient was zero or "
        + "not finite: no spikes reached the surrogate's window?)")
  }
}
