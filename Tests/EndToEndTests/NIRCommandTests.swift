// `asf-tui export nir` and `asf-tui import nir` with the `nir` package and snnTorch (in
// .venv, made by .ci/run): a LeNet trained here reads back with nir.read node for node and
// weight for weight, classifies 1,000 test digits in snnTorch as `asf-tui eval` does, and
// comes back from NIR with the same weights; a graph written by the nir package imports and
// runs; bad inputs are refused and lose nothing.

import Foundation
import SpikingCore
import XCTest

final class NIRCommandTests: FolderTestCase {
  /// .venv's Python when it has nir and snnTorch; else the test is skipped.
  func nirPython() throws -> String {
    let python = try torchPython()
    let check = try runProcess(
      python, ["-c", "import nir, snntorch, nirtorch"], log: folder + "/check.txt")
    guard check.status == 0 else {
      throw XCTSkip(
        "no nir/snntorch in \(python): .venv/bin/pip install nir==1.0.8 snntorch==1.0.0 nirtorch==2.6 (see .ci/run)"
      )
    }
    return python
  }

  /// Runs one of Tests/EndToEndTests/Python's scripts; its last line as JSON.
  func script(_ name: String, _ arguments: [String]) throws -> [String: Any] {
    let path = packageRoot.appendingPathComponent("Tests/EndToEndTests/Python/\(name)").path
    let result = try runProcess(
      try nirPython(), [path] + arguments,
      environment: [
        "PYTHONPATH": packageRoot.appendingPathComponent("Python").path
      ], log: folder + "/\(name).log")
    XCTAssertEqual(result.status, 0, result.output)
    let line = result.output.split(separator: "\n").last.map(String.init) ?? ""
    return try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] ?? [:]
  }

  func asfTui(_ arguments: [String]) throws -> (status: Int32, output: String) {
    try runAsfTui(arguments, logFolder: folder)
  }

  /// "test accuracy 92.90 %" → 0.929.
  func accuracy(_ output: String) throws -> Double {
    let match = try XCTUnwrap(output.firstMatch(of: /test accuracy ([0-9.]+) %/), output)
    return try XCTUnwrap(Double(String(match.1))) / 100
  }

  func testATrainedLeNetReadsBackRunsInSnnTorchAndReturns() throws {
    try trainExportAndCompare(preset: "mnist-lenet-if", neurons: "IF")
  }

  /// LIF layers go through snnTorch's own LIF mapping (β = 1 − dt/τ, dt = 1e-4 s).
  func testATrainedLIFLeNetRunsInSnnTorchWithItsOwnLIFMapping() throws {
    try trainExportAndCompare(preset: "mnist-lenet-lif", neurons: "LIF")
  }

  /// Trains `preset` briefly on the digits (as IDX files, so that Python reads the same
  /// pixels), exports it and checks it in nir.read, snnTorch and on the way back.
  func trainExportAndCompare(preset: String, neurons: String) throws {
    _ = try nirPython()
    XCTAssertEqual(try asfTui(["data", "digits", "--out", folder + "/mnist"]).status, 0)
    let run = folder + "/run"
    let train = try asfTui([
      "train", "--preset", preset, "--data-dir", folder, "--T", "20", "--epochs", "1",
      "--train-limit", "1200", "--test-limit", "1000", "--batch-size", "30", "--plain", "--out",
      run,
    ])
    XCTAssertEqual(train.status, 0, train.output)
    let checkpoint = run + "/checkpoint.asfck"
    let graph = folder + "/lenet.nir"
    let export = try asfTui(["export", "nir", "--checkpoint", checkpoint, "--out", graph])
    XCTAssertEqual(export.status, 0, export.output)
    XCTAssertTrue(export.output.contains("14 NIR nodes"), export.output)

    // nir.read: node for node, weight for weight.
    let read = try script("nir_read_check.py", [graph, checkpoint])
    XCTAssertEqual(read["mismatches"] as? [String], [], "\(read)")
    XCTAssertEqual(
      read["types"] as? [String],
      [
        "Input", "Conv2d", neurons, "AvgPool2d", "IF", "Conv2d", neurons, "AvgPool2d", "IF",
        "Flatten", "Linear", neurons, "Linear", "Output",
      ])
    XCTAssertEqual(read["time_steps"] as? Int, 20)

    // snnTorch on the same 1,000 test digits and the same input spikes, at the same T.
    let eval = try asfTui([
      "eval", "--checkpoint", checkpoint, "--data-dir", folder, "--test-limit", "1000",
    ])
    XCTAssertEqual(eval.status, 0, eval.output)
    let engine = try accuracy(eval.output)
    let snn = try script(
      "nir_snntorch.py", [graph, folder + "/mnist", "--T", "20", "--count", "1000", "--seed", "1"])
    let snnTorch = try XCTUnwrap(snn["accuracy"] as? Double, "\(snn)")
    XCTAssertEqual(snn["count"] as? Int, 1000)
    XCTAssertGreaterThan(engine, 0.5, "the LeNet should have learned something")
    XCTAssertEqual(snnTorch, engine, accuracy: 0.01, "snnTorch \(snnTorch), asf-tui eval \(engine)")

    // Back from NIR: the same weights, thresholds, scale factors and T.
    let back = folder + "/back.asfck"
    let imported = try asfTui(["import", "nir", graph, "--out", back])
    XCTAssertEqual(imported.status, 0, imported.output)
    let original = try Checkpoint.read(from: checkpoint)
    let returned = try Checkpoint.read(from: back)
    XCTAssertEqual(returned.weights, original.weights)
    XCTAssertEqual(returned.header.thresholds, original.header.thresholds)
    XCTAssertEqual(returned.header.scaleFactors, original.header.scaleFactors)
    XCTAssertEqual(returned.header.timeSteps, 20)
    XCTAssertEqual(returned.header.spec, original.header.spec)
    let again = try asfTui([
      "eval", "--checkpoint", back, "--data-dir", folder, "--test-limit", "1000",
    ])
    XCTAssertEqual(try accuracy(again.output), engine, again.output)
  }

  func testAGraphWrittenByTheNIRPackageImportsAndRuns() throws {
    let graph = folder + "/foreign.nir"
    XCTAssertEqual(try script("nir_foreign.py", [graph])["nodes"] as? Int, 10)
    let out = folder + "/foreign.asfck"
    let imported = try asfTui(["import", "nir", graph, "--out", out])
    XCTAssertEqual(imported.status, 0, imported.output)
    XCTAssertTrue(imported.output.contains("conv1, avgpool1, fc1, output"), imported.output)
    XCTAssertTrue(imported.output.contains("digits-lenet-if-nir"), imported.output)
    let read = try script("nir_read_check.py", [graph, out])
    XCTAssertEqual(read["mismatches"] as? [String], [], "\(read)")
    let eval = try asfTui(["eval", "--checkpoint", out, "--test-limit", "20", "--T", "5"])
    XCTAssertEqual(eval.status, 0, eval.output)
    XCTAssertTrue(eval.output.contains("20 samples, T=5"), eval.output)
  }
}
