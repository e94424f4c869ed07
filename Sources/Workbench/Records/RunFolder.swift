// The folder of one training run and every write into it: preset.yaml and epochs.csv are
// replaced whole (a temporary file, then a rename), metrics.jsonl grows by whole lines, and
// checkpoint.asfck is written by Checkpoint (atomically too). Nothing is created until the
// run is about to write its first record, so a launch that trains nothing leaves no folder.
// A folder that already holds a run is refused unless this run continues it (resumed from
// its checkpoint); while a run writes, it holds an exclusive lock on the folder's .lock file,
// and temporary files a killed run left behind are removed.

import Foundation
import SpikingCore

/// Paths and writes of a run folder.
public final class RunFolder {
  public let path: String
  /// The resolved preset, written to preset.yaml when the folder is created.
  private let presetYAML: String
  /// Whether this run continues the run already in the folder (resumed from its checkpoint).
  public let continuing: Bool
  private var metrics: FileHandle?
  /// The open .lock file while this run holds the folder (-1 before).
  private var lock: Int32 = -1

  public var presetPath: String { path + "/preset.yaml" }
  public var metricsPath: String { path + "/metrics.jsonl" }
  public var epochsPath: String { path + "/epochs.csv" }
  public var checkpointPath: String { path + "/checkpoint.asfck" }
  /// Whether the folder has been created (by the first write).
  public var exists: Bool { metrics != nil }

  public init(path: String, preset: Preset, continuing: Bool = false) {
    self.path = path
    presetYAML = preset.yaml
    self.continuing = continuing
  }

  deinit {
    try? metrics?.close()
    if lock >= 0 { close(lock) }  // releases the lock
  }

  /// `name` as one safe path component for a run folder: path separators and `.`/`..` parts
  /// cannot lead outside runs/ (`../../x` gives `x`, `a/b` gives `a-b`); characters other
  /// than letters, digits, `.`, `_` and `-` become `-`; never empty or hidden.
  public static func safeName(_ name: String) -> String {
    let parts = name.split(separator: "/").filter { $0 != "." && $0 != ".." }
    let joined = parts.joined(separator: "-").map { character -> Character in
      character.isLetter || character.isNumber || "._-".contains(character) ? character : "-"
    }
    let trimmed = String(joined).drop { $0 == "." || $0 == "-" }
    return trimmed.isEmpty ? "run" : String(trimmed.prefix(100))
  }

  /// Whether the folder at `path` holds (part of) a run: its metrics, epochs or checkpoint.
  public static func holdsRun(_ path: String) -> Bool {
    ["metrics.jsonl", "epochs.csv", "checkpoint.asfck"].contains {
      FileManager.default.fileExists(atPath: path + "/" + $0)
    }
  }

  /// Throws unless this run may write the folder: it is absent or holds no run, or this run
  /// continues the one there.
  public func checkAvailable() throws {
    guard continuing || !Self.holdsRun(path) else {
      throw WorkbenchError.runFolderInUse(path: path)
    }
    try Self.checkPreset(in: path, yaml: presetYAML, continuing: continuing)
  }

  /// Throws when `folder` holds a preset.yaml other than `yaml` and no run: a file of the
  /// user's (comments and all) that a new run would overwrite.
  public static func checkPreset(in folder: String, yaml: String, continuing: Bool) throws {
    let file = folder + "/preset.yaml"
    guard !continuing, !holdsRun(folder), FileManager.default.fileExists(atPath: file) else {
      return
    }
    if let text = try? String(contentsOfFile: file, encoding: .utf8), text == yaml { return }
    throw WorkbenchError.foreignPreset(path: folder)
  }

  /// The rows of the folder's epochs.csv (without the header) up to epoch `epochs`, for a run
  /// that continues it.
  public func existingEpochRows(upTo epochs: Int) -> [String] {
    guard let text = try? String(contentsOfFile: epochsPath, encoding: .utf8) else { return [] }
    return text.split(separator: "\n").dropFirst().map(String.init).filter { row in
      guard let epoch = Int(row.prefix { $0 != "," }) else { return false }
      return epoch <= epochs
    }
  }

