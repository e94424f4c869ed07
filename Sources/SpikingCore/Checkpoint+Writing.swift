// Writing a checkpoint: the bytes of the format (see Checkpoint.swift), into a temporary file
// flushed to the disk, then renamed over the old one; a failure names the system's reason.

import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension Checkpoint {
  /// Writes the checkpoint to `path` atomically: a temporary file in the same folder is
  /// written completely, then renamed over `path`.
  public func write(to path: String) throws {
    if let bad = firstNonFiniteTensor() {
      throw EngineError.unwritableCheckpoint(
        path: path,
        reason: "\(bad) holds a value that is not a finite number (NaN or ±∞)")
    }
    var bytes: [UInt8] = Self.magic
    var header = header
    header.version = Self.version
    let json: Data
    do {
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.sortedKeys]
      json = try encoder.encode(header)
    } catch {
      throw EngineError.unwritableCheckpoint(path: path, reason: plainReason(error))
    }
    var length = UInt32(json.count).littleEndian
    withUnsafeBytes(of: &length) { bytes.append(contentsOf: $0) }
    bytes.append(contentsOf: json)
    for tensor in header.tensors {
      let values: [Float]
      switch tensor.role {
      case "weights": values = weights[tensor.layer]
      case "adam-m": values = firstMoments[tensor.layer]
      default: values = secondMoments[tensor.layer]
      }
      values.withUnsafeBytes { bytes.append(contentsOf: $0) }
    }
    var crc = Self.checksum(bytes[...]).littleEndian
    withUnsafeBytes(of: &crc) { bytes.append(contentsOf: $0) }
    let temporary = path + ".tmp-\(getpid())"
    if let reason = Self.writeWhole(bytes, to: temporary) {
      unlink(temporary)
      throw EngineError.unwritableCheckpoint(path: path, reason: reason)
    }
    if rename(temporary, path) != 0 {
      let reason = String(cString: strerror(errno))
      unlink(temporary)
      throw EngineError.unwritableCheckpoint(path: path, reason: reason)
    }
  }

  /// Writes `bytes` to a new file at `path` and flushes it to the disk; nil, or the system's
  /// reason it could not (no space left on device, file too large, permission denied).
  static func writeWhole(_ bytes: [UInt8], to path: String) -> String? {
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    guard fd >= 0 else { return "cannot create \(path): \(String(cString: strerror(errno)))" }
    defer { close(fd) }
    var done = 0
    while done < bytes.count {
      let n = bytes.withUnsafeBytes { raw -> Int in
        guard let base = raw.baseAddress else { return 0 }
        #if canImport(Glibc)
          return Glibc.write(fd, base + done, raw.count - done)
        #else
          return Darwin.write(fd, base + done, raw.count - done)
        #endif
      }
      if n < 0 && errno == EINTR { continue }
      guard n > 0 else { return String(cString: strerror(n < 0 ? errno : EIO)) }
      done += n
    }
    return fsync(fd) == 0 ? nil : String(cString: strerror(errno))
  }
}
