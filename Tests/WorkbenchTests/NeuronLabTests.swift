// The neuron lab's model (the engine's neuron code) against hand-worked traces, and the
// Table 4 reproduction: within ±0.03 of the paper, strictly decreasing, repeatable.

import SpikingCore
import XCTest

@testable import Workbench

final class NeuronLabTests: XCTestCase {
  /// Every synapse fires every step when its pixel is 1, so the current is the weight total.
  func constantInput(_ total: Float, threshold: Float = 1, leak: Float = 1) -> NeuronLab {
    var settings = NeuronLabSettings()
    settings.lower = 1
    settings.upper = 1
    settings.synapses = 4
    settings.weightTotal = total
    settings.threshold = threshold
    settings.leak = leak
    settings.timeSteps = 12
    return NeuronLab(settings: settings, seed: 3)
  }

  func testIFTraceByHand() {
    // x = 0.4 per step, Vth = 1: u = 0.4, 0.8, 1.2 → spike and reset, three times over 9 steps.
    var lab = constantInput(0.4)
    let steps = (0..<9).map { _ in lab.step() }
    XCTAssertEqual(
      steps.map(\.spiked), [false, false, true, false, false, true, false, false, true])
    XCTAssertEqual(steps.map(\.firedSynapses.count), [Int](repeating: 4, count: 9))
    XCTAssertEqual(steps[1].membraneBeforeReset, 0.8, accuracy: 1e-5)
    XCTAssertEqual(steps[2].membraneBeforeReset, 1.2, accuracy: 1e-5)
    XCTAssertEqual(steps[3].membraneBeforeReset, 0.4, accuracy: 1e-5, "reset to 0")
    XCTAssertEqual(lab.neuron.accumulatedOutput, 3)
    XCTAssertEqual(lab.scaleFactor ?? 0, 3 / 3.6, accuracy: 1e-5)
  }

  func testLIFTraceByHand() {
    // x = 0.6, λ = 0.5: u = 0.6 → 0.3; 0.9 → 0.45; 1.05 → spike, 0; 0.6 …
    var lab = constantInput(0.6, leak: 0.5)
    let steps = (0..<4).map { _ in lab.step() }
    XCTAssertEqual(steps.map(\.spiked), [false, false, true, false])
    XCTAssertEqual(steps[1].membraneBeforeReset, 0.9, accuracy: 1e-5)
    XCTAssertEqual(steps[2].membraneBeforeReset, 1.05, accuracy: 1e-5)
    XCTAssertEqual(steps[3].membraneBeforeReset, 0.6, accuracy: 1e-5)
  }

  func testScaleFactorIsOneOverXForSuprathresholdInput() {
    // x > Vth fires every step (x = Vth exactly would not: the rule is u > Vth).
    for x: Float in [1.6, 2.5, 4] {
      var lab = constantInput(x)
      for _ in 0..<12 { lab.step() }
      XCTAssertEqual(lab.neuron.accumulatedOutput, 12, "fires every step")
      XCTAssertEqual(lab.scaleFactor ?? 0, 1 / x, accuracy: 1e-5)
    }
  }

  func testWindowRestartsAfterTSteps() {
    var lab = constantInput(0.4)
    for _ in 0..<12 { lab.step() }
    XCTAssertTrue(lab.isWindowComplete)
    lab.step()
    XCTAssertEqual(lab.history.count, 1)
    XCTAssertEqual(lab.neuron.accumulatedInput, 0.4, accuracy: 1e-6)
  }

  func testTable4MatchesThePaperAndRepeats() throws {
    let preset = try PresetLibrary.load("table4-scale-factor")
    XCTAssertEqual(preset.experiment, "table4")
    let settings = preset.neuronLabSettings
    XCTAssertEqual(settings.timeSteps, 100)
    XCTAssertEqual(settings.threshold, 1)
    XCTAssertEqual(settings.leak, 1)
    let rows = Table4Experiment.run(settings: settings, trials: 300, seed: preset.seed)
    XCTAssertEqual(rows.map(\.paper), [0.641, 0.478, 0.385, 0.335, 0.286, 0.249])
    for row in rows {
      XCTAssertEqual(row.mean, row.paper, accuracy: 0.03, row.label)
      XCTAssertGreaterThan(row.spread, 0)
    }
    for (a, b) in zip(rows, rows.dropFirst()) {
      XCTAssertGreaterThan(a.mean, b.mean, "\(a.label) > \(b.label)")
    }
    XCTAssertEqual(Table4Experiment.run(settings: settings, trials: 300, seed: preset.seed), rows)
    XCTAssertNotEqual(Table4Experiment.run(settings: settings, trials: 300, seed: 99), rows)
    let csv = Table4Experiment.csv(rows).split(separator: "\n")
    XCTAssertEqual(csv.count, 7)
    XCTAssertTrue(csv[1].hasPrefix("U(0,.5),0.00,0.50,0.641,"), String(csv[1]))
  }

  func testTrainingRefusesAnExperimentPreset() throws {
    let preset = try PresetLibrary.load("table4-scale-factor")
    let data = try DataSplits.load(for: preset, dataDirectory: nil)
    XCTAssertThrowsError(try TrainingRun(preset: preset, data: data, folder: nil)) { error in
      XCTAssertTrue("\(error)".contains("asf-tui table4"), "\(error)")
    }
  }
}
