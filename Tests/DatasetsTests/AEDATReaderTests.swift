// Tests of the AEDAT 2.0 reader on hand-built files: every decoded field, and each error.

import Foundation
import XCTest

@testable import Datasets

final class AEDATReaderTests: XCTestCase {
  func testDecodesHeaderLinesAndEveryFieldOfEachEvent() throws {
    let bytes = aedatBytes(events: [
      (0x0000, 0),  // x 0, y 0, OFF
      (0x0001, 1),  // x 0, y 0, ON
      (0x7FFF, 250),  // x 127, y 127, ON
      (0x0A0B, 4_000_000),  // polarity 1, x = 0x0B >> 1 = 5, y = 0x0A = 10
      (0x64C8, 4_294_967_295),  // polarity 0, x = 0xC8 >> 1 = 100, y = 0x64 = 100
    ])
    let recording = try AEDATReader.recording(from: Data(bytes), path: "memory.aedat")
    XCTAssertEqual(recording.headerLines, standardAEDATHeader)
    XCTAssertEqual(recording.headerByteCount, standardAEDATHeaderSize)
    XCTAssertEqual(
      recording.events,
      [
        DVSEvent(x: 0, y: 0, polarity: 0, timestamp: 0),
        DVSEvent(x: 0, y: 0, polarity: 1, timestamp: 1),
        DVSEvent(x: 127, y: 127, polarity: 1, timestamp: 250),
        DVSEvent(x: 5, y: 10, polarity: 1, timestamp: 4_000_000),
        DVSEvent(x: 100, y: 100, polarity: 0, timestamp: 4_294_967_295),
      ])
  }

  func testAddressRoundTripsForEveryPixelAndPolarity() {
    for address in UInt32(0)..<0x8000 {
      XCTAssertEqual(DVSEvent(address: address, timestamp: 7)?.address, address)
    }
  }

  func testReadsAFileFromDiskAndAcceptsBareLineFeeds() throws {
    let directory = try makeTemporaryDirectory(self)
    let events = (0..<50).map { (i: Int) -> DVSEvent in
      let (x, y, polarity) = (UInt8(i), UInt8(127 - i), UInt8(i % 2))
      return DVSEvent(x: x, y: y, polarity: polarity, timestamp: UInt32(10 * i))
    }
    let path = try write(aedatBytes(events), to: "a.aedat", in: directory)
    XCTAssertEqual(try AEDATReader.events(atPath: path), events)

    let unix = aedatBytes(
      header: ["#!AER-DAT2.0", "# unix line ends"], lineEnd: "\n",
      events: events.map { ($0.address, $0.timestamp) })
    let recording = try AEDATReader.recording(from: Data(unix), path: "unix.aedat")
    XCTAssertEqual(recording.headerLines, ["#!AER-DAT2.0", "# unix line ends"])
    XCTAssertEqual(recording.events, events)
  }

  func testNoHeaderAtAllIsAccepted() throws {
    let bytes = aedatBytes(header: [], events: [(0x0203, 5)])
    let recording = try AEDATReader.recording(from: Data(bytes), path: "bare.aedat")
    XCTAssertEqual(recording.headerByteCount, 0)
    XCTAssertEqual(recording.events, [DVSEvent(x: 1, y: 2, polarity: 1, timestamp: 5)])
  }

  func testGzipCompressedFileReadsTheSame() throws {
    let directory = try makeTemporaryDirectory(self)
    let bytes = aedatBytes(events: [(0x0102, 1), (0x0304, 2)])
    let raw = try write(bytes, to: "raw.aedat", in: directory)
    let packed = try write(gzipped(bytes), to: "packed.aedat.gz", in: directory)
    XCTAssertEqual(try AEDATReader.events(atPath: packed), try AEDATReader.events(atPath: raw))
  }

  // MARK: - Errors

  func testTruncatedEventDataGivesTheByteCountsAndNamesTheFile() throws {
    let directory = try makeTemporaryDirectory(self)
    let whole = aedatBytes(events: [(1, 1), (2, 2), (3, 3)])
    let path = try write(Array(whole.dropLast(3)), to: "cut.aedat", in: directory)
    let error = datasetError { try AEDATReader.events(atPath: path) }
    XCTAssertEqual(
      error, .truncatedEvents(path: path, headerBytes: standardAEDATHeaderSize, eventBytes: 21))
    let message = error?.description ?? ""
    for needle in [path, "\(standardAEDATHeaderSize)-byte header", "21 bytes", "2 whole events"] {
      XCTAssertTrue(message.contains(needle), "missing \(needle) in: \(message)")
    }
  }

