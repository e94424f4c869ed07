// The method arena's cost table (`asf-tui bench methods`, Figure 3 extended): for every time
// window, each method's median seconds per training batch, the batch memory its engine plans
// (MemoryEstimate: the weights, their gradients and Adam's moments, and every batch buffer),
// and, when measured, the peak resident memory of a process that trains with it alone.

import Foundation
import SpikingCore

/// Seconds per batch and memory of several training methods per time window.
public struct MethodComparison: Sendable, Equatable {
  public struct Cell: Sendable, Equatable {
    public var secondsPerBatch: Double
    /// What the engine allocates to train with the method (MiB).
    public var plannedMiB: Double
    /// Peak resident memory of a process training with the method alone (nil: not measured).
    public var peakMiB: Double?

    public init(secondsPerBatch: Double, plannedMiB: Double, peakMiB: Double? = nil) {
      self.secondsPerBatch = secondsPerBatch
      self.plannedMiB = plannedMiB
      self.peakMiB = peakMiB
    }
  }

  public struct Row: Sendable, Equatable {
    public var timeSteps: Int
    /// One cell per method, in the comparison's order.
    public var cells: [Cell]

    public init(timeSteps: Int, cells: [Cell]) {
      self.timeSteps = timeSteps
      self.cells = cells
    }
  }

  public static let fileName = "methods.csv"

  public var architecture: String
  public var batchSize: Int
  public var methods: [TrainingMethod]
  public var rows: [Row] = []

  public init(architecture: String, batchSize: Int, methods: [TrainingMethod]) {
    self.architecture = architecture
    self.batchSize = batchSize
    self.methods = methods
  }

  /// Seconds per batch of method m over BPTT's in the same row (nil without BPTT).
  public func timeRatio(_ row: Row, method m: Int) -> Double? {
    guard let b = methods.firstIndex(of: .bptt) else { return nil }
    return row.cells[m].secondsPerBatch / row.cells[b].secondsPerBatch
  }

  /// How much method m's planned memory grows from the first time window to the last:
  /// last / first (1 for flat).
  public func plannedGrowth(method m: Int) -> Double? {
    guard let first = rows.first, let last = rows.last, first.cells[m].plannedMiB > 0 else {
      return nil
    }
    return last.cells[m].plannedMiB / first.cells[m].plannedMiB
  }

  /// One line per (T, method): seconds, samples/s, ratio to BPTT, planned and peak MiB.
  public func csv() -> String {
    var lines = [
      "architecture,batch,time_steps,method,s_per_batch,samples_per_s,time_vs_bptt,planned_mib,peak_mib"
    ]
    for row in rows {
      for (m, method) in methods.enumerated() {
        let cell = row.cells[m]
        lines.append(
          [
            architecture, "\(batchSize)", "\(row.timeSteps)", method.rawValue,
            String(format: "%.5f", cell.secondsPerBatch),
            String(format: "%.1f", Double(batchSize) / cell.secondsPerBatch),
            timeRatio(row, method: m).map { String(format: "%.3f", $0) } ?? "",
            String(format: "%.1f", cell.plannedMiB),
            cell.peakMiB.map { String(format: "%.1f", $0) } ?? "",
          ].joined(separator: ","))
      }
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// The planned memory (MiB) of training `layers` with `method` on batches of `batch` at T.
  public static func plannedMiB(
    layers: [LayerInfo], method: TrainingMethod, batch: Int, steps: Int, workers: Int
  ) -> Double {
    MemoryEstimate(layers: layers, batch: batch, steps: steps, method: method, workers: workers)
      .bytes / 1_048_576
  }
}
