// Presets: the shipped ones parse, bad ones are rejected naming key, value and range,
// overrides apply, and the resolved YAML reads back to the same preset.

import SpikingCore
import XCTest

@testable import Workbench

final class PresetTests: XCTestCase {
  func testShippedPresetsParse() throws {
    let names = PresetLibrary.names()
    XCTAssertTrue(names.contains("digits-lenet-if"))
    XCTAssertTrue(names.contains("mnist-lenet-if"))
    XCTAssertTrue(names.contains("mnist-lenet-lif"))
    for name in names { XCTAssertNoThrow(try PresetLibrary.load(name), name) }
    let mnist = try PresetLibrary.load("mnist-lenet-lif")
    XCTAssertEqual(mnist.neuron, .leakyIntegrateAndFire)
    XCTAssertEqual(mnist.batchSize, 60)
    XCTAssertEqual(mnist.learningRate, 8.5e-4, accuracy: 1e-9)
    XCTAssertEqual(mnist.weightDecay, 5e-4, accuracy: 1e-9)
    XCTAssertEqual(mnist.timeSteps, 100)
    XCTAssertEqual(mnist.lrMilestones, [25])
    XCTAssertEqual(mnist.network, .lenet)
    XCTAssertEqual(mnist.paperAccuracy, 99.60)
  }

  func testLearningRateSchedule() {
    var preset = Preset(name: "x")
    preset.learningRate = 1
    preset.lrMilestones = [2, 4]
    preset.lrDecayFactor = 0.5
    XCTAssertEqual((0..<6).map { preset.learningRate(atEpoch: $0) }, [1, 1, 0.5, 0.5, 0.25, 0.25])
  }

  func testBadValuesNameKeyValueAndRange() {
    let t = presetMessage("name: a\ntime-steps: 0\n")
    XCTAssertTrue(t.contains("'time-steps'") && t.contains("0") && t.contains("1 to 10000"), t)
    let n = presetMessage("name: a\nneuron: izhikevich\n")
    XCTAssertTrue(n.contains("'neuron'") && n.contains("izhikevich") && n.contains("'lif'"), n)
    let k = presetMessage("name: a\nbatchsize: 3\n")
    XCTAssertTrue(k.contains("unknown key 'batchsize'") && k.contains("batch-size"), k)
    let m = presetMessage("description: no name\n")
    XCTAssertTrue(m.contains("'name' is required"), m)
    let y = presetMessage("name: [unclosed\n")
    XCTAssertTrue(y.contains("not valid YAML"), y)
    let l = presetMessage("name: a\nlayers:\n  - {conv: 4}\n  - {avgpool: 2}\n")
    XCTAssertTrue(l.contains("'layers'") && l.contains("linear"), l)
    let method = presetMessage("name: a\nmethod: stbp\n")
    XCTAssertTrue(
      method.contains("'method'") && method.contains("stbp") && method.contains("'bptt'"), method)
    let windows = presetMessage("name: a\ntime-windows: [25, 0]\n")
    XCTAssertTrue(windows.contains("'time-windows'") && windows.contains("1 to 10000"), windows)
    let lr = presetMessage("name: a\nlearning-rate: fast\n")
    XCTAssertTrue(lr.contains("'learning-rate'") && lr.contains("fast"), lr)
    XCTAssertTrue(
      "\(WorkbenchError.presetNotFound(name: "zzz", available: ["a", "b"]))".contains("a, b"))
    XCTAssertThrowsError(try PresetLibrary.load("no-such-preset")) { error in
      XCTAssertTrue("\(error)".contains("digits-lenet-if"), "\(error)")
    }
  }

  /// Issue 12, point 16: messages write values as presets write them and name folders.
  func testMessagesWriteValuesPlainly() throws {
    let lr = presetMessage("name: a\nlearning-rate: 1.0e-12\n")
    XCTAssertTrue(lr.contains("from 1e-09 to 10"), lr)
    XCTAssertFalse(lr.contains("9.99999"), lr)
    let layer = presetMessage("name: a\nlayers:\n  - {conv: 0, kernel: 3}\n  - {linear: 10}\n")
    XCTAssertTrue(layer.contains("{conv: 0, kernel: 3}"), layer)
    XCTAssertFalse(layer.contains("AnyHashable"), layer)
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("p-\(UUID())").path
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    XCTAssertThrowsError(try PresetLibrary.load(folder)) { error in
      XCTAssertTrue("\(error)".contains("it is a folder"), "\(error)")
    }
  }

  /// Found by fuzzing: a list or mapping used as a key and a huge base-60 number (1:30 in
  /// YAML 1.1) crashed the YAML library, and deep nesting could exhaust the stack; all are
  /// refused as invalid YAML.
  func testKeysThatAreNotWordsAndDeepNestingAreRefused() {
    for yaml in [
      "name: a\n? [x, y]\n: 3\n", "name: a\nlayers:\n  - {[conv]: 4}\n",
      "{name: a, {k: v}: 1}\n", "name: a\nbatch-size: 366666666666666265:2\n",
      "name: a\nlayers: " + String(repeating: "[", count: 40) + String(repeating: "]", count: 40),
    ] {
      XCTAssertThrowsError(try Preset(yaml: yaml, source: "fuzz.yaml")) { error in
        guard case WorkbenchError.invalidYAML(let source, let reason) = error else {
          return XCTFail("\(error)")
        }
        XCTAssertEqual(source, "fuzz.yaml")
        XCTAssertFalse(reason.isEmpty)
      }
    }
  }

  func testOverridesApplyOrLeaveThePresetUnchanged() throws {
    var preset = try PresetLibrary.load("digits-lenet-if")
    try preset.apply(["time-steps": 7, "neuron": "lif", "learning-rate": 0.01], source: "flags")
    XCTAssertEqual(preset.timeSteps, 7)
    XCTAssertEqual(preset.neuron, .leakyIntegrateAndFire)
    XCTAssertEqual(preset.learningRate, 0.01, accuracy: 1e-9)
    let before = preset
    XCTAssertThrowsError(try preset.apply(["time-steps": 5, "batch-size": -1], source: "flags"))
    XCTAssertEqual(preset, before, "a rejected override changes nothing")
  }

  func testResolvedYAMLReadsBack() throws {
    var preset = try PresetLibrary.load("mnist-lenet-if")
    preset.trainLimit = 100
    preset.seed = 9
    XCTAssertEqual(try Preset(yaml: preset.yaml, source: "resolved"), preset)
    let fig3 = try PresetLibrary.load("fig3-training-time")
    XCTAssertEqual(fig3.experiment, "training-time")
    XCTAssertEqual(fig3.timeWindows, [25, 50, 100, 200, 300])
    XCTAssertEqual(try Preset(yaml: fig3.yaml, source: "resolved"), fig3)
    preset.method = .bptt
    XCTAssertEqual(try Preset(yaml: preset.yaml, source: "resolved").method, .bptt)
    let custom = try Preset(
      yaml: """
        name: tiny
        layers:
          - {input: [8, 8, 2]}
          - {conv: 3, kernel: 3, padding: 1}
          - {maxpool: 2}
          - flatten
          - {linear: 5}
        """, source: "custom")
    XCTAssertEqual(custom.network.input, Shape(height: 8, width: 8, channels: 2))
    XCTAssertEqual(custom.architecture, "custom")
    XCTAssertEqual(try Preset(yaml: custom.yaml, source: "resolved"), custom)
  }
}
