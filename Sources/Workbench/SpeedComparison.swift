// Figure 3 of the paper: training time (and peak memory) of ASF-BP against BPTT, per time
// window. The benchmark command measures it; this type holds, writes and reads the result.

import Foundation

/// Errors in reading a saved speed comparison.
public enum SpeedComparisonError: Error, CustomStringConvertible, Equatable {
  case badHeader(found: String)
  case badRow(line: Int, reason: String)
  case empty
  case unreadable(path: String)
  /// An error of the file at `path`.
  indirect case inFile(path: String, SpeedComparisonError)

  public var description: String {
    switch self {
    case .badHeader(let found):
      "not an asf-vs-bptt CSV: the header is '\(found)', expected '\(SpeedComparison.header)'"
    case .badRow(let line, let reason): "asf-vs-bptt CSV line \(line): \(reason)"
    case .empty: "the asf-vs-bptt CSV has no rows"
    case .unreadable(let path): "cannot read \(path)"
    case .inFile(let path, let error): "\(path): \(error)"
    }
  }
}

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

  /// Reads what `csv()` wrote (derived columns are recomputed, not trusted).
  public init(csv text: String) throws {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
    guard let first = lines.first else { throw SpeedComparisonError.empty }
    guard first == Self.header else { throw SpeedComparisonError.badHeader(found: first) }
    var architecture = ""
    var batch = 0
    var rows: [Row] = []
    for (index, line) in lines.dropFirst().enumerated() {
      let number = index + 2
      let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
      guard cells.count == 10 else {
        throw SpeedComparisonError.badRow(line: number, reason: "\(cells.count) cells, expected 10")
      }
      guard let b = Int(cells[1]), b > 0, let t = Int(cells[2]), t > 0,
        let asf = Double(cells[3]), asf > 0, let bptt = Double(cells[4]), bptt > 0
      else {
        throw SpeedComparisonError.badRow(
          line: number, reason: "batch, T and both s/batch must be positive numbers")
      }
      func peak(_ cell: String) throws -> Double? {
        if cell.isEmpty { return nil }
        guard let value = Double(cell), value >= 0 else {
          throw SpeedComparisonError.badRow(line: number, reason: "bad peak memory '\(cell)'")
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
    guard !rows.isEmpty else { throw SpeedComparisonError.empty }
    self.init(architecture: architecture, batchSize: batch, rows: rows)
  }

  /// Reads `folder`/asf-vs-bptt.csv.
  public static func load(folder: String) throws -> SpeedComparison {
    let path = folder + "/" + fileName
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
      throw SpeedComparisonError.unreadable(path: path)
    }
    do {
      return try SpeedComparison(csv: text)
    } catch let error as SpeedComparisonError {
      throw SpeedComparisonError.inFile(path: path, error)
    }
  }
}
