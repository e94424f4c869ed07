// Helpers shared by the Datasets tests: temporary folders, hand-built IDX files, gzip,
// and the real data's folders.

import Foundation
import XCTest

@testable import Datasets

/// A fresh temporary folder, removed when the test ends.
func makeTemporaryDirectory(_ test: XCTestCase) throws -> URL {
  let url = FileManager.default.temporaryDirectory
    .appendingPathComponent("asf-datasets-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  test.addTeardownBlock { try? FileManager.default.removeItem(at: url) }
  return url
}

/// The bytes of an IDX file: `magic`, big-endian dimensions, then `payload`.
func idxBytes(magic: UInt32, dimensions: [Int], payload: [UInt8]) -> [UInt8] {
  func word(_ value: UInt32) -> [UInt8] {
    [UInt8(value >> 24), UInt8(value >> 16 & 0xff), UInt8(value >> 8 & 0xff), UInt8(value & 0xff)]
  }
  return word(magic) + dimensions.flatMap { word(UInt32($0)) } + payload
}

/// An IDX images file of `count` 28×28 images whose pixel bytes count up from the index.
func idxImages(count: Int) -> [UInt8] {
  let payload = (0..<count * 784).map { UInt8(truncatingIfNeeded: $0 / 7) }
  return idxBytes(magic: IDXReader.imagesMagic, dimensions: [count, 28, 28], payload: payload)
}

/// An IDX labels file holding `labels`.
func idxLabels(_ labels: [UInt8]) -> [UInt8] {
  idxBytes(magic: IDXReader.labelsMagic, dimensions: [labels.count], payload: labels)
}

/// Writes `bytes` to `name` inside `directory` and returns the path.
@discardableResult
func write(_ bytes: [UInt8], to name: String, in directory: URL) throws -> String {
  let url = directory.appendingPathComponent(name)
  try Data(bytes).write(to: url)
  return url.path
}

/// `bytes` compressed by the system's gzip; skips the test when gzip is missing.
func gzipped(_ bytes: [UInt8]) throws -> [UInt8] {
  guard let gzip = ["/usr/bin/gzip", "/bin/gzip"].first(where: FileManager.default.fileExists)
  else {
    throw XCTSkip("No gzip executable at /usr/bin/gzip or /bin/gzip; cannot build .gz fixtures.")
  }
  let process = Process()
  process.executableURL = URL(fileURLWithPath: gzip)
  process.arguments = ["-c", "-n"]
  let input = Pipe()
  let output = Pipe()
  process.standardInput = input
  process.standardOutput = output
  try process.run()
  // Write on another thread so a large input cannot deadlock against a full output pipe.
  let writer = Thread {
    input.fileHandleForWriting.write(Data(bytes))
    try? input.fileHandleForWriting.close()
  }
  writer.start()
  let compressed = output.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  XCTAssertEqual(process.terminationStatus, 0, "gzip failed")
  return [UInt8](compressed)
}

/// The folder holding the real MNIST files, or an XCTSkip saying where it looked.
func realMNISTDirectory() throws -> String {
  do {
    return try DataLocator().mnistDirectory()
  } catch {
    throw XCTSkip("Real MNIST not available, skipping: \(error)")
  }
}

/// The folder holding the real CIFAR-10 batches, or an XCTSkip saying where it looked.
func realCIFAR10Directory() throws -> String {
  do {
    return try DataLocator().cifar10Directory()
  } catch {
    throw XCTSkip("Real CIFAR-10 not available, skipping: \(error)")
  }
}

/// The `DatasetError` that `body` throws; fails the test if it throws nothing or another error.
func datasetError<T>(
  file: StaticString = #filePath, line: UInt = #line, _ body: () throws -> T
) -> DatasetError? {
  do {
    _ = try body()
    XCTFail("expected a DatasetError, but nothing was thrown", file: file, line: line)
  } catch let error as DatasetError {
    return error
  } catch {
    XCTFail("expected a DatasetError, got \(error)", file: file, line: line)
  }
  return nil
}
