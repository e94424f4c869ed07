// A run's gradient checks (preset key gradient-check) summed up per weight layer: how many
// there were, the mean cosine of the method's gradient to BPTT's, the first and the last.
// `asf-tui train` prints it when the run ends.

import Foundation
import SpikingCore

public struct AgreementSummary: Sendable {
  /// The weight layers' names and their indices among the network's layers.
  public let names: [String]
  private let indices: [Int]
  private var sums: [Double]
  private var counts: [Int]
  private var first: [Float?]
  private var last: [Float?]
  /// Gradient checks added so far.
  public private(set) var checks = 0

  public init(layers: [LayerInfo]) {
    indices = layers.indices.filter { layers[$0].hasWeights }
    names = indices.map { layers[$0].name }
    sums = indices.map { _ in 0 }
    counts = indices.map { _ in 0 }
    first = indices.map { _ in nil }
    last = indices.map { _ in nil }
  }

  /// Adds one check: a cosine per layer of the network (nil where a layer has no weights or
  /// its gradient was zero; non-finite values are left out).
  public mutating func add(_ measured: [Float?]) {
    checks += 1
    for (i, layer) in indices.enumerated() {
      guard measured.indices.contains(layer), let value = measured[layer], value.isFinite else {
        continue
      }
      sums[i] += Double(value)
      counts[i] += 1
      if first[i] == nil { first[i] = value }
      last[i] = value
    }
  }

  /// The mean cosine of each weight layer (nil where no check measured it).
  public var means: [Double?] {
    zip(sums, counts).map { sum, count in count > 0 ? sum / Double(count) : nil }
  }

  /// "gradient agreement with BPTT (cosine; mean of 10 checks, first → last): conv1 0.785
  /// (0.735 → 0.853), …"; nil before the first check.
  public var sentence: String? {
    guard checks > 0 else { return nil }
    let parts = names.indices.compactMap { i -> String? in
      guard let mean = means[i], let first = first[i], let last = last[i] else { return nil }
      // A layer some checks could not measure says over how many its mean is.
      let over = counts[i] < checks ? " over \(counts[i]) of \(checks) checks" : ""
      return String(format: "%@ %.3f%@ (%.3f → %.3f)", names[i], mean, over, first, last)
    }
    guard !parts.isEmpty else {
      return
        "gradient agreement with BPTT: no layer measured in \(checks) check\(checks == 1 ? "" : "s") (each gradient was zero or not finite: no spikes reached the surrogate's window?)"
    }
    let what = checks == 1 ? "1 check" : "mean of \(checks) checks, first → last"
    return "gradient agreement with BPTT (cosine; \(what)): " + parts.joined(separator: ", ")
  }
}
