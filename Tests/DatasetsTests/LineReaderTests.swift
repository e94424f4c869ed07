// The streaming line reader: the same lines as splitting the whole file, plain or gzip
// (several members, zero padding), with bounds on a line's length and on the expanded size
// that hold without the memory a whole read takes.

import XCTest

@testable import Datasets

/// Every line `reader` gives, as strings.
private func lines(of reader: LineReader) throws -> [String] {
  var result: [String] = []
  while let line = try reader.next() { result.append(String(decoding: line, as: UTF8.self)) }
  return result
}

final class LineReaderTests: XCTestCase {
  /// Lines of lengths 0 to ~700 kB (longer than a chunk), so that lines straddle chunks.
  private func sampleText() -> (text: [UInt8], lines: [String]) {
    var random = SystemRandomNumberGenerator()
    var lines: [String] = []
    for i in 0..<400 {
      let length = i % 97 == 0 ? Int.random(in: 300_000...700_000, using: &random) : i * 13 % 500
      lines.append(String(repeating: Character(UnicodeScalar(97 + i % 26)!), count: length))
    }
    return (Array((lines.joined(separator: "\n") + "\n").utf8), lines)
  }

  func testPlainAndGzipGiveTheLinesOfAWholeRead() throws {
    let directory = try makeTemporaryDirectory(self)
    let (text, expected) = sampleText()
    let plain = try write(text, to: "m.jsonl", in: directory)
    let plainReader = try LineReader(path: plain)
    XCTAssertEqual(try lines(of: plainReader), expected)
    XCTAssertEqual(plainReader.fraction, 1)
    // Two members and zero padding, as `cat a.gz b.gz` and some tools write them.
    let half = text.count / 2
    let cut = text[..<half].lastIndex(of: UInt8(ascii: "\n"))! + 1
    let gz =
      try gzipped(Array(text[..<cut])) + gzipped(Array(text[cut...]))
      + [UInt8](repeating: 0, count: 300)
    let compressed = try write(gz, to: "m.jsonl.gz", in: directory)
    let gzipReader = try LineReader(path: compressed)
    XCTAssertEqual(try lines(of: gzipReader), expected)
    XCTAssertEqual(gzipReader.lineNumber, expected.count)
    // Empty lines passed over, numbered as lines all the same.
    let skipping = try LineReader(path: compressed)
    var numbered: [Int] = []
    while try skipping.next(skippingEmpty: true) != nil { numbered.append(skipping.lineNumber) }
    XCTAssertEqual(numbered, expected.indices.filter { !expected[$0].isEmpty }.map { $0 + 1 })
    // A last line without a newline is a line too.
    let open = try write(Array("a\nb".utf8), to: "open.jsonl", in: directory)
    XCTAssertEqual(try lines(of: LineReader(path: open)), ["a", "b"])
  }

  func testAGzipBombIsRefusedAtItsBoundWithoutItsMemory() throws {
    let directory = try makeTemporaryDirectory(self)
    // 16 MiB of text in about 16 kB: 256 lines of 64 KiB.
    var text = [UInt8](repeating: UInt8(ascii: "x"), count: 16 << 20)
    for end in stride(from: (1 << 16) - 1, to: text.count, by: 1 << 16) {
      text[end] = UInt8(ascii: "\n")
    }
    let bomb = try gzipped(text)
    XCTAssertLessThan(bomb.count, 40_000)
    let path = try write(bomb, to: "metrics.jsonl.gz", in: directory)
    let reader = try LineReader(path: path, maximumBytes: 4 << 20)
    XCTAssertThrowsError(try lines(of: reader)) { error in
      XCTAssertEqual(error as? DatasetError, .expandsTooFar(path: path, maximumBytes: 4 << 20))
      XCTAssertTrue("\(error)".contains("more than 4 MiB"), "\(error)")
    }
    // Within the bound the same file reads, a chunk at a time.
    var count = 0
    let whole = try LineReader(path: path)
    while try whole.next() != nil { count += 1 }
    XCTAssertEqual(count, 256)
  }

  func testALineWithoutEndIsRefusedAtItsBound() throws {
    let directory = try makeTemporaryDirectory(self)
    let text = Array("{\"a\":1}\n".utf8) + [UInt8](repeating: 0, count: 3 << 20)
    let path = try write(text, to: "metrics.jsonl", in: directory)
    let reader = try LineReader(path: path, maximumLine: 1 << 20)
    XCTAssertEqual(try reader.next().map { String(decoding: $0, as: UTF8.self) }, "{\"a\":1}")
    XCTAssertThrowsError(try reader.next()) { error in
      XCTAssertEqual(
        error as? DatasetError, .lineTooLong(path: path, line: 2, maximumBytes: 1 << 20))
    }
  }

  func testDevicesFoldersAndDamagedGzipAreRefused() throws {
    XCTAssertThrowsError(try LineReader(path: "/dev/zero")) { error in
      XCTAssertEqual(error as? DatasetError, .unreadableFile(path: "/dev/zero"))
    }
    let directory = try makeTemporaryDirectory(self)
    XCTAssertThrowsError(try LineReader(path: directory.path))
    XCTAssertThrowsError(try LineReader(path: directory.path + "/none")) { error in
      XCTAssertEqual(error as? DatasetError, .fileNotFound(tried: [directory.path + "/none"]))
    }
    let gz = try gzipped(Array(repeating: UInt8(ascii: "x"), count: 10_000))
    let cut = try write(Array(gz.prefix(gz.count - 10)), to: "cut.gz", in: directory)
    XCTAssertThrowsError(try lines(of: LineReader(path: cut))) { error in
      guard case .truncatedGzip? = error as? DatasetError else { return XCTFail("\(error)") }
    }
    let stray = try write(gz + [1, 2, 3], to: "stray.gz", in: directory)
    XCTAssertThrowsError(try lines(of: LineReader(path: stray))) { error in
      guard case .corruptGzip? = error as? DatasetError else { return XCTFail("\(error)") }
    }
  }

  /// Pieces cut anywhere give the lines of the whole; a line past the bound is refused.
  func testTheAccumulatorGivesTheLinesOfTheWholeWhereverThePiecesAreCut() throws {
    let (text, expected) = sampleText()
    var random = SystemRandomNumberGenerator()
    var accumulator = LineAccumulator()
    var got: [String] = []
    var start = 0
    while start < text.count {
      let end = min(text.count, start + Int.random(in: 1...200_000, using: &random))
      got += try accumulator.add(Data(text[start..<end]), path: "p", line: got.count + 1)
        .map { String(decoding: $0, as: UTF8.self) }
      start = end
    }
    XCTAssertEqual(got, expected.filter { !$0.isEmpty })
    XCTAssertEqual(accumulator.pendingCount, 0)
    var bounded = LineAccumulator(maximumLine: 10)
    XCTAssertEqual(try bounded.add(Data("ab\ncd".utf8), path: "p", line: 1), [Data("ab".utf8)])
    XCTAssertThrowsError(try bounded.add(Data("efghijklm".utf8), path: "p", line: 2)) { error in
      XCTAssertEqual(error as? DatasetError, .lineTooLong(path: "p", line: 2, maximumBytes: 10))
    }
  }
}
