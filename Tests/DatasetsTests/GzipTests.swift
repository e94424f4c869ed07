// Tests of gzip decompression against the system gzip, and of its error cases.

import Foundation
import XCTest

@testable import Datasets

final class GzipTests: XCTestCase {
  /// 300 KB that compress well but not trivially.
  private let original: [UInt8] = (0..<300_000).map {
    UInt8(truncatingIfNeeded: $0 * 7 + $0 / 1000)
  }

  func testRoundTripThroughSystemGzip() throws {
    let compressed = try gzipped(original)
    XCTAssertTrue(Gzip.isCompressed(compressed))
    XCTAssertLessThan(compressed.count, original.count)
    XCTAssertEqual(try Gzip.decompress(compressed, path: "memory.gz"), original)
  }

  func testEmptyPayloadRoundTrips() throws {
    XCTAssertEqual(try Gzip.decompress(try gzipped([]), path: "empty.gz"), [])
  }

  func testMultiMemberStreamIsDecompressedWhole() throws {
    let first = Array(original[0..<1000])
    let second = Array(original[1000..<250_000])
    let joined = try gzipped(first) + gzipped(second)
    XCTAssertEqual(try Gzip.decompress(joined, path: "joined.gz"), first + second)
  }

  func testZeroPaddingAfterTheLastMemberIsIgnored() throws {
    let padded = try gzipped(original) + [UInt8](repeating: 0, count: 512)
    XCTAssertEqual(try Gzip.decompress(padded, path: "padded.gz"), original)
  }

  func testTruncatedStreamThrowsTruncatedGzip() throws {
    let compressed = try gzipped(original)
    for keep in [0, 10, compressed.count / 2, compressed.count - 4] {
      let error = datasetError {
        try Gzip.decompress(Array(compressed.prefix(keep)), path: "cut.gz")
      }
      XCTAssertEqual(error, .truncatedGzip(path: "cut.gz", compressedBytes: keep), "keep \(keep)")
    }
  }

  /// Issue 12, point 4: a cut file ends in arbitrary bytes, which the trailer's size field
  /// would read as up to 4 GiB; the first buffer stays within a small multiple of the input.
  func testACutFileDoesNotSizeItsBufferFromItsLastBytes() throws {
    let whole = try gzipped(original)
    var cut = Array(whole.prefix(whole.count / 2))
    cut.replaceSubrange((cut.count - 4)..<cut.count, with: [0xFF, 0xFF, 0xFF, 0x7F])
    let capacity = Gzip.initialCapacity(for: cut)
    XCTAssertLessThanOrEqual(capacity, cut.count * 16 + 4096)
    XCTAssertGreaterThanOrEqual(capacity, cut.count * 2)
    XCTAssertThrowsError(try Gzip.decompress(cut, path: "cut.gz")) { error in
      guard case DatasetError.truncatedGzip = error else { return XCTFail("\(error)") }
    }
    // A whole file of ordinary ratio still gets a buffer that holds it all at once.
    var state: UInt32 = 12345
    let noise: [UInt8] = (0..<20_000).map { _ in
      state = state &* 1_664_525 &+ 1_013_904_223
      return UInt8(truncatingIfNeeded: state >> 24)
    }
    XCTAssertGreaterThanOrEqual(Gzip.initialCapacity(for: try gzipped(noise)), 20_000)
  }

  func testDamagedStreamThrowsCorruptGzipNamingThePath() throws {
    // Damage the CRC-32 in the trailer: the data decodes, but the checksum fails.
    // (Flipping bits in the deflate data may instead read as a truncated stream.)
    var damaged = try gzipped(original)
    damaged[damaged.count - 8] ^= 0xff
    let error = datasetError { try Gzip.decompress(damaged, path: "/tmp/damaged.gz") }
    guard case .corruptGzip(let path, let detail)? = error else {
      return XCTFail("expected corruptGzip, got \(String(describing: error))")
    }
    XCTAssertEqual(path, "/tmp/damaged.gz")
    XCTAssertFalse(detail.isEmpty)
    XCTAssertTrue(error?.description.contains("/tmp/damaged.gz") ?? false)
  }

  func testTrailingGarbageAndBadHeaderAreCorrupt() throws {
    let garbage = try gzipped(original) + Array("junk".utf8)
    guard case .corruptGzip? = datasetError({ try Gzip.decompress(garbage, path: "g.gz") }) else {
      return XCTFail("trailing garbage should be corrupt")
    }
    let notGzip = Array("plain text, not gzip".utf8)
    guard case .corruptGzip? = datasetError({ try Gzip.decompress(notGzip, path: "t.gz") }) else {
      return XCTFail("a missing gzip header should be corrupt")
    }
  }

  func testReadFileDecompressesByExtensionOrMagic() throws {
    let directory = try makeTemporaryDirectory(self)
    let compressed = try gzipped(original)
    let raw = try write(original, to: "plain.bin", in: directory)
    let byName = try write(compressed, to: "named.bin.gz", in: directory)
    let byMagic = try write(compressed, to: "disguised.bin", in: directory)
    XCTAssertEqual(try Gzip.readFile(atPath: raw), original)
    XCTAssertEqual(try Gzip.readFile(atPath: byName), original)
    XCTAssertEqual(try Gzip.readFile(atPath: byMagic), original)

    let missing = directory.appendingPathComponent("missing.bin").path
    XCTAssertEqual(
      datasetError { try Gzip.readFile(atPath: missing) }, .fileNotFound(tried: [missing]))
    XCTAssertEqual(
      datasetError { try Gzip.readFile(atPath: directory.path) },
      .unreadableFile(path: directory.path))
  }
}
