// Parsing of jAER AEDAT 2.0 recordings from a DVS128: `#` header lines, then big-endian
// (address, timestamp) pairs. Other AEDAT versions and other cameras are rejected.

import Foundation

/// Parses AEDAT 2.0 files (as in the CIFAR10-DVS release) into `DVSEvent`s.
///
/// Layout: zero or more header lines, each starting with `#` and ending with `"\r\n"`
/// (a bare `"\n"` is accepted too), the first usually `#!AER-DAT2.0`; then 8-byte events,
/// each a big-endian `UInt32` address followed by a big-endian `UInt32` timestamp in µs.
/// Addresses are decoded as DVS128 addresses (see `DVSEvent.init(address:timestamp:)`).
///
/// Timestamps of jAER recordings can step back slightly where USB packets interleave, so
/// a step back of up to `backwardsTolerance` µs is kept as it is; a larger one is an error.
public enum AEDATReader {
  /// Bytes per event: a `UInt32` address and a `UInt32` timestamp.
  public static let eventSize = 8
  /// The default largest step back in time accepted between events, in µs.
  public static let defaultBackwardsTolerance: UInt32 = 1_000

  /// A decoded recording.
  public struct Recording: Sendable, Equatable {
    /// The header lines without their line ends, `#` included, in file order.
    public var headerLines: [String]
    /// The size of the header in bytes, line ends included: where the events start.
    public var headerByteCount: Int
    /// The events in file order.
    public var events: [DVSEvent]
  }

  /// Reads and decodes the file at `path`.
  ///
  /// The file is memory-mapped where the system allows, so large recordings are not
  /// copied before decoding; a gzip-compressed file is decompressed first.
  /// - Throws: `DatasetError.fileNotFound`, `.unreadableFile`, a gzip error, or any error
  ///   of `recording(from:path:backwardsTolerance:)`.
  public static func recording(
    atPath path: String, backwardsTolerance: UInt32 = defaultBackwardsTolerance
  ) throws -> Recording {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      throw DatasetError.fileNotFound(tried: [path])
    }
    guard !isDirectory.boolValue,
      let data = try? Data(contentsOf: URL(fileURLWithPath: path), options: .mappedIfSafe)
    else {
      throw DatasetError.unreadableFile(path: path)
    }
    if Gzip.isCompressed([UInt8](data.prefix(2))) {
      let bytes = try Gzip.decompress([UInt8](data), path: path)
      return try recording(
        from: Data(bytes), path: path, backwardsTolerance: backwardsTolerance)
    }
    return try recording(from: data, path: path, backwardsTolerance: backwardsTolerance)
  }

  /// Decodes the bytes of an AEDAT 2.0 file.
  /// - Parameter path: names the source in errors only.
  /// - Throws: `DatasetError.unsupportedFormat` for a `#!AER-DAT` line of another version,
  ///   `.truncatedEvents` when the event data is not a multiple of 8 bytes, `.noEvents` for
  ///   a header-only file, `.coordinateOutOfRange` for the first address that is not a
  ///   DVS128 pixel, `.timestampWentBackwards` for the first large step back in time.
  public static func recording(
    from data: Data, path: String, backwardsTolerance: UInt32 = defaultBackwardsTolerance
  ) throws -> Recording {
    try data.withUnsafeBytes { bytes in
      let (headerLines, headerByteCount) = header(of: bytes)
      if let versionLine = headerLines.first(where: { $0.hasPrefix("#!AER-DAT") }),
        !versionLine.dropFirst("#!AER-DAT".count).hasPrefix("2.")
      {
        throw DatasetError.unsupportedFormat(
          path: path, expected: "AEDAT 2.0 ('#!AER-DAT2.0')", found: "'\(versionLine)'")
      }
      let eventBytes = bytes.count - headerByteCount
      guard eventBytes % eventSize == 0 else {
        throw DatasetError.truncatedEvents(
          path: path, headerBytes: headerByteCount, eventBytes: eventBytes)
      }
      let count = eventBytes / eventSize
      guard count > 0 else {
        throw DatasetError.noEvents(path: path, headerBytes: headerByteCount)
      }
      let events = try decodeEvents(
        UnsafeRawBufferPointer(rebasing: bytes[headerByteCount...]), count: count, path: path,
        backwardsTolerance: backwardsTolerance)
      return Recording(
        headerLines: headerLines, headerByteCount: headerByteCount, events: events)
    }
  }

  /// The events of the file at `path`; see `recording(atPath:backwardsTolerance:)`.
  public static func events(
    atPath path: String, backwardsTolerance: UInt32 = defaultBackwardsTolerance
  ) throws -> [DVSEvent] {
    try recording(atPath: path, backwardsTolerance: backwardsTolerance).events
  }

  /// The `#` lines at the start of `bytes` and their total size in bytes.
  ///
  /// A line counts as header only when it starts with `#` and is terminated by `"\n"`;
  /// an unterminated `#` line at the very end is counted as header as well, so a file cut
  /// off inside its header reads as header-only rather than as a stray event.
  static func header(of bytes: UnsafeRawBufferPointer) -> (lines: [String], byteCount: Int) {
    var lines = [String]()
    var offset = 0
    while offset < bytes.count, bytes[offset] == UInt8(ascii: "#") {
      var end = offset
      while end < bytes.count, bytes[end] != UInt8(ascii: "\n") { end += 1 }
      var contentEnd = end
      if contentEnd > offset, bytes[contentEnd - 1] == UInt8(ascii: "\r") { contentEnd -= 1 }
      lines.append(
        String(
          decoding: UnsafeRawBufferPointer(rebasing: bytes[offset..<contentEnd]), as: UTF8.self))
      offset = min(end + 1, bytes.count)
    }
    return (lines, offset)
  }

  /// Decodes `count` events from `payload`, checking addresses and time order.
  private static func decodeEvents(
    _ payload: UnsafeRawBufferPointer, count: Int, path: String, backwardsTolerance: UInt32
  ) throws -> [DVSEvent] {
    var events = [DVSEvent]()
    events.reserveCapacity(count)
    var latest: UInt32 = 0
    for index in 0..<count {
      let address = UInt32(
        bigEndian: payload.loadUnaligned(fromByteOffset: index * eventSize, as: UInt32.self))
      let timestamp = UInt32(
        bigEndian: payload.loadUnaligned(fromByteOffset: index * eventSize + 4, as: UInt32.self))
      guard let event = DVSEvent(address: address, timestamp: timestamp) else {
        throw DatasetError.coordinateOutOfRange(
          path: path, index: index, address: address, x: Int(address >> 1 & 0x7F),
          y: Int(address >> 8))
      }
      if index > 0, timestamp < latest, latest - timestamp > backwardsTolerance {
        throw DatasetError.timestampWentBackwards(
          path: path, index: index, latest: latest, found: timestamp,
          tolerance: backwardsTolerance)
      }
      latest = index == 0 ? timestamp : max(latest, timestamp)
      events.append(event)
    }
    return events
  }
}
