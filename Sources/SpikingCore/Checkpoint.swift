// Checkpoints: weights, scale factors, thresholds, optimiser state, progress and the preset
// that made them, in one versioned file, written atomically (temporary file, then rename).
//
// Format (version 2), little-endian:
//   8 bytes  magic "ASFCKPT\n"
//   4 bytes  UInt32 header length H
//   H bytes  JSON header (`Checkpoint.Header`): version, epoch, batches, network spec,
//            neuron model, T, thresholds, scale factors, Adam step and learning rate, the
//            preset text, and the list of tensors that follow (layer, role, count)
//   then     Float32 data of each tensor in header order: for every layer with weights,
//            its weights, Adam's first moments, Adam's second moments
//   4 bytes  UInt32 CRC-32 (zlib's) of every byte before it.
// Version 1 is the same without the CRC; it is still read. Reading checks the CRC, every
// header value against the limits presets use, and that every tensor value is finite.

import Foundation

/// A saved training state.
public struct Checkpoint: Sendable {
  public static let magic = Array("ASFCKPT\n".utf8)
  public static let version = 2
  /// The versions `read` accepts (1 has no checksum).
  public static let readableVersions = 1...2

  /// The JSON header.
  public struct Header: Codable, Sendable, Equatable {
    public struct Tensor: Codable, Sendable, Equatable {
      public var layer: Int
      public var role: String
      public var count: Int
    }
    public var version: Int
    /// Completed epochs, and batches completed in the current epoch.
    public var epoch: Int
    public var batchesInEpoch: Int
    public var spec: NetworkSpec
    public var neuronModel: NeuronModel
    public var timeSteps: Int
    public var thresholds: [Float]
    public var scaleFactors: [Float]
    public var adamStep: Int
    public var learningRate: Float
    /// The preset (YAML) the run was started from.
    public var preset: String
    public var tensors: [Tensor]
    /// In the checkpoint written at an epoch's end only: that epoch's records, so that a
    /// run killed after the checkpoint but before its records has them written on resume.
    public var epochRecords: EpochRecords? = nil
  }

  /// The records of the epoch a checkpoint ends, as the run folder holds them.
  public struct EpochRecords: Codable, Sendable, Equatable {
    /// The epochs.csv row (no newline); its first field is the epoch's number from 1.
    public var csvRow: String
    /// The metrics.jsonl epoch line, as written (no newline).
    public var metricsLine: String

    public init(csvRow: String, metricsLine: String) {
      self.csvRow = csvRow
      self.metricsLine = metricsLine
    }
  }

  public var header: Header
  public var weights: [[Float]]
  public var firstMoments: [[Float]]
  public var secondMoments: [[Float]]

  /// Captures the state of a trainer.
  public init(
    trainer: any SpikingTrainer, epoch: Int, batchesInEpoch: Int, preset: String,
    epochRecords: EpochRecords? = nil
  ) {
    let network = trainer.network
    let tensors = Self.tensors(of: network.weights)
    header = Header(
      version: Self.version, epoch: epoch, batchesInEpoch: batchesInEpoch, spec: network.spec,
      neuronModel: network.neuronModel, timeSteps: network.timeSteps,
      thresholds: network.thresholds, scaleFactors: network.scaleFactors,
      adamStep: trainer.optimizer.step, learningRate: trainer.optimizer.learningRate,
      preset: preset, tensors: tensors, epochRecords: epochRecords)
    weights = network.weights
    firstMoments = trainer.optimizer.firstMoments
    secondMoments = trainer.optimizer.secondMoments
  }

  /// The tensor list of `weights`: weights, Adam's first and second moments of every layer
  /// that has weights.
  static func tensors(of weights: [[Float]]) -> [Header.Tensor] {
    weights.enumerated().filter { !$0.element.isEmpty }.flatMap { l, w in
      ["weights", "adam-m", "adam-v"].map { Header.Tensor(layer: l, role: $0, count: w.count) }
    }
  }

