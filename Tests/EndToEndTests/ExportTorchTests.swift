// End to end (issue 16): `asf-tui export torch` writes a folder that trains on its own: the
// package, the resolved preset (with the command line's overrides), the digits, a README with
// the torchrun command and a SLURM script; python in that folder trains the preset. An
// existing folder is refused and left alone.

import Foundation
import XCTest

final class ExportTorchTests: XCTestCase {
  func testTheExportedFolderTrainsOnItsOwn() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("export-\(UUID())")
      .path
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let out = folder + "/cluster"
    let written = try runAsfTui(
      [
        "export", "torch", "--preset", "digits-lenet-if", "--T", "6", "--epochs", "1",
        "--train-limit", "60", "--test-limit", "20", "--batch-size", "20", "--out", out,
      ], logFolder: folder)
    XCTAssertEqual(written.status, 0, written.output)
    for file in [
      "asf_torch/train.py", "asf_torch/engine.py", "preset.yaml", "README.md", "train.sbatch",
      "data/digits/train-images-idx3-ubyte", "data/digits/t10k-labels-idx1-ubyte",
    ] {
      XCTAssertTrue(FileManager.default.fileExists(atPath: out + "/" + file), file)
    }
    let preset = try String(contentsOfFile: out + "/preset.yaml", encoding: .utf8)
    XCTAssertTrue(preset.contains("time-steps: 6"), preset)
    let readme = try String(contentsOfFile: out + "/README.md", encoding: .utf8)
    XCTAssertTrue(readme.contains("torchrun --standalone --nproc_per_node"), readme)
    XCTAssertTrue(readme.contains("asf-tui follow run --control"), readme)
    let slurm = try String(contentsOfFile: out + "/train.sbatch", encoding: .utf8)
    XCTAssertTrue(slurm.contains("#SBATCH --nodes") && slurm.contains("--rdzv-backend c10d"))

    let again = try runAsfTui(["export", "torch", "--out", out], logFolder: folder)
    XCTAssertNotEqual(again.status, 0)
    XCTAssertTrue(again.output.contains("exists already"), again.output)

    // The folder on its own: python with the venv's torch, nothing else from the checkout.
    let (status, output) = try runProcess(
      try torchPython(),
      ["-m", "asf_torch.train", "--preset", "preset.yaml", "--out", "run", "--data-dir", "data"],
      environment: ["PYTHONPATH": out], directory: out, log: folder + "/train.log")
    XCTAssertEqual(status, 0, output)
    XCTAssertTrue(output.contains("epoch 1/1: test accuracy"), output)
    XCTAssertTrue(FileManager.default.fileExists(atPath: out + "/run/checkpoint.asfck"))
  }
}
