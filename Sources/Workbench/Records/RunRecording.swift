// A run folder read back for replay: the per-batch lines of metrics.jsonl (loss, accuracy,
// scale factors, spike rates, T, Vth), the per-epoch lines (test accuracy), and the sample
// lines written every few batches (FI/FO histograms and one sample's spike rasters).

import Datasets
import Foundation
import SpikingCore

/// A recorded run, as a list of snapshots to step through.
public struct RunRecording: Sendable {
  public let preset: Preset
  public let folder: String
  /// Snapshots in order: one per recorded batch, or every stride-th batch (and the last)
  /// when the run has more than `maximumFrames` batches.
  public let frames: [SessionSnapshot]
  /// The most snapshots a recording keeps in memory.
  public static let maximumFrames = 2000
  /// What was wrong with the lines that could not be read (each was skipped); nil when all
  /// were read.
  public let warning: String?
  /// How many lines of metrics.jsonl could not be read and were skipped.
  public let skippedLines: Int

  /// The metrics file of the run in `folder`: metrics.jsonl, else metrics.jsonl.gz (a
  /// recording compressed to ship); nil when it has neither.
  public static func metricsPath(in folder: String) -> String? {
    [folder + "/metrics.jsonl", folder + "/metrics.jsonl.gz"].first {
      FileManager.default.isReadableFile(atPath: $0)
    }
  }

  /// Throws `WorkbenchError.notARunFolder` unless `folder` has metrics.jsonl (or
  /// metrics.jsonl.gz) and preset.yaml (without reading them).
  public static func checkFolder(_ folder: String) throws {
    guard metricsPath(in: folder) != nil,
      FileManager.default.isReadableFile(atPath: folder + "/preset.yaml")
    else { throw WorkbenchError.notARunFolder(path: folder) }
  }

  /// Reads `folder`/preset.yaml and `folder`/metrics.jsonl (or metrics.jsonl.gz), line by
  /// line: memory holds the snapshots kept, not the file (a gzip bomb or an endless line is
  /// refused, see `LineReader`). `progress` is told the share read every 1 %; returning
  /// false stops the reading (CancellationError).
  public init(folder: String, progress: (Double) -> Bool = { _ in true }) throws {
    let presetPath = folder + "/preset.yaml"
    guard let metricsPath = Self.metricsPath(in: folder),
      let presetData = FileManager.default.contents(atPath: presetPath)
    else { throw WorkbenchError.notARunFolder(path: folder) }
    let preset = try Preset(yaml: String(decoding: presetData, as: UTF8.self), source: presetPath)
    try self.init(
      source: .file(metricsPath), preset: preset, folder: folder, progress: progress)
  }

  /// A recording of the metrics.jsonl bytes `metrics` of a run of `preset` (`folder` names
  /// it in messages).
  public init(
    metrics: Data, preset: Preset, folder: String, progress: (Double) -> Bool = { _ in true }
  ) throws {
    try self.init(source: .bytes(metrics), preset: preset, folder: folder, progress: progress)
  }

  /// Two passes over the lines: the first counts the batches (for the stride that keeps at
  /// most `maximumFrames` snapshots), the second builds the snapshots.
  init(
    source: MetricsSource, preset: Preset, folder: String, progress: (Double) -> Bool
  ) throws {
    let metricsPath: String
    if case .file(let path) = source {
      metricsPath = path
    } else {
      metricsPath = folder + "/metrics.jsonl"
    }
    self.preset = preset
    self.folder = folder
    var shown = -1
    func report(_ share: Double) throws {
      let percent = Int(share * 100)
      guard percent != shown else { return }
      shown = percent
      if !progress(share) { throw CancellationError() }
    }
    // A long run keeps at most `maximumFrames` snapshots (every stride-th batch and the last);
    // the curves still hold every batch, since each snapshot carries the whole history.
    // The encoder writes the keys in any order: look for the type anywhere in the line.
    let batchType = Data("\"type\":\"batch\"".utf8)
    var batchCount = 0
    try source.forEachLine { line, _, fraction in
      if line.firstRange(of: batchType) != nil { batchCount += 1 }
      try report(fraction * 0.3)
    }
    var builder = SnapshotBuilder(preset: preset)
    var frames: [SessionSnapshot] = []
    var skipped = 0
    var firstDamage: WorkbenchError?
    // Room for the last batch too, which is kept whatever the stride.
    let stride = max(1, (batchCount + Self.maximumFrames - 2) / (Self.maximumFrames - 1))
    var lastIsCurrent = false
    try source.forEachLine { raw, number, fraction in
      try report(0.3 + fraction * 0.7)
      guard !raw.isEmpty else { return }
      do {
        switch try builder.apply(Data(raw)) {
        case .batch?:
          let done = builder.snapshot.batchesDone
          lastIsCurrent = (done - 1) % stride == 0 || done == batchCount
          if lastIsCurrent { frames.append(builder.snapshot) }
        case .epoch?, .sample?:
          if lastIsCurrent { frames[frames.count - 1] = builder.snapshot }
        case .state?, nil:
          return
        }
      } catch {
        skipped += 1
        if firstDamage == nil {
          firstDamage = .damagedRecording(
            path: metricsPath, line: number, reason: Self.reason(error))
        }
      }
    }
    guard !frames.isEmpty else { throw WorkbenchError.emptyRecording(path: metricsPath) }
    for i in frames.indices { frames[i].batchesPerEpoch = builder.batchesPerEpoch }
    self.frames = frames
    skippedLines = skipped
    warning = firstDamage.map { first in
      skipped == 1
        ? "\(first.description) It was skipped; every other line is replayed."
        : "\(first.description) It and \(skipped - 1) more damaged line\(skipped == 2 ? "" : "s") were skipped; every other line is replayed."
    }
  }

