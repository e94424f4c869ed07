// `asf-tui bench methods`: the method arena's costs (Figure 3 extended): every training method
// times the same batches in this process (the order of the methods turning each batch), per
// time window; the memory each method's engine plans for the batch (MemoryEstimate, what it
// allocates); and, unless --no-memory, the peak resident memory of a child process training
// with one method alone (this executable again, with the hidden --measure-memory-of option).

import ArgumentParser
import Benchmarks
import Foundation
import SpikingCore
import TerminalKit
import Workbench
import WorkbenchUI

struct BenchMethods: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "methods",
    abstract:
      "Seconds per batch and memory of ASF-BP, BPTT, OTTT, SLTT and rate-BP for each time window (default 4, 8, 16, 32, 100), with ratios to BPTT."
  )

  @OptionGroup var timing: TimingOptions

  @Option(help: "Methods, comma-separated (default: asf-bp,bptt,ottt,sltt,rate-bp).")
  var methods: String?

  @Option(parsing: .unconditional, help: "SLTT-K: the steps of each batch SLTT takes back.")
  var slttSteps: Int?

  @Option(help: "Result folder (default: runs/bench-methods-<arch>-<date>-<time>).")
  var out: String?

  var arch: BenchArchitecture { timing.arch }
  var timeSteps: String? { timing.timeSteps }
  var batch: Int? { timing.batch }
  var repeats: Int { timing.repeats }
  var noMemory: Bool { timing.noMemory }
  var dataDir: String? { timing.dataDir }
  var measureMemoryOf: String? { timing.measureMemoryOf }

  static let defaultWindows = [4, 8, 16, 32, 100]

  /// The methods named by --methods (checked by `validate`).
  var chosen: [TrainingMethod] {
    (methods ?? TrainingMethod.allCases.map(\.rawValue).joined(separator: ","))
      .split(separator: ",").compactMap { TrainingMethod(rawValue: String($0)) }
  }

  func validate() throws {
    let allowed = TrainingMethod.allCases.map(\.rawValue).joined(separator: ", ")
    if let methods {
      let names = methods.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
      for name in names where TrainingMethod(rawValue: name) == nil {
        throw ValidationError("--methods: '\(name)' is not a method; the methods: \(allowed).")
      }
      guard Set(names).count == names.count else {
        throw ValidationError("--methods names a method twice: \(methods).")
      }
    }
    if let slttSteps, slttSteps < 1 {
      throw ValidationError("--sltt-steps must be at least 1, not \(slttSteps).")
    }
  }

  func run() throws {
    try reportingErrors {
      try timing.kernels?.apply()
      let (preset, note) = try SpeedBenchmark.preset(
        architecture: arch.rawValue, dataDirectory: dataDir)
      let fig3 = try PresetLibrary.load("fig3-training-time")
      let windows = TimeWindowList.resolve(timeSteps, fallback: Self.defaultWindows)
      let batchSize = batch ?? fig3.batchSize
      if let measureMemoryOf, let method = TrainingMethod(rawValue: measureMemoryOf) {
        let data = try SpeedBenchmark.data(
          for: preset, batchSize: batchSize, batches: 2, dataDirectory: dataDir)
        PeakMemory.reset()
        try SpeedBenchmark.trainAlone(
          method: method, preset: preset, data: data, timeSteps: windows[0],
          batchSize: batchSize, batches: 2, slttSteps: slttSteps)
        print("peak-mib \(PeakMemory.peakMiB() ?? -1)")
        return
      }
      try compare(preset: preset, note: note, windows: windows, batchSize: batchSize)
    }
  }

  private func compare(preset: Preset, note: String?, windows: [Int], batchSize: Int) throws {
    let methods = chosen
    let data = try SpeedBenchmark.data(
      for: preset, batchSize: batchSize, batches: repeats + 1, dataDirectory: dataDir)
    let folder = out ?? Train.defaultFolder(for: "bench-methods-\(arch.rawValue)")
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    if let note { print("note: \(note)") }
    print(
      "bench methods: \(arch.rawValue) (\(preset.neuron.rawValue.uppercased())) on \(data.train.name), batch \(batchSize); median of \(repeats) batches per method after a warm-up, the methods taking turns on identical batches"
        + (slttSteps.map { "; SLTT takes \($0) steps of each batch back" } ?? ""))
    print(
      (["T"] + methods.map { "\($0.title) s/batch (×BPTT), planned MiB, peak MiB" })
        .joined(separator: " | "))
    var result = MethodComparison(
      architecture: arch.rawValue, batchSize: batchSize, methods: methods)
    let memory = Double(ProcessInfo.processInfo.physicalMemory)
    for steps in windows {
      var setup = preset
      try setup.apply(["time-steps": steps], source: "bench methods")
      let network = try TrainingRun.network(for: setup, data: data)
      let workers = TrainingRun.trainerSettings(for: setup, data: data).workerCount
      let planned = methods.map {
        MethodComparison.plannedMiB(
          layers: network.layers, method: $0, batch: batchSize, steps: steps, workers: workers)
      }
      if let largest = planned.max(), largest * 1_048_576 > 0.6 * memory {
        print(
          String(
            format: "%5d skipped: a method would need %.1f GiB; this machine has %.1f GiB", steps,
            largest / 1024, memory / 1_073_741_824))
        continue
      }
      let seconds = try SpeedBenchmark.medianSeconds(
        methods: methods, preset: preset, data: data, timeSteps: steps, batchSize: batchSize,
        repeats: repeats, slttSteps: slttSteps)
      var cells = zip(seconds, planned).map {
        MethodComparison.Cell(secondsPerBatch: $0, plannedMiB: $1)
      }
      if !noMemory {
        for (m, method) in methods.enumerated() {
          cells[m].peakMiB = try childPeak(method: method, steps: steps, batchSize: batchSize)
        }
      }
      let row = MethodComparison.Row(timeSteps: steps, cells: cells)
      result.rows.append(row)
      let text = methods.indices.map { m in
        let cell = cells[m]
        let ratio = result.timeRatio(row, method: m).map { String(format: " (%.2f)", $0) } ?? ""
        let peak = cell.peakMiB.map { String(format: "%.0f", $0) } ?? "—"
        return String(format: "%.3f", cell.secondsPerBatch) + ratio
          + String(format: ", %.0f, ", cell.plannedMiB) + peak
      }
      print((["\(steps)"] + text).joined(separator: " | "))
      fflush(nil)
      try result.csv().write(
        toFile: folder + "/" + MethodComparison.fileName, atomically: true, encoding: .utf8)
    }
    guard !result.rows.isEmpty else {
      print("no time window could be measured")
      return
    }
    for (m, method) in methods.enumerated() {
      if let growth = result.plannedGrowth(method: m) {
        print(
          String(
            format: "%@: planned memory ×%.2f from T=%d to T=%d", method.title, growth,
            result.rows[0].timeSteps, result.rows[result.rows.count - 1].timeSteps))
      }
    }
    let chart = FrameFile(
      MethodChart(comparison: result), width: 140, height: 36,
      title: "asf-tui bench methods — \(arch.rawValue), batch \(batchSize)")
    try chart.write(to: folder + "/methods.svg")
    try chart.write(to: folder + "/methods.txt")
    print("wrote \(folder)/\(MethodComparison.fileName), methods.svg and methods.txt")
  }

  /// Runs this executable again in memory-measuring mode and reads its peak.
  private func childPeak(method: TrainingMethod, steps: Int, batchSize: Int) throws -> Double? {
    var arguments = timing.memoryArguments(
      command: "methods", method: method, steps: steps, batchSize: batchSize)
    if let slttSteps { arguments += ["--sltt-steps", "\(slttSteps)"] }
    return try childPeakMiB(arguments: arguments)
  }
}
