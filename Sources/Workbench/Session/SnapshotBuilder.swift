// Builds the snapshots of a recorded run from the lines of its metrics.jsonl, one line at a
// time: the batch lines move the curves and the last batch's statistics, the sample lines
// bring histograms and rasters, the epoch lines the test accuracy and latency curve, and the
// state lines (written by the PyTorch backend) say whether the run trains, waits or ended.
// RunRecording reads a whole file with it; FollowSession a file that is still growing.

import Foundation
import SpikingCore

/// The snapshot of a run as far as its lines have been read.
public struct SnapshotBuilder: Sendable {
  public let preset: Preset
  public private(set) var snapshot: SessionSnapshot
  /// The most batches an epoch has had so far.
  public private(set) var batchesPerEpoch = 0
  /// The run's own word on its state ("running", "paused", "finished", "stopped"), from its
  /// latest state line; nil when it writes none (the Swift engine).
  public private(set) var reportedState: String?
  /// Where the run stopped, when its latest state line says "stopped".
  public private(set) var stoppedAt: SessionState?
  private var lastSample: SampleRecord?
  /// The latest sample line's rasters, decoded once (not again for every batch line).
  private var lastRasters: [SpikeRaster] = []

  /// What a line was.
  public enum Kind: Sendable, Equatable { case batch, epoch, sample, state }

  public init(preset: Preset) {
    self.preset = preset
    var snapshot = SessionSnapshot(presetName: preset.name)
    snapshot.state = .paused
    snapshot.source = .replay(speed: 0, position: 0, length: 0)
    snapshot.epochs = preset.epochs
    snapshot.neuronModel = preset.neuron.rawValue.uppercased()
    if preset.method != .asfBP { snapshot.neuronModel += " · " + preset.method.title }
    snapshot.datasetName = preset.dataset.rawValue
    self.snapshot = snapshot
  }

  /// Applies one line; returns what it was (nil for a type this version does not know).
  /// - Throws: when the line is damaged (not a whole record of its type).
  @discardableResult
  public mutating func apply(_ data: Data) throws -> Kind? {
    switch try MetricsRecord(jsonLine: data) {
    case .state(let line):
      if let reported = line.state {
        reportedState = reported
        stoppedAt =
          reported == "stopped"
          ? .stopped(
            epoch: line.epoch ?? snapshot.epoch, batch: line.batch ?? snapshot.batch,
            inTest: line.phase == "test") : nil
      }
      if let batches = line.batches {
        batchesPerEpoch = max(batchesPerEpoch, batches)
        snapshot.batchesPerEpoch = batchesPerEpoch
      }
      if line.type == "notice", let text = line.text {
        if line.change == true {
          snapshot.recordChange(text)
        } else {
          snapshot.message = text
          snapshot.notices.append(text)
        }
      }
      return .state
    case .batch(let line):
      batchesPerEpoch = max(batchesPerEpoch, line.batch + 1)
      snapshot.batchesPerEpoch = batchesPerEpoch
      snapshot.epoch = line.epoch
      snapshot.batch = line.batch + 1
      snapshot.timeSteps = line.timeSteps
      snapshot.learningRate = line.lr ?? 0
      snapshot.samplesPerSecond = line.samplesPerSecond ?? 0
      snapshot.switches = line.switches
      snapshot.thresholds = line.vth.map { $0 ?? 0 } + [line.vth.last.flatMap { $0 } ?? 1]
      let loss = line.loss ?? .nan
      snapshot.loss.append(loss / Float(max(1, preset.batchSize)))
      snapshot.accuracy.append(line.accuracy ?? 0)
      let factors = line.scale.map { $0 ?? 1 }
      if snapshot.scaleFactors.count != factors.count {
        snapshot.scaleFactors = factors.map { _ in DecimatedSeries() }
      }
      for (i, s) in factors.enumerated() { snapshot.scaleFactors[i].append(s) }
      snapshot.last = RunRecording.statistics(
        line: line, sample: lastSample, rasters: lastRasters, batchSize: preset.batchSize)
      snapshot.layerNames = snapshot.last?.layers.map(\.name) ?? []
      if let measured = line.cosBPTT, let layers = try? Network.layers(of: preset.network) {
        snapshot.recordAgreement(measured, layers: layers)
      }
      snapshot.batchesDone += 1
      return .batch
    case .epoch(let line):
      snapshot.testAccuracy.append(line.testAccuracy ?? 0)
      if let curve = line.latency, !curve.isEmpty {
        snapshot.latency = curve.map {
          InferencePoint(
            timeSteps: max(1, $0.timeSteps), accuracy: $0.accuracy ?? 0,
            synapticOperations: $0.sops ?? 0, seconds: 0)
        }
      }
      return .epoch
    case .sample(let line):
      lastSample = line
      lastRasters = line.rasters.map(line.raster)
      snapshot.last = snapshot.last.map {
        RunRecording.merge($0, sample: line, rasters: lastRasters)
      }
      return .sample
    case nil:
      return nil
    }
  }
}
