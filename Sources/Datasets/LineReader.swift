// Reads a text file's lines one at a time, in chunks, decompressing gzip (by name or magic
// bytes) as it goes: memory stays at one chunk and one line whatever the file's size. A line
// longer than a bound, or a gzip file that expands past a bound, is an error that says so —
// a hostile file (1 GB of newlines in a 1 MB gzip, an endless line) costs neither memory
// nor minutes.

import CZlib
import Foundation

/// A file's lines, read and (for gzip) decompressed chunk by chunk.
public final class LineReader {
  /// The longest line read by default: a run's records are kilobytes; 16 MiB is no record.
  public static let defaultMaximumLine = 16 << 20
  /// The most bytes a file may expand to by default (after decompression).
  public static let defaultMaximumBytes = 8 << 30
  static let chunk = 1 << 18

  public let path: String
  /// The size of the file on disk (compressed, for gzip).
  public let fileSize: UInt64
  /// Bytes of the file read so far (compressed, for gzip): `fileSize` at the end.
  public private(set) var bytesRead: UInt64 = 0
  /// Lines returned so far.
  public private(set) var lineNumber = 0
  private let maximumLine: Int
  private let maximumBytes: Int
  private let file: FileHandle
  private var inflater: GzipInflater?
  private var buffer: [UInt8] = []
  private var start = 0
  private var searched = 0
  private var expanded = 0
  private var atEnd = false

  /// Opens `path` (a regular file; gzip when its name ends in .gz or it starts with 1f 8b).
  /// - Throws: `DatasetError.fileNotFound`, `.unreadableFile` (also for a folder, a device
  ///   or a FIFO, which are no files of lines), or a gzip error.
  public init(
    path: String, maximumLine: Int = defaultMaximumLine, maximumBytes: Int = defaultMaximumBytes
  ) throws {
    self.path = path
    self.maximumLine = maximumLine
    self.maximumBytes = maximumBytes
    var status = stat()
    guard stat(path, &status) == 0 else {
      throw errno == ENOENT
        ? DatasetError.fileNotFound(tried: [path]) : DatasetError.unreadableFile(path: path)
    }
    guard status.st_mode & S_IFMT == S_IFREG, let file = FileHandle(forReadingAtPath: path)
    else { throw DatasetError.unreadableFile(path: path) }
    self.file = file
    fileSize = UInt64(status.st_size)
    let head = try Self.read(file, count: 2, path: path)
    try file.seek(toOffset: 0)
    if path.hasSuffix(".gz") || Gzip.isCompressed(head) {
      inflater = try GzipInflater(path: path)
    }
  }

  deinit { try? file.close() }

  /// The share of the file read so far, 0 to 1.
  public var fraction: Double {
    fileSize == 0 ? 1 : min(1, Double(bytesRead) / Double(fileSize))
  }

  /// The next line without its newline (a last line without one included), or nil at the
  /// end of the file. `skippingEmpty` passes over empty lines without returning them (a file
  /// of a billion newlines is read in seconds).
  /// - Throws: `DatasetError.lineTooLong`, `.expandsTooFar`, a gzip or read error.
  public func next(skippingEmpty: Bool = false) throws -> ArraySlice<UInt8>? {
    while true {
      if skippingEmpty { skipNewlines() }
      if let newline = Self.newline(in: buffer, from: searched) {
        let line = buffer[start..<newline]
        start = newline + 1
        searched = start
        lineNumber += 1
        return line
      }
      searched = buffer.count
      guard buffer.count - start <= maximumLine else {
        throw DatasetError.lineTooLong(
          path: path, line: lineNumber + 1, maximumBytes: maximumLine)
      }
      if atEnd {
        guard start < buffer.count else { return nil }
        let line = buffer[start...]
        start = buffer.count
        lineNumber += 1
        return line
      }
      // Drop what was returned, then read more.
      if start > 0 {
        buffer.removeFirst(start)
        searched -= start
        start = 0
      }
      try fill()
    }
  }

  /// Moves past the newlines at `start` (empty lines), counting them.
  private func skipNewlines() {
    let skipped = buffer.withUnsafeBufferPointer { bytes -> Int in
      var i = start
      while i < bytes.count && bytes[i] == UInt8(ascii: "\n") { i += 1 }
      return i - start
    }
    start += skipped
    searched = max(searched, start)
    lineNumber += skipped
  }

  /// The index of the first newline of `bytes` at or after `start` (memchr: fast in debug
  /// builds too).
  private static func newline(in bytes: [UInt8], from start: Int) -> Int? {
    guard start < bytes.count else { return nil }
    return bytes.withUnsafeBufferPointer { buffer -> Int? in
      guard let base = buffer.baseAddress,
        let found = memchr(base + start, Int32(UInt8(ascii: "\n")), buffer.count - start)
      else { return nil }
      return UnsafeRawPointer(found) - UnsafeRawPointer(base)
    }
  }

  /// Appends the next chunk of the file's text to the buffer; sets `atEnd` at its end.
  private func fill() throws {
    guard let inflater else {
      let raw = try Self.read(file, count: Self.chunk, path: path)
      bytesRead += UInt64(raw.count)
      if raw.isEmpty { atEnd = true }
      buffer.append(contentsOf: raw)
      return
    }
    let before = buffer.count
    let more = try inflater.produce(into: &buffer) {
      let raw = try Self.read(file, count: Self.chunk, path: path)
      bytesRead += UInt64(raw.count)
      return raw
    }
    expanded += buffer.count - before
    guard expanded <= maximumBytes else {
      throw DatasetError.expandsTooFar(path: path, maximumBytes: maximumBytes)
    }
    if !more { atEnd = true }
  }

