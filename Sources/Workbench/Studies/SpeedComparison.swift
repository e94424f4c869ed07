// Figure 3 of the paper: training time (and peak memory) of ASF-BP against BPTT, per time
// window. The benchmark command measures it; this type holds, writes and reads the result.

import Foundation

/// The measured training time of both methods per time window, on one architecture and batch.
public struct SpeedComparison: Sendable, Equatable {
  public struct Row: Sendable, Equatable {
    public var timeSteps: Int
    /// Median wall-clock seconds per training batch.
    public var asfSecondsPerBatch: Double
    public var bpttSecondsPerBatch: Double
    /// Peak resident memory of a process that trains with the method (nil: not measured).
    public var asfPeakMiB: Double?
    public var bpttPeakMiB: Double?

    public init(
      timeSteps: Int, asfSecondsPerBatch: Double, bpttSecondsPerBatch: Double,
      asfPeakMiB: Double? = nil, bpttPeakMiB: Double? = nil
    ) {
      self.timeSteps = timeSteps
      self.asfSecondsPerBatch = asfSecondsPerBatch
      self.bpttSecondsPerBatch = bpttSecondsPerBatch
      self.asfPeakMiB = asfPeakMiB
      self.bpttPeakMiB = bpttPeakMiB
    }

    /// How many times faster ASF-BP trains: BPTT seconds / ASF-BP seconds.
    public var speedup: Double { bpttSecondsPerBatch / asfSecondsPerBatch }
  }

  public static let fileName = "asf-vs-bptt.csv"
  static let header =
    "architecture,batch,time_steps,asf_s_per_batch,bptt_s_per_batch,asf_samples_per_s,"
    + "bptt_samples_per_s,speedup,asf_peak_mib,bptt_peak_mib"

  public var architecture: String
  public var batchSize: Int
  public var rows: [Row]

  public init(architecture: String, batchSize: Int, rows: [Row]) {
    self.architecture = architecture
    self.batchSize = batchSize
    self.rows = rows
  }

  public func samplesPerSecond(_ secondsPerBatch: Double) -> Double {
    Double(batchSize) / secondsPerBatch
  }

  /// A speed-up as the README and the table write it: `3.4x`.
  public static func speedupText(_ ratio: Double) -> String {
    String(format: "%.1fx", ratio)
  }

  /// One line per row, with samples/s and the speed-up derived; an unmeasured peak is empty.
  public func csv() -> String {
    var lines = [Self.header]
    func peak(_ value: Double?) -> String { value.map { String(format: "%.1f", $0) } ?? "" }
    for row in rows {
      lines.append(
        [
          architecture, "\(batchSize)", "\(row.timeSteps)",
          String(format: "%.4f", row.asfSecondsPerBatch),
          String(format: "%.4f", row.bpttSecondsPerBatch),
          String(format: "%.1f", samplesPerSecond(row.asfSecondsPerBatch)),
          String(format: "%.1f", samplesPerSecond(row.bpttSecondsPerBatch)),
          String(format: "%.2f", row.speedup), peak(row.asfPeakMiB), peak(row.bpttPeakMiB),
        ].joined(separator: ","))
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// Reads what `csv()` wrote (derived columns are recomputed, not trusted); errors name
  /// `path`.
  public init(csv text: String, path: String = SpeedComparison.fileName) throws {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
    guard let first = lines.first else {
      throw WorkbenchError.emptyTable(path: path, hint: Self.emptyHint)
    }
    guard first == Self.header else {
      throw WorkbenchError.badTableHeader(path: path, found: first, expected: Self.header)
    }
    var architecture = ""
    var batch = 0
    var rows: [Row] = []
    for (index, line) in lines.dropFirst().enumerated() {
      let number = index + 2
      let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
      guard cells.count == 10 else {
        throw WorkbenchError.badTableRow(
          path: path, line: number, reason: "\(cells.count) cells, expected 10")
      }
      guard let b = Int(cells[1]), b > 0, let t = Int(cells[2]), t > 0,
        let asf = Double(cells[3]), asf > 0, let bptt = Double(cells[4]), bptt > 0
      else {
        throw WorkbenchError.badTableRow(
          path: path, line: number, reason: "batch, T and both s/batch must be positive numbers")
      }
      func peak(_ cell: String) throws -> Double? {
        if cell.isEmpty { return nil }
        guard let value = Double(cell), value >= 0 else {
          throw WorkbenchError.badTableRow(
            path: path, line: number, reason: "bad peak memory '\(cell)'")
        }
        return value
      }
      if rows.isEmpty {
        architecture = cells[0]
        batch = b
      }
      rows.append(
        Row(
          timeSteps: t, asfSecondsPerBatch: asf, bpttSecondsPerBatch: bptt,
          asfPeakMiB: try peak(cells[8]), bpttPeakMiB: try peak(cells[9])))
    }
    guard !rows.isEmpty else { throw WorkbenchError.emptyTable(path: path, hint: Self.emptyHint) }
    self.init(architecture: architecture, batchSize: batch, rows: rows)
  }

  private static let emptyHint = "the benchmark measured no time window"

  /// Reads `folder`/asf-vs-bptt.csv.
  public static func load(folder: String) throws -> SpeedComparison {
    let path = folder + "/" + fileName
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
      throw WorkbenchError.unreadableTable(
        path: path, hint: "is this a folder written by 'asf-tui bench asf-vs-bptt'?")
    }
    return try SpeedComparison(csv: text, path: path)
  }
}
