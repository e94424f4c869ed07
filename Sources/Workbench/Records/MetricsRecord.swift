// The lines of a run's metrics.jsonl, written and read back by the same Codable types: a
// "batch" line after every batch, a "sample" line every few batches (histograms and rasters,
// see SampleRecord) and an "epoch" line after every epoch. Non-finite numbers are written as
// null.

import Foundation
import SpikingCore

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
  /// Per hidden layer: mean FI/(T·Vth), the shares of silent and saturated neurons, and the
  /// synaptic operations per sample into the layer; then those into the output layer.
  /// Recordings from before these fields lack them.
  public var fiMean: [Float?]?
  public var silent: [Float?]?
  public var saturated: [Float?]?
  public var sops: [Double?]?
  public var outputSops: Double?
  /// ASF-BP's switches in force (issue 17); recordings from before them lack these.
  public var scaleMode: String?
  public var smoothing: Float?
  public var mask: Bool?
  public var reset: String?
  public var spikeRule: String?
  /// The gradient check of this batch (preset key gradient-check), per runtime layer:
  /// cos(∇_method, ∇_BPTT), null for layers without weights; absent on other batches.
  public var cosBPTT: [Float?]?

  enum CodingKeys: String, CodingKey {
    case type, epoch, batch, loss, accuracy, lr, scale, vth, silent, saturated, sops
    case timeSteps = "T"
    case samplesPerSecond = "samples_per_s"
    case spikeRate = "spike_rate"
    case fiMean = "fi_mean"
    case outputSops = "sops_output"
    case scaleMode = "scale_mode"
    case smoothing, mask, reset
    case spikeRule = "spike_rule"
    case cosBPTT = "cos_bptt"
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
    fiMean = s.layers.map { $0.meanInputFlow.flatMap(finite) }
    silent = s.layers.map { $0.silentShare.flatMap(finite) }
    saturated = s.layers.map { $0.saturatedShare.flatMap(finite) }
    sops = s.layers.map { $0.synapticOperations.flatMap(finite) }
    outputSops = s.outputSynapticOperations.flatMap(finite)
    scaleMode = p.switches.scaleMode.rawValue
    smoothing = p.switches.smoothing
    mask = p.switches.mask
    reset = p.switches.reset.rawValue
    spikeRule = p.switches.spikeRule.rawValue
    cosBPTT = s.gradientAgreement.map { $0.map { $0.flatMap(finite) } }
  }
}

extension BatchRecord {
  /// The switches the line records (the paper's where an older recording says nothing).
  public var switches: EngineSwitches {
    var switches = EngineSwitches()
    if let mode = scaleMode.flatMap(EngineSwitches.ScaleMode.init) { switches.scaleMode = mode }
    if let smoothing { switches.smoothing = smoothing }
    if let mask { switches.mask = mask }
    if let reset = reset.flatMap(ResetMode.init) { switches.reset = reset }
    if let rule = spikeRule.flatMap(EngineSwitches.SpikeRule.init) { switches.spikeRule = rule }
    return switches
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
  /// The latency curve after the epoch: T, accuracy and SOPs per inference at each window.
  public var latency: [LatencyRecord]?

  /// One point of the latency curve.
  public struct LatencyRecord: Codable, Sendable, Equatable {
    public var timeSteps: Int
    public var accuracy: Double?
    public var sops: Double?

    enum CodingKeys: String, CodingKey {
      case accuracy, sops
      case timeSteps = "T"
    }
  }

  enum CodingKeys: String, CodingKey {
    case type, epoch, scale, latency
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
    latency =
      r.latency.isEmpty
      ? nil
      : r.latency.map {
        LatencyRecord(
          timeSteps: $0.timeSteps, accuracy: finite($0.accuracy),
          sops: finite($0.synapticOperations))
      }
  }
}

/// One line of metrics.jsonl.
public enum MetricsRecord: Sendable {
  case batch(BatchRecord)
  case epoch(EpochRecord)
  case sample(SampleRecord)
  /// The PyTorch backend's state and notice lines (a field of the wrong kind reads as absent).
  case state(StateRecord)

  private struct TypeProbe: Decodable { var type: String }

  /// Reads one line; nil for a line of a type this version does not know (skipped).
  public init?(jsonLine data: Data) throws {
    let decoder = JSONDecoder()
    switch try decoder.decode(TypeProbe.self, from: data).type {
    case "batch":
      let record = try decoder.decode(BatchRecord.self, from: data)
      try record.check()
      self = .batch(record)
    case "epoch": self = .epoch(try decoder.decode(EpochRecord.self, from: data))
    case "sample":
      let record = try decoder.decode(SampleRecord.self, from: data)
      try record.check()
      self = .sample(record)
    case let type where type == "state" || type == "notice":
      self = .state((try? decoder.decode(StateRecord.self, from: data)) ?? StateRecord(type: type))
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
    case .state(let record): return try encoder.encode(record)
    }
  }
}

private func finite<T: BinaryFloatingPoint>(_ x: T) -> T? { x.isFinite ? x : nil }

/// A record whose fields parse but cannot be true (a negative batch, a raster of 10^12 steps).
struct ImplausibleRecord: Error, CustomStringConvertible {
  let description: String
}

/// The most layers, histogram bins and neurons a recorded line may claim.
private let recordLimit = 1 << 40

extension BatchRecord {
  /// Throws unless the counters and the per-layer lists are possible.
  func check() throws {
    guard (0...recordLimit).contains(epoch), (0...recordLimit).contains(batch) else {
      throw ImplausibleRecord(description: "epoch \(epoch) or batch \(batch) is impossible")
    }
    guard Limits.timeSteps.contains(timeSteps) else {
      throw ImplausibleRecord(description: "T = \(timeSteps) is outside 1…10000")
    }
  }
}

extension SampleRecord {
  /// Throws unless the histograms and rasters are of sizes a run can write.
  func check() throws {
    guard (0...recordLimit).contains(epoch), (0...recordLimit).contains(batch) else {
      throw ImplausibleRecord(description: "epoch \(epoch) or batch \(batch) is impossible")
    }
    for layer in layers {
      guard layer.fi.count <= 1024, layer.fo.count <= 1024,
        (layer.fi + layer.fo).allSatisfy({ $0 >= 0 })
      else {
        throw ImplausibleRecord(description: "the histograms of \(layer.name) are impossible")
      }
    }
    for raster in rasters {
      guard Limits.timeSteps.contains(raster.steps), (0...recordLimit).contains(raster.total)
      else {
        throw ImplausibleRecord(
          description:
            "the raster of \(raster.name) has \(raster.total) neurons × \(raster.steps) steps")
      }
    }
  }
}
