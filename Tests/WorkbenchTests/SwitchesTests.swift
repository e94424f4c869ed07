// ASF-BP's switches from presets, the command line's keys and live changes (issue 17): the
// keys are read and refused with what is allowed, written back into the resolved preset,
// reach the network of a run, change at a batch boundary with a notice, and are a field of
// every batch line, which a replay reads back.

import Foundation
import SpikingCore
import XCTest

@testable import Workbench

final class SwitchesTests: XCTestCase {
  func testPresetKeysAreReadWrittenAndChecked() throws {
    let preset = try Preset(
      yaml: """
        name: ablation
        scale-factor: neuron
        scale-smoothing: 0.3
        gradient-mask: off
        reset: subtract
        spike-rule: inclusive
        """, source: "test")
    var expected = EngineSwitches()
    expected.scaleMode = .neuron
    expected.smoothing = 0.3
    expected.mask = false
    expected.reset = .subtract
    expected.spikeRule = .inclusive
    XCTAssertEqual(preset.switches, expected)
    XCTAssertEqual(try Preset(yaml: preset.yaml, source: "again").switches, expected)
    XCTAssertEqual(try Preset(yaml: "name: x\n", source: "d").switches, .paper)
    XCTAssertEqual(
      try Preset(yaml: "name: x\ngradient-mask: \"on\"\n", source: "quoted").switches.mask, true)
    for (line, allowed) in [
      ("scale-factor: global", "'layer', 'neuron', 'fixed', 'none', 'frozen'"),
      ("reset: soft", "'hard', 'subtract'"), ("spike-rule: maybe", "'strict', 'inclusive'"),
      ("gradient-mask: 3", "'on', 'off'"), ("scale-smoothing: 2", "scale-smoothing"),
    ] {
      XCTAssertThrowsError(try Preset(yaml: "name: x\n" + line + "\n", source: "bad")) {
        XCTAssertTrue("\($0)".contains(allowed), "\(line): \($0)")
      }
    }
  }

  func testARunTrainsWithItsSwitchesAndChangesThemLive() throws {
    var preset = try PresetLibrary.load("digits-lenet-if")
    try preset.apply(
      [
        "time-steps": 4, "train-limit": 40, "test-limit": 10, "batch-size": 10, "epochs": 1,
        "scale-factor": "fixed", "reset": "subtract",
      ], source: "test")
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sw-\(UUID())").path
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let run = try TrainingRun(
      preset: preset, data: try DataSplits.load(for: preset, dataDirectory: nil), folder: folder)
    XCTAssertEqual(run.trainer.network.switches.scaleMode, .fixed)
    _ = try run.step()
    // Fixed: S = 1/Vth for every layer with neurons (pools: 1/0.75).
    XCTAssertEqual(run.trainer.network.scaleFactors[0], 1, accuracy: 1e-6)
    XCTAssertEqual(run.trainer.network.scaleFactors[1], 1 / 0.75, accuracy: 1e-6)
    XCTAssertEqual(
      run.changeSwitch(.nextScaleMode), "scale factor fixed → none from the next batch")
    XCTAssertEqual(
      run.changeSwitch(.toggleMask), "gradient mask 1[FI > 0] on → off from the next batch")
    XCTAssertEqual(
      run.changeSwitch(.smoothing(by: 0.5)),
      "scale-factor EMA weight 0.6 → 1.0 from the next batch")
    XCTAssertEqual(
      run.changeSwitch(.smoothing(by: 0.1)),
      "the scale-factor EMA weight stays 1.0: it ranges over 0…1")
    _ = try run.step()
    let recording = try RunRecording(folder: folder)
    let lines = try String(contentsOfFile: folder + "/metrics.jsonl", encoding: .utf8)
      .split(separator: "\n").filter { $0.contains("\"type\":\"batch\"") }
    XCTAssertEqual(lines.count, 2)
    XCTAssertTrue(lines[0].contains("\"scale_mode\":\"fixed\""), String(lines[0]))
    XCTAssertTrue(lines[0].contains("\"reset\":\"subtract\""))
    XCTAssertTrue(
      lines[1].contains("\"scale_mode\":\"none\"") && lines[1].contains("\"mask\":false"))
    XCTAssertEqual(
      recording.frames.last?.switches.scaleMode, SpikingCore.EngineSwitches.ScaleMode.none)
    XCTAssertEqual(
      recording.frames.last?.switches.summary, "S:none EMA:1.0 mask:off reset:subtract")
  }
}
