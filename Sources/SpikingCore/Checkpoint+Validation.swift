// What reading a checkpoint checks beyond its layout: the CRC-32 of its bytes, every header
// value against the limits presets and the CLI use, the tensor list against the network the
// header describes, and (on reading and writing) that every value is a finite number.

import CZlib
import Foundation

extension Checkpoint {
  /// zlib's CRC-32 of `bytes`.
  static func checksum(_ bytes: ArraySlice<UInt8>) -> UInt32 {
    bytes.withUnsafeBufferPointer { buffer in
      UInt32(crc32(0, buffer.baseAddress, uInt(buffer.count)))
    }
  }

  /// Bytes of the tensors `tensors` lists, or nil when a count is negative or the total
  /// cannot be held.
  static func payloadBytes(_ tensors: [Header.Tensor]) -> Int? {
    var total = 0
    for tensor in tensors {
      guard tensor.count >= 0 else { return nil }
      let (bytes, overflow) = tensor.count.multipliedReportingOverflow(by: 4)
      let (sum, overflowSum) = total.addingReportingOverflow(bytes)
      guard !overflow, !overflowSum else { return nil }
      total = sum
    }
    return total
  }

  /// The largest epoch, batch and Adam step a checkpoint may record (a billion: no run
  /// comes near; 2^63 - 1 would read as -1 once counted on).
  static let maximumCount = 1_000_000_000

  /// Checks every value of `header` and returns the names of the network's runtime layers.
  /// - Throws: `EngineError.corruptCheckpoint` naming the value and what is allowed.
  static func validate(_ header: Header, path: String) throws -> [String] {
    func bad(_ reason: String) -> EngineError { .corruptCheckpoint(path: path, reason: reason) }
    let layers: [LayerInfo]
    do {
      layers = try Network.layers(of: header.spec)
    } catch {
      throw bad("its network description is invalid (\(error))")
    }
    guard (0...maximumCount).contains(header.epoch),
      (0...maximumCount).contains(header.batchesInEpoch),
      (0...maximumCount).contains(header.adamStep)
    else {
      throw bad(
        "epoch \(header.epoch), batch \(header.batchesInEpoch) and Adam step \(header.adamStep) must be whole numbers from 0 to \(maximumCount)"
      )
    }
    if let records = header.epochRecords {
      for (name, text) in [
        ("epochs.csv row", records.csvRow), ("metrics line", records.metricsLine),
      ]
      where text.utf8.count > 1 << 20 || text.contains("\n") {
        throw bad("its epoch's \(name) is longer than 1 MiB or spans lines")
      }
    }
    guard Limits.timeSteps.contains(header.timeSteps) else {
      throw bad(
        "its time window T = \(header.timeSteps) is outside \(Limits.timeSteps.lowerBound)…\(Limits.timeSteps.upperBound)"
      )
    }
    guard header.learningRate.isFinite, Limits.learningRate.contains(header.learningRate) else {
      throw bad("its learning rate \(header.learningRate) is outside 1e-9…10")
    }
    guard header.thresholds.count == layers.count, header.scaleFactors.count == layers.count
    else {
      throw bad(
        "it has thresholds and scale factors for \(header.thresholds.count) and \(header.scaleFactors.count) layers, its network has \(layers.count)"
      )
    }
    for (l, layer) in layers.enumerated() {
      let v = header.thresholds[l]
      guard v.isFinite, Limits.threshold.contains(v) else {
        throw bad(
          "the threshold of layer \(layer.name) is \(v), outside \(Limits.threshold.lowerBound)…\(Limits.threshold.upperBound)"
        )
      }
      let s = header.scaleFactors[l]
      guard s.isFinite, s >= 0 else {
        throw bad("the scale factor of layer \(layer.name) is \(s); it must be a number ≥ 0")
      }
    }
    for tensor in header.tensors {
      guard layers.indices.contains(tensor.layer) else {
        throw bad(
          "a tensor belongs to layer \(tensor.layer + 1), but the network has \(layers.count)")
      }
      let layer = layers[tensor.layer]
      guard ["weights", "adam-m", "adam-v"].contains(tensor.role) else {
        throw bad("unknown tensor role '\(tensor.role)' (weights, adam-m or adam-v)")
      }
      let expected = layer.weightShape.rows * layer.weightShape.columns
      guard tensor.count == expected else {
        throw bad(
          "the \(tensor.role) of layer \(layer.name) have \(tensor.count) values, the layer has \(expected) weights"
        )
      }
    }
    return layers.map(\.name)
  }

  /// "weights of layer conv1" for the first tensor with a NaN or infinite value; nil if none.
  func firstNonFiniteTensor() -> String? {
    let names = (try? Network.layers(of: header.spec))?.map(\.name) ?? []
    for (role, tensors) in [
      ("weights", weights), ("adam-m", firstMoments), ("adam-v", secondMoments),
    ] {
      for (l, values) in tensors.enumerated() where !values.allSatisfy(\.isFinite) {
        let name = names.indices.contains(l) ? names[l] : "\(l + 1)"
        return "the \(role) of layer \(name)"
      }
    }
    return nil
  }
}
