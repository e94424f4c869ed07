// `asf-tui presets` estimates a preset's run time: a sweep preset counts every run it trains,
// each at its method's cost, checked against what was measured here (docs/methods.md).

import SpikingCore
import XCTest

@testable import Workbench

final class PresetEstimateTests: XCTestCase {
  func estimate(_ preset: Preset) throws -> Double {
    try XCTUnwrap(PresetEstimate(preset: preset, dataDirectory: nil).seconds)
  }

  func testASweepOfOtherValuesCountsEveryRun() throws {
    var ablation = try PresetLibrary.load("ablation-scale-factor")
    let swept = try estimate(ablation)
    ablation.sweep = nil
    XCTAssertEqual(swept, 5 * (try estimate(ablation)), accuracy: 1e-9, "five values")
  }

  /// The method factors against `asf-tui bench methods` (LeNet IF, batch 64; docs/methods.md):
  /// BPTT's seconds per batch over ASF-BP's at T = 16, 32 and 100.
  func testMethodFactorsFollowTheMeasuredRatios() {
    for (steps, measured) in [(16, 0.299 / 0.059), (32, 0.582 / 0.076), (100, 1.705 / 0.148)] {
      let factor = PresetEstimate.methodFactor(.bptt, timeSteps: steps)
      XCTAssertEqual(factor / measured, 1, accuracy: 0.1, "T=\(steps)")
    }
    XCTAssertEqual(PresetEstimate.methodFactor(.asfBP, timeSteps: 100), 1)
    XCTAssertEqual(
      PresetEstimate.methodFactor(.ottt, timeSteps: 30),
      PresetEstimate.methodFactor(.sltt, timeSteps: 30))
  }

  /// The arena's sweep took 1,768 s against ASF-BP's 66 s alone (26.8×; `asf-tui sweep
  /// --preset methods-mnist`): the estimate's ratio is within a quarter of that, not 1×.
  func testTheMethodArenaCountsItsFiveMethods() throws {
    var arena = try PresetLibrary.load("methods-mnist")
    let all = try estimate(arena)
    arena.sweep = nil
    arena.method = .asfBP
    let ratio = all / (try estimate(arena))
    XCTAssertEqual(ratio / (1768.1 / 65.6), 1, accuracy: 0.25, "ratio \(ratio)")
  }
}
