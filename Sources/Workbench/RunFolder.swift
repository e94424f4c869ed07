// The folder of one training run and every write into it: preset.yaml and epochs.csv are
// replaced whole (a temporary file, then a rename), metrics.jsonl grows by whole lines, and
// checkpoint.asfck is written by Checkpoint (atomically too). Nothing is created until the
// run is about to write its first record, so a launch that trains nothing leaves no folder.

import Foundation

/// Paths and writes of a run folder.
public final class RunFolder {
  public let path: String
  /// The resolved preset, written to preset.yaml when the folder is created.
  private let presetYAML: String
  private var metrics: FileHandle?

  public var presetPath: String { path + "/preset.yaml" }
  public var metricsPath: String { path + "/metrics.jsonl" }
  public var epochsPath: String { path + "/epochs.csv" }
  public var checkpointPath: String { path + "/checkpoint.asfck" }
  /// Whether the folder has been created (by the first write).
  public var exists: Bool { metrics != nil }

  public init(path: String, preset: Preset) {
    self.path = path
    presetYAML = preset.yaml
  }

  deinit { try? metrics?.close() }

  /// Creates the folder with preset.yaml and opens metrics.jsonl for appending, once.
  public func create() throws {
    guard metrics == nil else { return }
    do {
      try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
      try presetYAML.write(toFile: presetPath, atomically: true, encoding: .utf8)
      if !FileManager.default.fileExists(atPath: metricsPath) {
        guard FileManager.default.createFile(atPath: metricsPath, contents: nil) else {
          throw WorkbenchError.cannotWrite(path: metricsPath, reason: "it cannot be created")
        }
      }
      let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: metricsPath))
      try handle.seekToEnd()
      metrics = handle
    } catch let error as WorkbenchError {
      throw error
    } catch {
      throw WorkbenchError.cannotCreateFolder(path: path, reason: error.localizedDescription)
    }
  }

  /// Appends one record as a whole line (one write), creating the folder first if needed.
  public func append(_ record: MetricsRecord) throws {
    try create()
    guard let metrics else { return }
    do {
      try metrics.write(contentsOf: try record.jsonLine() + Data("\n".utf8))
    } catch {
      throw WorkbenchError.cannotWrite(path: metricsPath, reason: error.localizedDescription)
    }
  }

  /// Replaces epochs.csv with `rows` under its header.
  public func writeEpochs(_ rows: [String]) throws {
    try create()
    let header =
      "epoch,train_accuracy,train_loss,test_accuracy,train_seconds,test_seconds,scale_factors"
    do {
      try ([header] + rows).joined(separator: "\n").appending("\n").write(
        toFile: epochsPath, atomically: true, encoding: .utf8)
    } catch {
      throw WorkbenchError.cannotWrite(path: epochsPath, reason: error.localizedDescription)
    }
  }
}