  /// Creates the folder with preset.yaml and opens metrics.jsonl for appending, once; takes
  /// the folder's lock and removes what a killed run left behind.
  public func create() throws {
    guard metrics == nil else { return }
    try checkAvailable()
    do {
      try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
      try takeLock()
      removeStaleTemporaries()
      try presetYAML.write(toFile: presetPath, atomically: true, encoding: .utf8)
      if !FileManager.default.fileExists(atPath: metricsPath) {
        guard FileManager.default.createFile(atPath: metricsPath, contents: nil) else {
          throw WorkbenchError.cannotWrite(path: metricsPath, reason: "it cannot be created")
        }
      }
      let handle = try FileHandle(forUpdating: URL(fileURLWithPath: metricsPath))
      try Self.cutTornLine(handle)
      metrics = handle
    } catch let error as WorkbenchError {
      throw error
    } catch {
      throw WorkbenchError.cannotCreateFolder(path: path, reason: plainReason(error))
    }
  }

  /// Appends one record as a whole line, creating the folder first if needed. A write that
  /// fails part way (a full disk) is taken back, so the file always ends with a whole line.
  public func append(_ record: MetricsRecord) throws {
    try appendLine(try record.jsonLine())
  }

  /// Appends `text` (one JSON record, no newline) as a whole line; see `append`.
  public func appendLine(_ text: Data) throws {
    try create()
    guard let metrics else { return }
    let line = text + Data("\n".utf8)
    let start = try? metrics.offset()
    do {
      try metrics.write(contentsOf: line)
    } catch {
      if let start { try? metrics.truncate(atOffset: start) }
      throw WorkbenchError.cannotWrite(path: metricsPath, reason: plainReason(error))
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
      throw WorkbenchError.cannotWrite(path: epochsPath, reason: plainReason(error))
    }
  }

  /// Moves `handle` to the end of its file after cutting a torn last line (one a killed
  /// writer left without its newline), so that the next record starts a line of its own.
  static func cutTornLine(_ handle: FileHandle) throws {
    let end = try handle.seekToEnd()
    var position = end
    while position > 0 {
      let step = min(position, 1 << 16)
      try handle.seek(toOffset: position - step)
      let piece = try handle.read(upToCount: Int(step)) ?? Data()
      if let newline = piece.lastIndex(of: UInt8(ascii: "\n")) {
        let keep = position - step + UInt64(newline - piece.startIndex + 1)
        if keep != end { try handle.truncate(atOffset: keep) }
        try handle.seek(toOffset: keep)
        return
      }
      if position == end && piece.isEmpty { break }
      position -= step
    }
    if end > 0 { try handle.truncate(atOffset: 0) }
    try handle.seek(toOffset: 0)
  }

  /// The epoch (from 0) of the last epoch record of metrics.jsonl, read back from its end a
  /// chunk at a time; nil when it has none.
  public func lastRecordedEpoch() -> Int? {
    guard let handle = FileHandle(forReadingAtPath: metricsPath) else { return nil }
    defer { try? handle.close() }
    guard var end = try? handle.seekToEnd() else { return nil }
    let marker = Data("\"type\":\"epoch\"".utf8)
    var carry = Data()
    while end > 0 {
      let start = end - min(end, 1 << 20)
      guard (try? handle.seek(toOffset: start)) != nil,
        let piece = try? handle.read(upToCount: Int(end - start))
      else { return nil }
      let text = piece + carry
      var lines = text.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
      // The first piece of a chunk may be part of a line that began before it.
      carry = start > 0 ? Data(lines.removeFirst()) : Data()
      for line in lines.reversed() where line.firstRange(of: marker) != nil {
        if case .epoch(let record)? = try? MetricsRecord(jsonLine: Data(line)) {
          return record.epoch
        }
      }
      end = start
    }
    return nil
  }

  /// Holds an exclusive lock on .lock in the folder for as long as this object lives.
  private func takeLock() throws {
    guard lock < 0 else { return }
    let fd = open(path + "/.lock", O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
    guard fd >= 0 else {
      throw WorkbenchError.cannotCreateFolder(path: path, reason: String(cString: strerror(errno)))
    }
    guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
      close(fd)
      throw WorkbenchError.runFolderLocked(path: path)
    }
    lock = fd
  }

  /// Temporary files of interrupted writes (a checkpoint's `.tmp-<pid>`, hidden files of
  /// atomic writes): with the lock held, no other run can be writing them.
  private func removeStaleTemporaries() {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
    for name in names where name != ".lock" && (name.hasPrefix(".") || name.contains(".tmp-")) {
      try? FileManager.default.removeItem(atPath: path + "/" + name)
    }
  }
}
