// `asf-tui bench asf-vs-bptt`: Figure 3, ASF-BP against BPTT. Times both methods in this
// process (alternating on identical batches) and measures each one's peak memory in a child
// process of its own (this executable again, with the hidden --measure-memory-of option).

import ArgumentParser
import Benchmarks
import Foundation
import SpikingCore
import TerminalKit
import Workbench
import WorkbenchUI

struct BenchSpeed: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "asf-vs-bptt",
    abstract:
      "Figure 3: seconds per batch, speed-up and peak memory of ASF-BP against BPTT for each time window (default: the fig3-training-time preset's, 25 to 300)."
  )

  @OptionGroup var timing: TimingOptions

  @Option(help: "Result folder (default: runs/bench-asf-vs-bptt-<arch>-<date>-<time>).")
  var out: String?

  var arch: BenchArchitecture { timing.arch }
  var timeSteps: String? { timing.timeSteps }
  var batch: Int? { timing.batch }
  var repeats: Int { timing.repeats }
  var noMemory: Bool { timing.noMemory }
  var dataDir: String? { timing.dataDir }
  var measureMemoryOf: String? { timing.measureMemoryOf }

  func run() throws {
    try reportingErrors {
      try timing.kernels?.apply()
      let (preset, note) = try SpeedBenchmark.preset(
        architecture: arch.rawValue, dataDirectory: dataDir)
      let fig3 = try PresetLibrary.load("fig3-training-time")
      let list = TimeWindowList.resolve(timeSteps, fallback: fig3.timeWindows)
      let batchSize = batch ?? fig3.batchSize
      if let measureMemoryOf, let method = TrainingMethod(rawValue: measureMemoryOf) {
        try measureMemory(method: method, preset: preset, steps: list[0], batchSize: batchSize)
        return
      }
      try compare(preset: preset, note: note, windows: list, batchSize: batchSize)
    }
  }

  /// Child mode: train two batches with one method and print the peak resident memory.
  private func measureMemory(
    method: TrainingMethod, preset: Preset, steps: Int, batchSize: Int
  ) throws {
    let data = try SpeedBenchmark.data(
      for: preset, batchSize: batchSize, batches: 2, dataDirectory: dataDir)
    PeakMemory.reset()
    try SpeedBenchmark.trainAlone(
      method: method, preset: preset, data: data, timeSteps: steps, batchSize: batchSize,
      batches: 2)
    print("peak-mib \(PeakMemory.peakMiB() ?? -1)")
  }

  private func compare(preset: Preset, note: String?, windows: [Int], batchSize: Int) throws {
    let data = try SpeedBenchmark.data(
      for: preset, batchSize: batchSize, batches: repeats + 1, dataDirectory: dataDir)
    // The folder is made once the data is here, so a failed start leaves nothing behind.
    let folder = out ?? Train.defaultFolder(for: "bench-asf-vs-bptt-\(arch.rawValue)")
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    if let note { print("note: \(note)") }
    print(
      "bench asf-vs-bptt: \(arch.rawValue) (\(preset.neuron.rawValue.uppercased())) on \(data.train.name), batch \(batchSize), \(SpikeKernels.name) kernels; median of \(repeats) batches per method after a warm-up, the methods alternating on identical batches"
    )
    let header = [
      pad("T", 5), pad("ASF-BP s/batch", 15), pad("BPTT s/batch", 13), pad("speed-up", 9),
      pad("ASF-BP samples/s", 17), pad("BPTT samples/s", 15), pad("ASF-BP peak MiB", 16),
      pad("BPTT peak MiB", 14),
    ]
    print(header.joined(separator: " "))
    var result = SpeedComparison(architecture: arch.rawValue, batchSize: batchSize, rows: [])
    let memory = ProcessInfo.processInfo.physicalMemory
    for steps in windows {
      var setup = preset
      try setup.apply(["time-steps": steps], source: "bench asf-vs-bptt")
      let network = try TrainingRun.network(for: setup, data: data)
      let state = BPTTTrainer.stateBytes(network: network, batch: batchSize, steps: steps)
      if Double(state) > 0.6 * Double(memory) {
        print(
          String(
            format:
              "%5d skipped: BPTT would keep %.1f GiB of per-step state; this machine has %.1f GiB",
            steps, Double(state) / 1_073_741_824, Double(memory) / 1_073_741_824))
        continue
      }
      let (asf, bptt) = try SpeedBenchmark.medianSeconds(
        preset: preset, data: data, timeSteps: steps, batchSize: batchSize, repeats: repeats)
      var row = SpeedComparison.Row(
        timeSteps: steps, asfSecondsPerBatch: asf, bpttSecondsPerBatch: bptt)
      if !noMemory {
        row.asfPeakMiB = try childPeak(method: .asfBP, steps: steps, batchSize: batchSize)
        row.bpttPeakMiB = try childPeak(method: .bptt, steps: steps, batchSize: batchSize)
      }
      result.rows.append(row)
      func peak(_ value: Double?) -> String { value.map { String(format: "%.0f", $0) } ?? "—" }
      print(
        [
          pad("\(steps)", 5), pad(String(format: "%.3f", asf), 15),
          pad(String(format: "%.3f", bptt), 13), pad(SpeedComparison.speedupText(row.speedup), 9),
          pad(String(format: "%.1f", result.samplesPerSecond(asf)), 17),
          pad(String(format: "%.1f", result.samplesPerSecond(bptt)), 15),
          pad(peak(row.asfPeakMiB), 16), pad(peak(row.bpttPeakMiB), 14),
        ].joined(separator: " "))
      fflush(nil)  // the row shows at once when the output is a file or a pipe
      try result.csv().write(
        toFile: folder + "/" + SpeedComparison.fileName, atomically: true, encoding: .utf8)
    }
    guard !result.rows.isEmpty else {
      print("no time window could be measured")
      return
    }
    let chart = FrameFile(
      SpeedChart(comparison: result), width: 120, height: 30,
      title: "asf-tui bench asf-vs-bptt — \(arch.rawValue), batch \(batchSize)")
    try chart.write(to: folder + "/asf-vs-bptt.svg")
    try chart.write(to: folder + "/asf-vs-bptt.txt")
    print("wrote \(folder)/\(SpeedComparison.fileName), asf-vs-bptt.svg and asf-vs-bptt.txt")
  }

  /// Runs this executable again in memory-measuring mode and reads its peak.
  private func childPeak(method: TrainingMethod, steps: Int, batchSize: Int) throws -> Double? {
    try childPeakMiB(
      arguments: timing.memoryArguments(
        command: "asf-vs-bptt", method: method, steps: steps, batchSize: batchSize))
  }
}

