// Tests of IDX parsing on hand-built files: headers, scaling, and each rejection.

import XCTest

@testable import Datasets

final class IDXReaderTests: XCTestCase {
  func testImagesAreParsedBigEndianAndScaledToUnitRange() throws {
    let payload: [UInt8] = [0, 51, 255, 102, 0, 0, 255, 255, 1, 2, 3, 4]
    let bytes = idxBytes(magic: IDXReader.imagesMagic, dimensions: [2, 2, 3], payload: payload)
    let header = try IDXReader.header(of: bytes, expectedMagic: IDXReader.imagesMagic, path: "x")
    XCTAssertEqual(header.dimensions, [2, 2, 3])
    XCTAssertEqual(header.payloadOffset, 16)
    XCTAssertEqual(header.elementCount, 12)

    let images = try IDXReader.images(from: bytes, path: "x")
    XCTAssertEqual(images.count, 2)
    XCTAssertEqual(images.height, 2)
    XCTAssertEqual(images.width, 3)
    XCTAssertEqual(images.pixels.count, payload.count)
    for (pixel, byte) in zip(images.pixels, payload) {
      XCTAssertEqual(pixel, Float(byte) / 255, accuracy: 1e-6)
    }
  }

  func testLabelsAreReadAndCheckedAgainstTheClassCount() throws {
    let bytes = idxLabels([3, 0, 9, 12, 4])
    XCTAssertEqual(
      datasetError { try IDXReader.labels(from: bytes, path: "l", classCount: 10) },
      .labelOutOfRange(path: "l", index: 3, value: 12, classCount: 10))
    XCTAssertEqual(try IDXReader.labels(from: bytes, path: "l", classCount: 13), [3, 0, 9, 12, 4])
  }

  func testWrongMagicReportsBothNumbersInHex() {
    let error = datasetError { try IDXReader.images(from: idxLabels([1, 2]), path: "swapped") }
    XCTAssertEqual(
      error,
      .wrongMagic(path: "swapped", expected: IDXReader.imagesMagic, found: IDXReader.labelsMagic))
    let message = error?.description ?? ""
    XCTAssertTrue(message.contains("0x00000803"), message)
    XCTAssertTrue(message.contains("0x00000801"), message)
    XCTAssertTrue(message.contains("'swapped'"), message)
  }

  func testShortHeaderAndShortPayloadAreTruncated() {
    XCTAssertEqual(
      datasetError { try IDXReader.labels(from: [0, 0], path: "p", classCount: 10) },
      .truncated(path: "p", expectedBytes: 4, foundBytes: 2))
    let header = Array(idxImages(count: 1).prefix(10))
    XCTAssertEqual(
      datasetError { try IDXReader.images(from: header, path: "p") },
      .truncated(path: "p", expectedBytes: 16, foundBytes: 10))
    let short = Array(idxImages(count: 3).dropLast(100))
    XCTAssertEqual(
      datasetError { try IDXReader.images(from: short, path: "p") },
      .truncated(path: "p", expectedBytes: 16 + 3 * 784, foundBytes: 16 + 3 * 784 - 100))
  }

  func testExtraBytesAreRejected() {
    XCTAssertEqual(
      datasetError {
        try IDXReader.labels(from: idxLabels([1, 2]) + [0], path: "p", classCount: 10)
      },
      .trailingBytes(path: "p", expectedBytes: 10, foundBytes: 11))
  }

  func testHugeDimensionsDoNotOverflow() {
    let bytes = idxBytes(
      magic: IDXReader.imagesMagic, dimensions: [0xFFFF_FFFF, 0xFFFF_FFFF, 0xFFFF_FFFF], payload: []
    )
    guard case .truncated? = datasetError({ try IDXReader.images(from: bytes, path: "p") }) else {
      return XCTFail("absurd dimensions should read as a truncated file")
    }
  }
}
