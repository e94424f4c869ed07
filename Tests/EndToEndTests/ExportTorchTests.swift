// End to end (issue 16): `asf-tui export torch` writes a folder that trains on its own: the
// package, the resolved preset (with the command line's overrides), the digits, a README with
// the torchrun command and a SLURM script; python in that folder trains the preset. An
// existing folder is refused and left alone.

import Foundation
import SpikingCore
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
    XCTAssertTrue(readme.contains("pip install ."), readme)
    let slurm = try String(contentsOfFile: out + "/train.sbatch", encoding: .utf8)
    XCTAssertTrue(slurm.contains("#SBATCH --nodes") && slurm.contains("--rdzv-backend c10d"))
    XCTAssertTrue(slurm.contains("#SBATCH --requeue") && slurm.contains("--resume auto"))

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

    // The package installs without the Swift build (pip, from the folder's pyproject.toml),
    // and runs from anywhere.
    let site = folder + "/site"
    let installed = try runProcess(
      try torchPython(),
      [
        "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation", "--target", site,
        out,
      ],
      log: folder + "/pip.log")
    XCTAssertEqual(installed.status, 0, installed.output)
    let imported = try runProcess(
      try torchPython(),
      ["-c", "import asf_torch.train, asf_torch.bench; print(asf_torch.__file__)"],
      environment: ["PYTHONPATH": site], directory: folder, log: folder + "/import.log")
    XCTAssertEqual(imported.status, 0, imported.output)
    XCTAssertTrue(imported.output.contains(site + "/asf_torch/"), imported.output)
  }

  /// The SLURM script as written, on this machine: srun, scontrol and nvidia-smi stand in
  /// (one node, two "GPUs", the CPU for the device). SIGUSR1 (SLURM's warning before the
  /// time runs out or a pre-emption) makes the run save its checkpoint and the job ask to be
  /// requeued; the requeued job resumes from the checkpoint.
  func testTheSLURMScriptSavesRequeuesAndResumes() throws {
    let python = try torchPython()
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("slurm-\(UUID())")
      .path
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let out = folder + "/job"
    let written = try runAsfTui(
      [
        "export", "torch", "--preset", "digits-lenet-if", "--T", "6", "--epochs", "1000",
        "--train-limit", "200", "--test-limit", "20", "--batch-size", "20", "--out", out,
      ], logFolder: folder)
    XCTAssertEqual(written.status, 0, written.output)
    let shims = [
      "bin/srun": "while [[ \"$1\" == --* ]]; do shift; done\nexec \"$@\"",
      "bin/scontrol":
        "if [ \"$1\" = show ]; then echo localhost; else echo \"$@\" >> \(out)/requeued.txt; fi",
      "bin/nvidia-smi": "echo 'GPU 0: stand-in'; echo 'GPU 1: stand-in'",
      ".venv/bin/torchrun": "exec \(python) -m torch.distributed.run \"$@\"",
    ]
    for (path, body) in shims {
      try FileManager.default.createDirectory(
        atPath: out + "/" + (path as NSString).deletingLastPathComponent,
        withIntermediateDirectories: true)
      try ("#!/bin/bash\n" + body + "\n").write(
        toFile: out + "/" + path, atomically: true, encoding: .utf8)
      chmod(out + "/" + path, 0o755)
    }
    let script = try String(contentsOfFile: out + "/train.sbatch", encoding: .utf8)
      .replacingOccurrences(of: "--device cuda", with: "--device cpu")
    try script.write(toFile: out + "/job.sh", atomically: true, encoding: .utf8)
    let environment = [
      "PATH": out + "/bin:" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"),
      "SLURM_SUBMIT_DIR": out, "SLURM_JOB_ID": "4242", "SLURM_NNODES": "1",
      "SLURM_JOB_NODELIST": "node1",
    ]
    func job(batchesBefore warning: Int, log: String) throws -> Int32 {
      let process = Process()
      process.executableURL = URL(fileURLWithPath: "/bin/bash")
      process.arguments = [out + "/job.sh"]
      process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
      process.currentDirectoryURL = URL(fileURLWithPath: out)
      FileManager.default.createFile(atPath: log, contents: nil)
      process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
      process.standardError = process.standardOutput
      try process.run()
      let deadline = Date().addingTimeInterval(120)
      while Date() < deadline && process.isRunning {
        let text = (try? String(contentsOfFile: out + "/run/metrics.jsonl", encoding: .utf8)) ?? ""
        if text.components(separatedBy: "\"type\":\"batch\"").count - 1 >= warning { break }
        Thread.sleep(forTimeInterval: 0.2)
      }
      kill(process.processIdentifier, SIGUSR1)
      let end = Date().addingTimeInterval(90)
      while process.isRunning && Date() < end { Thread.sleep(forTimeInterval: 0.2) }
      if process.isRunning { killpg(process.processIdentifier, SIGKILL) }
      process.waitUntilExit()
      return process.terminationStatus
    }
    _ = try job(batchesBefore: 15, log: folder + "/job1.log")
    let first = try Checkpoint.read(from: out + "/run/checkpoint.asfck")
    XCTAssertGreaterThanOrEqual(first.header.adamStep, 15)
    var requeued = try String(contentsOfFile: out + "/requeued.txt", encoding: .utf8)
    XCTAssertEqual(requeued, "requeue 4242\n")
    let log = try String(contentsOfFile: out + "/run/metrics.jsonl", encoding: .utf8)
    XCTAssertTrue(log.contains("\"state\":\"stopped\""), "the run said it stopped")

    _ = try job(batchesBefore: first.header.adamStep + 15, log: folder + "/job2.log")
    let second = try Checkpoint.read(from: out + "/run/checkpoint.asfck")
    XCTAssertGreaterThan(second.header.adamStep, first.header.adamStep + 5, "it resumed")
    requeued = try String(contentsOfFile: out + "/requeued.txt", encoding: .utf8)
    XCTAssertEqual(requeued, "requeue 4242\nrequeue 4242\n")
    let lines = try String(contentsOfFile: out + "/run/metrics.jsonl", encoding: .utf8)
    XCTAssertEqual(lines.components(separatedBy: "\"state\":\"stopped\"").count - 1, 2)
  }
}