  /// Why a line could not be read, in a few words (not the decoder's dump).
  static func reason(_ error: any Error) -> String {
    switch error {
    case DecodingError.dataCorrupted, DecodingError.typeMismatch, DecodingError.valueNotFound,
      DecodingError.keyNotFound:
      "it is not a whole record (cut short or edited)"
    default: plainReason(error)
    }
  }

  /// Statistics of a batch line, with the histograms and rasters of the latest sample line.
  static func statistics(
    line: BatchRecord, sample: SampleRecord?, rasters: [SpikeRaster], batchSize: Int
  )
    -> BatchStatistics
  {
    func value<T>(_ list: [T?]?, _ i: Int) -> T? {
      guard let list, list.indices.contains(i) else { return nil }
      return list[i]
    }
    let layers = line.scale.indices.map { i in
      let recorded = sample.flatMap { $0.layers.indices.contains(i) ? $0.layers[i] : nil }
      var layer = LayerStatistics(
        name: recorded?.name ?? "layer \(i + 1)", neuronCount: recorded?.neurons ?? 0,
        threshold: line.vth.indices.contains(i) ? line.vth[i] ?? 0 : 0,
        scaleFactor: line.scale[i] ?? 1,
        spikeRate: line.spikeRate.indices.contains(i) ? line.spikeRate[i] ?? 0 : 0,
        inputFlow: Histogram(lower: -1, upper: 2, counts: recorded?.fi ?? [0]),
        outputFlow: Histogram(lower: 0, upper: 1, counts: recorded?.fo ?? [0]))
      layer.meanInputFlow = value(line.fiMean, i)
      layer.silentShare = value(line.silent, i)
      layer.saturatedShare = value(line.saturated, i)
      layer.synapticOperations = value(line.sops, i)
      return layer
    }
    var statistics = BatchStatistics(
      samples: batchSize, timeSteps: line.timeSteps, loss: line.loss ?? .nan,
      accuracy: line.accuracy ?? 0, inputSpikeRate: sample?.inputRate ?? 0, layers: layers,
      rasters: rasters)
    statistics.outputSynapticOperations = line.outputSops
    statistics.gradientAgreement = line.cosBPTT
    return statistics
  }

  static func merge(
    _ stats: BatchStatistics, sample: SampleRecord, rasters: [SpikeRaster]
  ) -> BatchStatistics {
    let layers = stats.layers.enumerated().map { i, layer in
      let recorded = sample.layers.indices.contains(i) ? sample.layers[i] : nil
      var merged = LayerStatistics(
        name: recorded?.name ?? layer.name, neuronCount: recorded?.neurons ?? layer.neuronCount,
        threshold: layer.threshold, scaleFactor: layer.scaleFactor, spikeRate: layer.spikeRate,
        inputFlow: Histogram(lower: -1, upper: 2, counts: recorded?.fi ?? layer.inputFlow.counts),
        outputFlow: Histogram(lower: 0, upper: 1, counts: recorded?.fo ?? layer.outputFlow.counts))
      merged.meanInputFlow = layer.meanInputFlow
      merged.silentShare = layer.silentShare
      merged.saturatedShare = layer.saturatedShare
      merged.synapticOperations = layer.synapticOperations
      return merged
    }
    var merged = BatchStatistics(
      samples: stats.samples, timeSteps: stats.timeSteps, loss: stats.loss,
      accuracy: stats.accuracy, inputSpikeRate: sample.inputRate, layers: layers,
      rasters: rasters)
    merged.outputSynapticOperations = stats.outputSynapticOperations
    return merged
  }
}

/// Where a recording's lines come from: a file (plain or gzip, read a chunk at a time) or
/// bytes in memory.
enum MetricsSource {
  case file(String)
  case bytes(Data)

  /// Calls `body` with each line, its number from 1 and the share of the source read.
  func forEachLine(_ body: (_ line: Data, _ number: Int, _ fraction: Double) throws -> Void)
    throws
  {
    switch self {
    case .file(let path):
      do {
        let reader = try LineReader(path: path)
        while let line = try reader.next(skippingEmpty: true) {
          try body(Data(line), reader.lineNumber, reader.fraction)
        }
      } catch let error as DatasetError {
        throw WorkbenchError.unreadableRecording(path: path, reason: plainReason(error))
      }
    case .bytes(let metrics):
      var number = 0
      var start = metrics.startIndex
      while start < metrics.endIndex {
        let end = metrics[start...].firstIndex(of: UInt8(ascii: "\n")) ?? metrics.endIndex
        number += 1
        try body(
          metrics[start..<end], number,
          Double(end - metrics.startIndex) / Double(max(1, metrics.count)))
        start = end + 1
      }
    }
  }
}