/// What the timing benchmarks (asf-vs-bptt, methods) share: the network, the time windows,
/// the batch, the repeats, the data, the kernels and the memory measurement in child processes.
struct TimingOptions: ParsableArguments {
  @Option(help: "The network: lenet (MNIST, else the built-in digits) or vgg7 (CIFAR-10).")
  var arch = BenchArchitecture.lenet

  @Option(
    name: .customLong("T"), parsing: .unconditional,
    help: "Time windows, comma-separated (default: the command's, see its description).")
  var timeSteps: String?

  @Option(
    parsing: .unconditional, help: "Batch size (default: the fig3-training-time preset's, 64).")
  var batch: Int?

  @Option(
    parsing: .unconditional,
    help: "Timed batches per method and T (after one warm-up batch each); the median counts.")
  var repeats = 3

  @Flag(help: "Skip the peak-memory measurement (one child process per method and T).")
  var noMemory = false

  @Option(help: "Folder with the data sets (else $ASF_DATA_DIR, else ../shared/datasets).")
  var dataDir: String?

  @Option(
    help:
      "The forward's instruction set: portable, sse2, avx2 or avx512 (default: the best, AVX-512 only where it measured faster)."
  )
  var kernels: KernelChoice?

  @Option(help: .hidden)
  var measureMemoryOf: String?

  func validate() throws {
    try TimeWindowList.validate(timeSteps)
    if let batch, !(1...4096).contains(batch) {
      throw ValidationError("--batch must be from 1 to 4096, not \(batch).")
    }
    guard (1...100).contains(repeats) else {
      throw ValidationError("--repeats must be from 1 to 100, not \(repeats).")
    }
    if let measureMemoryOf, TrainingMethod(rawValue: measureMemoryOf) == nil {
      throw ValidationError(
        "--measure-memory-of must be one of \(TrainingMethod.allCases.map(\.rawValue).joined(separator: ", "))."
      )
    }
  }

  /// The arguments of `bench COMMAND` measuring `method`'s peak memory at `steps`.
  func memoryArguments(command: String, method: TrainingMethod, steps: Int, batchSize: Int)
    -> [String]
  {
    var arguments = [
      "bench", command, "--arch", arch.rawValue, "--T", "\(steps)", "--batch", "\(batchSize)",
      "--measure-memory-of", method.rawValue,
    ]
    if let dataDir { arguments += ["--data-dir", dataDir] }
    return arguments
  }
}

/// Runs this executable again with `arguments` (a benchmark's memory-measuring mode) and reads
/// the "peak-mib N" line it prints; nil when it fails or prints none.
func childPeakMiB(arguments: [String]) throws -> Double? {
  let process = Process()
  process.executableURL = URL(fileURLWithPath: currentExecutable())
  process.arguments = arguments
  let pipe = Pipe()
  process.standardOutput = pipe
  try process.run()
  let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
  process.waitUntilExit()
  guard process.terminationStatus == 0 else { return nil }
  for line in output.split(separator: "\n") where line.hasPrefix("peak-mib ") {
    if let value = Double(line.dropFirst(9)), value >= 0 { return value }
  }
  return nil
}

/// Right-aligns `text` in `width` columns.
private func pad(_ text: String, _ width: Int) -> String {
  String(repeating: " ", count: max(0, width - text.count)) + text
}
