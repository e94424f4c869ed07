// Figure 3's measurements: ASF-BP and BPTT train the same network on identical batches,
// alternating batch by batch so that both see the same machine load; the median seconds per
// batch of each. Peak memory is measured by the caller in separate processes (one per
// method and T), each of which runs `trainAlone` and reads its own high-water mark.

import Datasets
import Foundation
import SpikingCore
import Workbench

/// Errors of the speed benchmark.
public enum BenchmarkError: Error, CustomStringConvertible, Equatable {
  case unknownArchitecture(String)
  case tooLittleData(samples: Int, batch: Int)

  public var description: String {
    switch self {
    case .unknownArchitecture(let name):
      "Unknown architecture '\(name)': use 'lenet' or 'vgg7'."
    case .tooLittleData(let samples, let batch):
      "The training data has \(samples) samples, fewer than one batch of \(batch)."
    }
  }
}

/// Times ASF-BP against BPTT.
public enum SpeedBenchmark {
  /// The preset that describes an architecture's benchmark: LeNet is the Figure 3 preset
  /// itself (MNIST, or the built-in digits when MNIST is missing), VGG7 the CIFAR-10 preset.
  /// `note` says when the data was swapped.
  public static func preset(architecture: String, dataDirectory: String?) throws -> (
    preset: Preset, note: String?
  ) {
    switch architecture {
    case "lenet":
      var preset = try PresetLibrary.load("fig3-training-time")
      if preset.dataset == .mnist,
        (try? DataLocator(dataDirectory: dataDirectory).mnistDirectory()) == nil
      {
        try preset.apply(["dataset": "digits"], source: "bench asf-vs-bptt")
        return (preset, "MNIST not found: timing on the built-in digits (same 28×28 shape)")
      }
      return (preset, nil)
    case "vgg7":
      return (try PresetLibrary.load("cifar10-vgg7-if"), nil)
    default:
      throw BenchmarkError.unknownArchitecture(architecture)
    }
  }

  /// Loads only what a few batches need (`batches` × `batchSize` training samples).
  public static func data(
    for preset: Preset, batchSize: Int, batches: Int, dataDirectory: String?
  ) throws -> DataSplits {
    var limited = preset
    try limited.apply(
      ["train-limit": batchSize * batches, "test-limit": 1], source: "bench asf-vs-bptt")
    let data = try DataSplits.load(for: limited, dataDirectory: dataDirectory)
    guard data.train.count >= batchSize else {
      throw BenchmarkError.tooLittleData(samples: data.train.count, batch: batchSize)
    }
    return data
  }

  /// The i-th benchmark batch: fixed indices and a fixed input seed, the same for both methods.
  static func batch(
    _ i: Int, data: DataSplits, batchSize: Int, into buffer: inout [Float]
  ) throws -> [Int] {
    let count = data.train.count / batchSize
    let indices = Array(((i % count) * batchSize)..<((i % count + 1) * batchSize))
    try data.gather(
      .train, indices, into: &buffer, streams: .training(seed: 1, epoch: i, indices: indices))
    let labels = data.train.labels
    return indices.map { Int(labels[$0]) }
  }

  /// Trains two copies of the preset's network at time window `timeSteps`, one with each
  /// method, on the same batches: one warm-up batch each, then `repeats` timed batches each,
  /// alternating which method goes first. Returns the median seconds per batch of each.
  public static func medianSeconds(
    preset: Preset, data: DataSplits, timeSteps: Int, batchSize: Int, repeats: Int
  ) throws -> (asf: Double, bptt: Double) {
    let seconds = try medianSeconds(
      methods: [.asfBP, .bptt], preset: preset, data: data, timeSteps: timeSteps,
      batchSize: batchSize, repeats: repeats)
    return (seconds[0], seconds[1])
  }

  /// Trains one copy of the preset's network per method at time window `timeSteps`, on the
  /// same batches: one warm-up batch each, then `repeats` timed batches each, the order of the
  /// methods turning by one each batch. Returns the median seconds per batch of each method.
  public static func medianSeconds(
    methods: [TrainingMethod], preset: Preset, data: DataSplits, timeSteps: Int,
    batchSize: Int, repeats: Int, slttSteps: Int? = nil
  ) throws -> [Double] {
    var setup = preset
    try setup.apply(["time-steps": timeSteps], source: "bench")
    let network = try TrainingRun.network(for: setup, data: data)
    var settings = TrainingRun.trainerSettings(for: setup, data: data)
    settings.slttSteps = slttSteps
    let trainers = methods.map { makeTrainer(method: $0, network: network, settings: settings) }
    var times = [[Double]](repeating: [], count: methods.count)
    var buffer: [Float] = []
    for r in 0...repeats {
      let labels = try batch(r, data: data, batchSize: batchSize, into: &buffer)
      for k in methods.indices {
        let m = (k + r) % methods.count
        let start = Date()
        _ = trainers[m].trainBatch(
          images: buffer, labels: labels, seed: UInt64(r), updateScaleFactors: true,
          recordRaster: false)
        if r > 0 { times[m].append(Date().timeIntervalSince(start)) }
      }
    }
    return times.map(median)
  }

  /// Trains `batches` batches with one method only (for a process that measures its peak
  /// memory).
  public static func trainAlone(
    method: TrainingMethod, preset: Preset, data: DataSplits, timeSteps: Int, batchSize: Int,
    batches: Int, slttSteps: Int? = nil
  ) throws {
    var setup = preset
    try setup.apply(["time-steps": timeSteps], source: "bench")
    var settings = TrainingRun.trainerSettings(for: setup, data: data)
    settings.slttSteps = slttSteps
    let trainer = makeTrainer(
      method: method, network: try TrainingRun.network(for: setup, data: data),
      settings: settings)
    var buffer: [Float] = []
    for i in 0..<batches {
      let labels = try batch(i, data: data, batchSize: batchSize, into: &buffer)
      _ = trainer.trainBatch(
        images: buffer, labels: labels, seed: UInt64(i), updateScaleFactors: true,
        recordRaster: false)
    }
  }

  static func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    guard !sorted.isEmpty else { return .nan }
    let mid = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
  }
}

/// The resident-memory high-water mark of this process (Linux /proc).
public enum PeakMemory {
  /// Resets the high-water mark to the current resident size (so that loading data, which
  /// both methods share, does not count its transient peak). Returns false if unsupported.
  @discardableResult
  public static func reset() -> Bool {
    guard let handle = FileHandle(forWritingAtPath: "/proc/self/clear_refs") else { return false }
    defer { try? handle.close() }
    do {
      try handle.write(contentsOf: Data("5".utf8))
      return true
    } catch {
      return false
    }
  }

  /// VmHWM of /proc/self/status in MiB, or nil where it cannot be read.
  public static func peakMiB() -> Double? {
    guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else {
      return nil
    }
    for line in text.split(separator: "\n") where line.hasPrefix("VmHWM:") {
      let fields = line.split(separator: " ", omittingEmptySubsequences: true)
      if fields.count >= 2, let kib = Double(fields[1]) { return kib / 1024 }
    }
    return nil
  }
}