  /// Reads and validates a checkpoint file (magic, version, header, tensor sizes).
  public static func read(from path: String) throws -> Checkpoint {
    var isFolder: ObjCBool = false
    let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isFolder)
    guard exists, !isFolder.boolValue, let data = FileManager.default.contents(atPath: path) else {
      let reason =
        !exists
        ? "no such file" : isFolder.boolValue ? "it is a folder, not a file" : "permission denied"
      throw EngineError.unreadableCheckpoint(path: path, reason: reason)
    }
    return try decode([UInt8](data), path: path)
  }

  /// Decodes and validates the bytes of a checkpoint file; `path` names it in errors.
  public static func decode(_ bytes: [UInt8], path: String) throws -> Checkpoint {
    guard bytes.count >= 12, Array(bytes[0..<8]) == magic else {
      throw EngineError.notACheckpoint(path: path)
    }
    let length = Int(
      UInt32(bytes[8]) | UInt32(bytes[9]) << 8 | UInt32(bytes[10]) << 16 | UInt32(bytes[11]) << 24)
    guard 12 + length <= bytes.count else {
      throw EngineError.corruptCheckpoint(
        path: path, reason: "header of \(length) bytes but the file has \(bytes.count - 12) more")
    }
    let header: Header
    do {
      header = try JSONDecoder().decode(Header.self, from: Data(bytes[12..<(12 + length)]))
    } catch {
      if let version = try? JSONDecoder().decode(
        VersionOnly.self, from: Data(bytes[12..<(12 + length)])),
        !readableVersions.contains(version.version)
      {
        throw EngineError.unsupportedCheckpointVersion(
          path: path, found: version.version, supported: Self.version)
      }
      throw EngineError.corruptCheckpoint(path: path, reason: "its header cannot be read")
    }
    guard readableVersions.contains(header.version) else {
      throw EngineError.unsupportedCheckpointVersion(
        path: path, found: header.version, supported: Self.version)
    }
    let trailer = header.version >= 2 ? 4 : 0
    guard let payload = Self.payloadBytes(header.tensors) else {
      throw EngineError.corruptCheckpoint(path: path, reason: "its tensor list is impossible")
    }
    let expected = 12 + length + payload + trailer
    guard bytes.count == expected else {
      throw EngineError.corruptCheckpoint(
        path: path,
        reason: bytes.count < expected
          ? "it ends after \(bytes.count) bytes but its header lists \(expected): the file was cut short"
          : "it has \(bytes.count - expected) bytes more than its header lists: it is not one whole checkpoint"
      )
    }
    if trailer > 0 {
      let stored = bytes[(expected - 4)...].reversed().reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
      guard stored == checksum(bytes[..<(expected - 4)]) else {
        throw EngineError.corruptCheckpoint(
          path: path,
          reason:
            "its checksum does not match its contents: some bytes changed after it was written")
      }
    }
    let names = try validate(header, path: path)
    // Runtime layers (flatten layers of the spec have no settings of their own).
    let layerCount = header.thresholds.count
    var weights = [[Float]](repeating: [], count: layerCount)
    var first = weights
    var second = weights
    var offset = 12 + length
    for tensor in header.tensors {
      let values = bytes[offset..<(offset + tensor.count * 4)].withUnsafeBytes { raw in
        (0..<tensor.count).map { raw.loadUnaligned(fromByteOffset: $0 * 4, as: Float.self) }
      }
      offset += tensor.count * 4
      guard values.allSatisfy(\.isFinite) else {
        throw EngineError.corruptCheckpoint(
          path: path,
          reason:
            "the \(tensor.role) of layer \(names[tensor.layer]) hold a value that is not a finite number (NaN or ±∞)"
        )
      }
      switch tensor.role {
      case "weights": weights[tensor.layer] = values
      case "adam-m": first[tensor.layer] = values
      case "adam-v": second[tensor.layer] = values
      default:
        throw EngineError.corruptCheckpoint(
          path: path, reason: "unknown tensor role '\(tensor.role)'")
      }
    }
    // A weights-only checkpoint (`weightsOnly`) has no Adam moments: they start at zero.
    for l in weights.indices where first[l].isEmpty && second[l].isEmpty {
      first[l] = [Float](repeating: 0, count: weights[l].count)
      second[l] = first[l]
    }
    return Checkpoint(header: header, weights: weights, first: first, second: second)
  }

  /// The weights, thresholds, scale factors and preset only: no Adam moments (a resumed run
  /// starts Adam afresh) and no epoch records: a trained network to share, about a third of
  /// the size.
  public func weightsOnly() -> Checkpoint {
    var header = header
    header.tensors = header.tensors.filter { $0.role == "weights" }
    header.adamStep = 0
    header.epochRecords = nil
    let zeros = weights.map { [Float](repeating: 0, count: $0.count) }
    return Checkpoint(header: header, weights: weights, first: zeros, second: zeros)
  }

  /// Whether the file has Adam's moments (a checkpoint a run wrote) or weights only.
  public var hasOptimizerState: Bool { header.tensors.contains { $0.role != "weights" } }

  init(header: Header, weights: [[Float]], first: [[Float]], second: [[Float]]) {
    self.header = header
    self.weights = weights
    firstMoments = first
    secondMoments = second
  }

  private struct VersionOnly: Decodable { var version: Int }

  /// Loads the state into `trainer`, after checking that every shape matches its network.
  /// Nothing is changed when a check fails.
  public func restore(into trainer: any SpikingTrainer, path: String) throws {
    let network = trainer.network
    var runtime = network.layers.count
    if header.spec != network.spec {
      // Same layer list written differently is fine only if the runtime layers agree.
      guard let other = try? Network.layers(of: header.spec) else {
        throw EngineError.checkpointMismatch(
          path: path, reason: "its network description is invalid")
      }
      runtime = other.count
      guard other.count == network.layers.count else {
        throw EngineError.checkpointMismatch(
          path: path,
          reason: "it has \(other.count) layers, this network has \(network.layers.count)")
      }
      for (a, b) in zip(other, network.layers) where a != b {
        throw EngineError.checkpointMismatch(
          path: path,
          reason:
            "layer \(b.name) is \(a.inputShape)→\(a.outputShape) in the checkpoint but \(b.inputShape)→\(b.outputShape) here"
        )
      }
    }
    guard header.thresholds.count == runtime, header.scaleFactors.count == runtime,
      weights.count >= runtime
    else {
      throw EngineError.checkpointMismatch(
        path: path,
        reason: "it has settings for \(header.thresholds.count) layers, expected \(runtime)")
    }
    for (l, layer) in network.layers.enumerated() {
      let (rows, columns) = layer.weightShape
      for (name, array) in [
        ("weights", weights[l]), ("adam-m", firstMoments[l]), ("adam-v", secondMoments[l]),
      ]
      where array.count != rows * columns {
        throw EngineError.checkpointMismatch(
          path: path,
          reason:
            "layer \(layer.name) \(name) has \(array.count) values, the network expects \(rows)×\(columns) = \(rows * columns)"
        )
      }
    }
    trainer.network.weights = weights
    trainer.network.thresholds = header.thresholds
    trainer.network.scaleFactors = header.scaleFactors
    trainer.network.neuronModel = header.neuronModel
    trainer.network.timeSteps = header.timeSteps
    trainer.optimizer.firstMoments = firstMoments
    trainer.optimizer.secondMoments = secondMoments
    trainer.optimizer.step = header.adamStep
  }
}
