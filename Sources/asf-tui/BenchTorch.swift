// `asf-tui bench torch`: the PyTorch backend's GPU check (python -m asf_torch.bench through
// the Python that runs the backend): seconds per batch, samples/s and peak memory of ASF-BP
// and BPTT, the operations and waits of a training batch, and with --check the same step on
// the device and on the CPU compared.

import ArgumentParser
import Foundation
import Workbench

struct BenchTorch: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "torch",
    abstract:
      "The PyTorch backend on a GPU (or the CPU): time, memory, operations and waits per batch, and the device check."
  )

  @Option(help: "The network: lenet or vgg7.")
  var arch = "vgg7"

  @Option(name: .customLong("T"), parsing: .unconditional, help: "Time window.")
  var timeSteps = 100

  @Option(parsing: .unconditional, help: "Batch size.")
  var batch = 16

  @Option(parsing: .unconditional, help: "Timed batches (after one warm-up batch).")
  var batches = 3

  @Option(help: "The device: cuda, cuda:N or cpu (default: cuda when PyTorch sees one).")
  var device: String?

  @Option(help: "The methods, comma-separated: asf-bp, bptt.")
  var methods = "asf-bp,bptt"

  @Flag(help: "Also run one step on the device and on the CPU and compare them (≤ 1e-5).")
  var check = false

  @Option(help: ArgumentHelp("Write the figures as JSON too.", valueName: "FILE"))
  var json: String?

  @Option(
    parsing: .unconditional,
    help:
      "Elements of a layer's current computed in one call (default: 2^27 on a GPU, 2^20 on a CPU)."
  )
  var chunkElements: Int?

  @Option(help: ArgumentHelp("The Python to run the backend with.", valueName: "PATH"))
  var python: String?

  func validate() throws {
    guard ["lenet", "vgg7"].contains(arch) else {
      throw ValidationError("--arch must be lenet or vgg7, not \(arch).")
    }
    guard (1...10_000).contains(timeSteps) else {
      throw ValidationError("--T must be from 1 to 10000, not \(timeSteps).")
    }
    guard (1...4096).contains(batch) else {
      throw ValidationError("--batch must be from 1 to 4096, not \(batch).")
    }
    guard (1...1000).contains(batches) else {
      throw ValidationError("--batches must be from 1 to 1000, not \(batches).")
    }
    if let chunkElements, chunkElements < 1 {
      throw ValidationError("--chunk-elements must be at least 1, not \(chunkElements).")
    }
    let known = Set(["asf-bp", "bptt"])
    let asked = methods.split(separator: ",").map(String.init)
    guard !asked.isEmpty, asked.allSatisfy(known.contains) else {
      throw ValidationError("--methods takes asf-bp and bptt, comma-separated, not '\(methods)'.")
    }
  }

  func run() throws {
    var arguments = [
      "-m", "asf_torch.bench", "--arch", arch, "--T", "\(timeSteps)", "--batch", "\(batch)",
      "--batches", "\(batches)", "--methods", methods,
    ]
    if let device { arguments += ["--device", device] }
    if check { arguments.append("--check") }
    if let json { arguments += ["--json", json] }
    if let chunkElements { arguments += ["--chunk-elements", "\(chunkElements)"] }
    let status = try reportingErrors {
      try TorchBackend.runModule(arguments, python: python)
    }
    if status != 0 { throw ExitCode(status) }
  }
}
