// The lines of a run's metrics.jsonl, written and read back by the same Codable types: a
// "batch" line after every batch, a "sample" line every few batches (histograms and rasters,
// see SampleRecord) and an "epoch" line after every epoch. Non-finite numbers are written as
// null.

import Foundation

/// A "batch" line: the values of one trained batch.
public struct BatchRecord: Codable, Sendable, Equatable {
  var type = "batch"
  public var epoch: Int
  public var batch: Int
  public var loss: Float?
  public var accuracy: Float?
  public var lr: Float?
  public var timeSteps: Int
  public var samplesPerSecond: Double?
  /// Per hidden layer.
  public var scale: [Float?]
  public var spikeRate: [Float?]
  public var vth: [Float?]

  enum CodingKeys: String, CodingKey {
    case type, epoch, batch, loss, accuracy, lr, scale, vth
    case timeSteps = "T"
    case samplesPerSecond = "samples_per_s"
    case spikeRate = "spike_rate"
  }

  init(_ p: BatchProgress) {
    let s = p.statistics
    epoch = p.epoch
    batch = p.batch
    loss = finite(s.loss)
    accuracy = finite(s.accuracy)
    lr = finite(p.learningRate)
    timeSteps = s.timeSteps
    samplesPerSecond = p.samplesPerSecond.isFinite ? p.samplesPerSecond : nil
    scale = s.layers.map { finite($0.scaleFactor) }
    spikeRate = s.layers.map { finite($0.spikeRate) }
    vth = s.layers.map { finite($0.threshold) }
  }
}

/// An "epoch" line: the results of one epoch.
public struct EpochRecord: Codable, Sendable, Equatable {
  var type = "epoch"
  public var epoch: Int
  public var trainAccuracy: Double?
  public var trainLoss: Double?
  public var testAccuracy: Double?
  public var trainSeconds: Double?
  public var testSeconds: Double?
  /// Scale factors after the epoch (older recordings may lack them).
  public var scale: [Float?]?

  enum CodingKeys: String, CodingKey {
    case type, epoch, scale
    case trainAccuracy = "train_accuracy"
    case trainLoss = "train_loss"
    case testAccuracy = "test_accuracy"
    case trainSeconds = "train_seconds"
    case testSeconds = "test_seconds"
  }

  init(_ r: EpochResult) {
    epoch = r.epoch
    trainAccuracy = finite(r.trainAccuracy)
    trainLoss = finite(r.trainLoss)
    testAccuracy = finite(r.testAccuracy)
    trainSeconds = finite(r.trainSeconds)
    testSeconds = finite(r.testSeconds)
    scale = r.scaleFactors.map { finite($0) }
  }
}

/// One line of metrics.jsonl.
public enum MetricsRecord: Sendable {
  case batch(BatchRecord)
  case epoch(EpochRecord)
  case sample(SampleRecord)

  private struct TypeProbe: Decodable { var type: String }

  /// Reads one line; nil for a line of a type this version does not know (skipped).
  public init?(jsonLine data: Data) throws {
    let decoder = JSONDecoder()
    switch try decoder.decode(TypeProbe.self, from: data).type {
    case "batch": self = .batch(try decoder.decode(BatchRecord.self, from: data))
    case "epoch": self = .epoch(try decoder.decode(EpochRecord.self, from: data))
    case "sample": self = .sample(try decoder.decode(SampleRecord.self, from: data))
    default: return nil
    }
  }

  /// The line, without its newline.
  public func jsonLine() throws -> Data {
    let encoder = JSONEncoder()
    switch self {
    case .batch(let record): return try encoder.encode(record)
    case .epoch(let record): return try encoder.encode(record)
    case .sample(let record): return try encoder.encode(record)
    }
  }
}

private func finite<T: BinaryFloatingPoint>(_ x: T) -> T? { x.isFinite ? x : nil }