  private static func read(_ file: FileHandle, count: Int, path: String) throws -> [UInt8] {
    do {
      return [UInt8](try file.read(upToCount: count) ?? Data())
    } catch {
      throw DatasetError.unreadableFile(path: path)
    }
  }
}

/// zlib's inflate over a gzip stream read in pieces (multi-member streams included), giving
/// at most one piece of output per call.
final class GzipInflater {
  private let stream: UnsafeMutablePointer<z_stream>
  private let path: String
  private var input: [UInt8] = []
  private var inputOffset = 0
  private var compressedBytes = 0
  private var output = [UInt8](repeating: 0, count: LineReader.chunk)
  /// After a member's end: the next member, or only zero padding, may follow.
  private var betweenMembers = false
  private var padding = false

  init(path: String) throws {
    self.path = path
    stream = .allocate(capacity: 1)
    stream.initialize(to: z_stream())
    guard asf_inflate_init_gzip(stream) == Z_OK else {
      stream.deallocate()
      throw DatasetError.corruptGzip(path: path, detail: "zlib could not start (out of memory?)")
    }
  }

  deinit {
    inflateEnd(stream)
    stream.deinitialize(count: 1)
    stream.deallocate()
  }

  /// Appends the next piece of the text (at most one chunk) to `text`, calling `readMore`
  /// for compressed bytes as needed (empty at the end of the file). Returns false at the end
  /// of the stream.
  func produce(into text: inout [UInt8], readMore: () throws -> [UInt8]) throws -> Bool {
    while true {
      if inputOffset == input.count {
        input = try readMore()
        inputOffset = 0
        compressedBytes += input.count
        if input.isEmpty {
          guard betweenMembers else {
            throw DatasetError.truncatedGzip(path: path, compressedBytes: compressedBytes)
          }
          return false
        }
      }
      if padding {
        guard input[inputOffset...].allSatisfy({ $0 == 0 }) else { throw strayBytes() }
        inputOffset = input.count
        continue
      }
      if betweenMembers {
        if input[inputOffset] == 0 {
          padding = true
          continue
        }
        guard input[inputOffset] == 0x1f else { throw strayBytes() }
        inflateReset(stream)
        betweenMembers = false
      }
      let offset = inputOffset
      let status = input.withUnsafeBufferPointer { source -> Int32 in
        output.withUnsafeMutableBufferPointer { out -> Int32 in
          guard let inBase = source.baseAddress, let outBase = out.baseAddress else {
            return Z_BUF_ERROR
          }
          stream.pointee.next_in = UnsafeMutablePointer(mutating: inBase + offset)
          stream.pointee.avail_in = UInt32(source.count - offset)
          stream.pointee.next_out = outBase
          stream.pointee.avail_out = UInt32(out.count)
          return CZlib.inflate(stream, Z_NO_FLUSH)
        }
      }
      let produced = output.count - Int(stream.pointee.avail_out)
      inputOffset = input.count - Int(stream.pointee.avail_in)
      text.append(contentsOf: output[..<produced])
      switch status {
      case Z_OK,
        Z_BUF_ERROR where stream.pointee.avail_in == 0:
        break
      case Z_STREAM_END:
        betweenMembers = true
      default:
        let detail = stream.pointee.msg.map { String(cString: $0) } ?? "zlib error \(status)"
        throw DatasetError.corruptGzip(path: path, detail: detail)
      }
      if produced > 0 { return true }
    }
  }

  private func strayBytes() -> DatasetError {
    .corruptGzip(path: path, detail: "unexpected bytes follow the last gzip member")
  }
}

/// Whole lines out of bytes that arrive in pieces (a file that grows while it is followed):
/// a piece's complete lines are given at once, the rest kept for the next piece; a line that
/// grows past `maximumLine` without a newline is an error.
public struct LineAccumulator: Sendable {
  public let maximumLine: Int
  private var pending: [UInt8] = []

  public init(maximumLine: Int = LineReader.defaultMaximumLine) {
    self.maximumLine = maximumLine
  }

  /// Bytes waiting for their newline.
  public var pendingCount: Int { pending.count }

  /// The complete, non-empty lines that `piece` ends (without newlines).
  /// - Throws: `DatasetError.lineTooLong` (with `path` and the line's number `line`) when
  ///   the bytes after the last newline exceed `maximumLine`; the pending bytes are dropped.
  public mutating func add(_ piece: Data, path: String, line: Int) throws -> [Data] {
    pending.append(contentsOf: piece)
    guard let end = pending.lastIndex(of: UInt8(ascii: "\n")) else {
      if pending.count > maximumLine {
        pending = []
        throw DatasetError.lineTooLong(path: path, line: line, maximumBytes: maximumLine)
      }
      return []
    }
    let lines = pending[...end].split(separator: UInt8(ascii: "\n")).map { Data($0) }
    pending.removeFirst(end + 1)
    if pending.count > maximumLine {
      pending = []
      throw DatasetError.lineTooLong(
        path: path, line: line + lines.count, maximumBytes: maximumLine)
    }
    return lines
  }
}