  func testAddressOutsideTheSensorGivesTheEventIndexAndCoordinates() throws {
    let directory = try makeTemporaryDirectory(self)
    let path = try write(
      aedatBytes(events: [(0x0001, 1), (0x0001, 2), (0x0001_8203, 3)]), to: "davis.aedat",
      in: directory)
    let error = datasetError { try AEDATReader.events(atPath: path) }
    XCTAssertEqual(
      error, .coordinateOutOfRange(path: path, index: 2, address: 0x0001_8203, x: 1, y: 0x182))
    let message = error?.description ?? ""
    XCTAssertTrue(message.contains(path), message)
    XCTAssertTrue(message.contains("y = 386"), message)
    XCTAssertTrue(message.contains("0x00018203"), message)
  }

  func testHeaderOnlyFileHasNoEvents() throws {
    let directory = try makeTemporaryDirectory(self)
    let path = try write(aedatBytes(events: []), to: "empty.aedat", in: directory)
    let error = datasetError { try AEDATReader.events(atPath: path) }
    XCTAssertEqual(error, .noEvents(path: path, headerBytes: standardAEDATHeaderSize))
    XCTAssertTrue(error?.description.contains(path) ?? false)

    // Cut off inside the header: still header-only, not a stray event.
    let cut = Array(aedatBytes(events: []).dropLast(5))
    let cutError = datasetError { try AEDATReader.recording(from: Data(cut), path: "cut") }
    XCTAssertEqual(cutError, .noEvents(path: "cut", headerBytes: cut.count))
  }

  func testSmallStepsBackInTimeAreKeptAndLargeOnesRejected() throws {
    let wobbly = aedatBytes(events: [(1, 100), (1, 5000), (1, 4000), (1, 5001)])
    let events = try AEDATReader.events(from: wobbly)
    XCTAssertEqual(events.map(\.timestamp), [100, 5000, 4000, 5001])

    // 4000 is 1000 µs before 5000, allowed; 3999 measured against the latest (5000) is not.
    let broken = aedatBytes(events: [(1, 100), (1, 5000), (1, 4000), (1, 3999)])
    let error = datasetError { try AEDATReader.recording(from: Data(broken), path: "b.aedat") }
    XCTAssertEqual(
      error,
      .timestampWentBackwards(path: "b.aedat", index: 3, latest: 5000, found: 3999, tolerance: 1000)
    )
    XCTAssertTrue(error?.description.contains("event 3") ?? false)
    XCTAssertNoThrow(
      try AEDATReader.recording(from: Data(broken), path: "b", backwardsTolerance: 2000))
  }

  func testOtherAEDATVersionsAreRejected() {
    let bytes = aedatBytes(header: ["#!AER-DAT3.1", "#Format: RAW"], events: [(1, 1)])
    let error = datasetError { try AEDATReader.recording(from: Data(bytes), path: "v3.aedat") }
    XCTAssertEqual(
      error,
      .unsupportedFormat(
        path: "v3.aedat", expected: "AEDAT 2.0 ('#!AER-DAT2.0')", found: "'#!AER-DAT3.1'"))
  }

  func testMissingFileAndFolderAreReported() throws {
    let directory = try makeTemporaryDirectory(self)
    let missing = directory.appendingPathComponent("nope.aedat").path
    XCTAssertEqual(
      datasetError { try AEDATReader.events(atPath: missing) }, .fileNotFound(tried: [missing]))
    XCTAssertEqual(
      datasetError { try AEDATReader.events(atPath: directory.path) },
      .unreadableFile(path: directory.path))
  }
}

extension AEDATReader {
  /// Decodes in-memory test bytes, named `test.aedat` in errors.
  fileprivate static func events(from bytes: [UInt8]) throws -> [DVSEvent] {
    try recording(from: Data(bytes), path: "test.aedat").events
  }
}
