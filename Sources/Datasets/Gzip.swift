// gzip decompression through zlib, and reading a data file that may be compressed.
// Decompression only: the project never writes gzip files.

import CZlib
import Foundation

/// gzip decompression (RFC 1952) with zlib, including multi-member streams.
public enum Gzip {
  /// Whether `bytes` start with the gzip magic bytes `1f 8b`.
  public static func isCompressed(_ bytes: [UInt8]) -> Bool {
    bytes.count >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b
  }

  /// Decompresses a whole gzip stream held in memory.
  ///
  /// Concatenated members (as written by `cat a.gz b.gz`) are decompressed one after
  /// another; zero padding after the last member is ignored.
  /// - Parameters:
  ///   - path: names the source in errors only.
  ///   - maximum: the most bytes it may expand to (past it: `corruptGzip`, nothing more read).
  /// - Throws: `DatasetError.truncatedGzip` if the data ends before a member's trailer,
  ///   `DatasetError.corruptGzip` for a bad header, bad data, a checksum mismatch,
  ///   stray bytes after the last member or more than `maximum` bytes.
  public static func decompress(
    _ compressed: [UInt8], path: String, maximum: Int = Int.max
  ) throws -> [UInt8] {
    guard !compressed.isEmpty else {
      throw DatasetError.truncatedGzip(path: path, compressedBytes: 0)
    }
    guard compressed.count <= Int(UInt32.max) else {
      throw DatasetError.corruptGzip(path: path, detail: "it is larger than 4 GiB")
    }
    // zlib keeps a pointer back to the z_stream, so it must not move between calls.
    let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
    stream.initialize(to: z_stream())
    defer {
      stream.deinitialize(count: 1)
      stream.deallocate()
    }
    guard asf_inflate_init_gzip(stream) == Z_OK else {
      throw DatasetError.corruptGzip(path: path, detail: "zlib could not start (out of memory?)")
    }
    defer { inflateEnd(stream) }

    var output = [UInt8](repeating: 0, count: min(initialCapacity(for: compressed), maximum))
    var produced = 0
    try compressed.withUnsafeBufferPointer { input in
      guard let inputBase = input.baseAddress else { return }
      stream.pointee.next_in = UnsafeMutablePointer(mutating: inputBase)
      stream.pointee.avail_in = UInt32(input.count)
      while true {
        if produced == output.count {
          guard produced < maximum else {
            throw DatasetError.corruptGzip(
              path: path, detail: "it expands to more than \(maximum) bytes, more than it may hold")
          }
          output.append(
            contentsOf: repeatElement(0, count: min(max(output.count, 1 << 16), maximum - produced))
          )
        }
        let status = output.withUnsafeMutableBufferPointer { out -> Int32 in
          guard let outBase = out.baseAddress else { return Z_BUF_ERROR }
          let room = min(out.count - produced, Int(UInt32.max))
          stream.pointee.next_out = outBase + produced
          stream.pointee.avail_out = UInt32(room)
          let status = inflate(stream, Z_NO_FLUSH)
          produced += room - Int(stream.pointee.avail_out)
          return status
        }
        switch status {
        case Z_OK:
          continue
        case Z_STREAM_END:
          let remaining = Int(stream.pointee.avail_in)
          if remaining == 0 { return }
          let offset = input.count - remaining
          if remaining >= 2 && input[offset] == 0x1f && input[offset + 1] == 0x8b {
            inflateReset(stream)  // the next member of a multi-member file
            continue
          }
          if input[offset...].allSatisfy({ $0 == 0 }) { return }
          throw DatasetError.corruptGzip(
            path: path,
            detail: "\(remaining) unexpected bytes follow the last gzip member at offset \(offset)"
          )
        case Z_BUF_ERROR where stream.pointee.avail_out > 0:
          // No progress with room to spare: the input ran out mid-stream.
          throw DatasetError.truncatedGzip(path: path, compressedBytes: input.count)
        case Z_BUF_ERROR:
          continue  // the output is full; the loop grows it
        default:
          let detail = stream.pointee.msg.map { String(cString: $0) } ?? "zlib error \(status)"
          throw DatasetError.corruptGzip(path: path, detail: detail)
        }
      }
    }
    output.removeLast(output.count - produced)
    return output
  }

  /// Reads the file at `path`, decompressing it when its name ends in `.gz` or its
  /// contents start with the gzip magic bytes.
  /// - Throws: `DatasetError.fileNotFound`, `.unreadableFile`, or a gzip error.
  public static func readFile(atPath path: String) throws -> [UInt8] {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      throw DatasetError.fileNotFound(tried: [path])
    }
    guard !isDirectory.boolValue, let data = FileManager.default.contents(atPath: path) else {
      throw DatasetError.unreadableFile(path: path)
    }
    let bytes = [UInt8](data)
    if path.hasSuffix(".gz") || isCompressed(bytes) {
      return try decompress(bytes, path: path)
    }
    return bytes
  }

  /// How much larger than the compressed input the first output buffer may be. The
  /// trailer's ISIZE is only a hint: a cut or damaged file ends in arbitrary bytes, so the
  /// guess is bounded by a ratio real data sets stay under (MNIST's images: about 6:1);
  /// beyond it the buffer grows only as output is actually produced.
  static let trustedRatio = 16

  /// A first guess at the decompressed size: the trailer's ISIZE field (the size of the
  /// last member modulo 2^32), at most `trustedRatio` times the compressed size.
  static func initialCapacity(for compressed: [UInt8]) -> Int {
    var isize = 0
    if compressed.count >= 18 {
      let tail = compressed.suffix(4)
      isize = tail.reversed().reduce(0) { $0 << 8 | Int($1) }
    }
    let bound = compressed.count * trustedRatio + 4096
    return min(max(isize, compressed.count * 2, 4096), bound)
  }
}
