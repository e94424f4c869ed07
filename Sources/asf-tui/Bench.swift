// `asf-tui bench`: benchmarks (measurements, not tests).

import ArgumentParser
import Benchmarks
import Datasets
import Foundation
import SpikingCore
import TerminalKit
import Workbench
import WorkbenchUI

struct Bench: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract:
      "Benchmarks: training throughput against the dense roofline; ASF-BP against BPTT; every training method against BPTT; the cost of the UI; the PyTorch backend on a GPU or the CPU.",
    subcommands: [
      BenchTrain.self, BenchUI.self, BenchSpeed.self, BenchMethods.self, BenchTorch.self,
    ])
}

struct BenchTrain: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "train",
    abstract:
      "LeNet training throughput (samples/s) and, in the same process, sgemm GFLOP/s and the dense roofline."
  )

  @Option(name: .customLong("T"), parsing: .unconditional, help: "Time window.")
  var timeSteps = 100

  @Option(parsing: .unconditional, help: "Batch size.")
  var batch = 64

  @Option(parsing: .unconditional, help: "Timed batches (after one warm-up batch).")
  var batches = 5

  @Option(help: "Neuron model: if or lif.")
  var neuron = Choice(NeuronModel.integrateAndFire)

  @Option(help: "Input data: mnist (if found), digits, or auto (mnist when present, else digits).")
  var data = BenchData.auto

  @Option(help: "Folder with the data sets (else $ASF_DATA_DIR, else ../shared/datasets).")
  var dataDir: String?

  @Option(parsing: .unconditional, help: "Worker threads (default: one per core).")
  var workers: Int?

  @Flag(help: "Also train with one worker and print the speed-up of all the workers over it.")
  var scaling = false

  @Option(
    help:
      "The forward's instruction set: portable, sse2, avx2 or avx512 (default: the best, AVX-512 only where it measured faster)."
  )
  var kernels: KernelChoice?

  func validate() throws {
    if let workers, !(1...256).contains(workers) {
      throw ValidationError("--workers must be from 1 to 256, not \(workers).")
    }
    guard Limits.timeSteps.contains(timeSteps) else {
      throw ValidationError("--T must be from 1 to 10000, not \(timeSteps).")
    }
    guard batch >= 1, batch <= 4096 else {
      throw ValidationError("--batch must be from 1 to 4096.")
    }
    guard batches >= 1 else { throw ValidationError("--batches must be at least 1.") }
  }

  func run() throws {
    try reportingErrors {
      try kernels?.apply()
      let images: ImageDataset
      let locator = DataLocator(dataDirectory: dataDir)
      if data == .digits || (data == .auto && (try? locator.mnistDirectory()) == nil) {
        images = SyntheticDigits.standardSplits(seed: 1).train
      } else {
        images = try MNIST.load(directory: try locator.mnistDirectory(), split: .train)
      }
      let result = try TrainingBenchmark.run(
        data: images, timeSteps: timeSteps, batchSize: batch, batches: batches,
        neuron: neuron.value, workers: workers)
      let rates = result.spikeRates.map { "\($0.name) \(String(format: "%.1f", $0.rate * 100)) %" }
      print(
        "bench train: LeNet, \(neuron.value.rawValue.uppercased()), T=\(timeSteps), batch \(batch), \(batches) batches on \(result.dataName), \(workers ?? ProcessInfo.processInfo.activeProcessorCount) workers, \(SpikeKernels.name) kernels"
      )
      print("spike rates: " + rates.joined(separator: ", "))
      print(
        String(
          format:
            "training: %.1f samples/s (spiking forward %.0f %%, equivalent network + Adam %.0f %%)",
          result.samplesPerSecond,
          100 * result.spikingSeconds / (result.spikingSeconds + result.equivalentSeconds),
          100 * result.equivalentSeconds / (result.spikingSeconds + result.equivalentSeconds)))
      print(
        String(
          format: "sgemm: %.1f GFLOP/s; dense forward %.2f GFLOP/sample -> roofline %.1f samples/s",
          result.gemmGFLOPS, result.denseFLOPsPerSample / 1e9, result.rooflineSamplesPerSecond))
      print(
        String(
          format: "ratio to the dense roofline: %.2fx",
          result.samplesPerSecond / result.rooflineSamplesPerSecond))
      print(
        String(
          format:
            "inference: %.1f samples/s (spiking forward and output layer), %.2fx the dense roofline",
          result.inferenceSamplesPerSecond,
          result.inferenceSamplesPerSecond / result.rooflineSamplesPerSecond))
      if scaling {
        let one = try TrainingBenchmark.run(
          data: images, timeSteps: timeSteps, batchSize: batch, batches: batches,
          neuron: neuron.value, workers: 1)
        let all = workers ?? ProcessInfo.processInfo.activeProcessorCount
        print(
          String(
            format: "scaling: 1 worker %.1f samples/s, %d workers %.1f samples/s: %.2fx",
            one.samplesPerSecond, all, result.samplesPerSecond,
            result.samplesPerSecond / one.samplesPerSecond))
      }
    }
  }
}

struct BenchUI: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "ui",
    abstract: "Frame render time at 200×60 and training throughput with and without the UI drawing."
  )

  @Option(parsing: .unconditional, help: "Batches per measured turn.")
  var batches = 30

  @Option(parsing: .unconditional, help: "Turns of each kind (alone, with UI), alternated.")
  var rounds = 3

  @Option(name: .customLong("T"), parsing: .unconditional, help: "Time window of the training.")
  var timeSteps = 30

  func validate() throws {
    guard batches >= 1, rounds >= 1 else {
      throw ValidationError("--batches and --rounds must be at least 1.")
    }
    guard Limits.timeSteps.contains(timeSteps) else {
      throw ValidationError("--T must be from 1 to 10000, not \(timeSteps).")
    }
  }

  func run() throws {
    try reportingErrors {
      var preset = try PresetLibrary.load(PresetLibrary.defaultName)
      try preset.apply(["time-steps": timeSteps], source: "bench ui")
      let result = try UIBenchmark.run(
        preset: preset, dataDirectory: nil, batches: batches, rounds: rounds)
      print("bench ui: \(preset.name), T=\(timeSteps), \(rounds)×\(batches) batches per kind")
      print(
        String(
          format: "frame at 200x60: median %.2f ms, 90th percentile %.2f ms (goal <= 5 ms)",
          result.frameMilliseconds, result.frameMilliseconds90))
      print(
        String(
          format: "training: %.1f samples/s alone, %.1f samples/s with the UI drawing (%d frames)",
          result.samplesPerSecondAlone, result.samplesPerSecondWithUI, result.framesDrawn))
      print(String(format: "ratio with/without UI: %.3f (goal >= 0.95)", result.ratio))
    }
  }
}
