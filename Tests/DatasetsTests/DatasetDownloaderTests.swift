// DatasetDownloader against a LocalHTTPServer on 127.0.0.1: full download, resume after a
// dropped connection, checksum mismatch, skip when present, refused connection, HTTP
// errors, tarball unpacking, the catalogue and the manual CIFAR10-DVS procedure.
// No traffic leaves the machine.

import Foundation
import XCTest

@testable import Datasets

final class DatasetDownloaderTests: XCTestCase {
  /// 200,000 deterministic bytes; digests computed independently with Python's hashlib.
  private static let payload = (0..<200_000).map { UInt8(($0 * 7 + 3) % 251) }
  private static let payloadSHA256 =
    "d2979f63fc353288130be1837d34f088e378e76c5baa67b8a6077c950db3c286"
  private static let payloadMD5 = "40f3587844b8c6bce33ce9248a561ebb"
  private static let file = RemoteFile(name: "data.bin", checksum: .sha256(payloadSHA256))

  /// A served folder holding `data.bin`, and an empty target folder.
  private func folders() throws -> (served: URL, target: URL) {
    let served = try makeTemporaryDirectory(self)
    try write(Self.payload, to: "data.bin", in: served)
    return (served, try makeTemporaryDirectory(self).appendingPathComponent("mnist"))
  }

  private func contents(_ directory: URL, _ name: String) -> [UInt8]? {
    FileManager.default.contents(atPath: directory.appendingPathComponent(name).path).map {
      [UInt8]($0)
    }
  }

  func testFullDownloadVerifiesAndRenames() throws {
    let (served, target) = try folders()
    let server = try LocalHTTPServer(root: served, maxRequests: 1)
    let outcome = try DatasetDownloader(timeout: 5).download(
      Self.file, baseURL: server.baseURL, into: target.path)
    server.stop()
    XCTAssertEqual(outcome, .downloaded(bytes: 200_000, resumedFrom: 0))
    XCTAssertEqual(contents(target, "data.bin"), Self.payload)
    XCTAssertNil(contents(target, "data.bin.part"), "the .part must be renamed away")
    XCTAssertEqual(server.requests, [.init(path: "/data.bin", range: nil)])
  }

  func testMD5ChecksumIsAccepted() throws {
    let (served, target) = try folders()
    let server = try LocalHTTPServer(root: served, maxRequests: 1)
    let file = RemoteFile(name: "data.bin", checksum: .md5(Self.payloadMD5))
    let outcome = try DatasetDownloader(timeout: 5).download(
      file, baseURL: server.baseURL, into: target.path)
    XCTAssertEqual(outcome, .downloaded(bytes: 200_000, resumedFrom: 0))
  }

  func testInterruptedDownloadKeepsPartAndResumesWithRange() throws {
    let (served, target) = try folders()
    let server = try LocalHTTPServer(
      root: served, mode: .dropFirstResponse(afterBytes: 70_000), maxRequests: 2)
    let downloader = DatasetDownloader(timeout: 5)
    XCTAssertThrowsError(
      try downloader.download(Self.file, baseURL: server.baseURL, into: target.path)
    ) { error in
      guard case .downloadInterrupted(_, let partPath, let bytes, _) = error as? DatasetError
      else { return XCTFail("expected downloadInterrupted, got \(error)") }
      XCTAssertEqual(partPath, target.appendingPathComponent("data.bin.part").path)
      XCTAssertEqual(bytes, 70_000)
      XCTAssertTrue("\(error)".contains("run the same command again"))
    }
    XCTAssertNil(contents(target, "data.bin"), "no final file before the digest is checked")
    let part = try XCTUnwrap(contents(target, "data.bin.part"))
    XCTAssertEqual(part, Array(Self.payload.prefix(70_000)))

    let outcome = try downloader.download(Self.file, baseURL: server.baseURL, into: target.path)
    server.stop()
    XCTAssertEqual(outcome, .downloaded(bytes: 200_000, resumedFrom: 70_000))
    XCTAssertEqual(server.requests.map(\.range), [nil, "bytes=70000-"])
    XCTAssertEqual(contents(target, "data.bin"), Self.payload)
    XCTAssertNil(contents(target, "data.bin.part"))
  }

  func testResumeAgainstServerIgnoringRangeStartsOver() throws {
    let (served, target) = try folders()
    try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
    try write([1, 2, 3, 4, 5], to: "data.bin.part", in: target)  // not a prefix of the file
    let server = try LocalHTTPServer(root: served, mode: .ignoreRange, maxRequests: 1)
    let outcome = try DatasetDownloader(timeout: 5).download(
      Self.file, baseURL: server.baseURL, into: target.path)
    server.stop()
    XCTAssertEqual(outcome, .downloaded(bytes: 200_000, resumedFrom: 0))
    XCTAssertEqual(server.requests.map(\.range), ["bytes=5-"])
    XCTAssertEqual(contents(target, "data.bin"), Self.payload)
  }

  func testChecksumMismatchIsAnErrorAndLeavesNoFile() throws {
    let (served, target) = try folders()
    let server = try LocalHTTPServer(root: served, maxRequests: 1)
    let wrong = String(repeating: "0", count: 64)
    let file = RemoteFile(name: "data.bin", checksum: .sha256(wrong))
    XCTAssertThrowsError(
      try DatasetDownloader(timeout: 5).download(file, baseURL: server.baseURL, into: target.path)
    ) { error in
      XCTAssertEqual(
        error as? DatasetError,
        .checksumMismatch(
          url: server.baseURL + "data.bin",
          deletedPath: target.appendingPathComponent("data.bin.part").path,
          algorithm: "SHA-256", expected: wrong, found: Self.payloadSHA256))
      XCTAssertTrue("\(error)".contains("It was deleted"))
    }
    XCTAssertNil(contents(target, "data.bin"))
    XCTAssertNil(contents(target, "data.bin.part"))
  }

  func testFileAlreadyPresentWithRightChecksumIsSkipped() throws {
    let (served, target) = try folders()
    try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
    try write(Self.payload, to: "data.bin", in: target)
    let server = try LocalHTTPServer(root: served, maxRequests: 1, lifetime: 2)
    let outcome = try DatasetDownloader(timeout: 5).download(
      Self.file, baseURL: server.baseURL, into: target.path)
    server.stop()
    XCTAssertEqual(outcome, .alreadyPresent)
    XCTAssertEqual(server.requests, [])
  }

  func testRefusedConnectionSaysNoNetwork() throws {
    let port = try LocalHTTPServer.unusedPort()
    let target = try makeTemporaryDirectory(self).appendingPathComponent("mnist")
    let base = "http://127.0.0.1:\(port)/"
    XCTAssertThrowsError(
      try DatasetDownloader(timeout: 5).download(Self.file, baseURL: base, into: target.path)
    ) { error in
      guard
        case .noNetwork(let url, let files, let baseURL, let directory, _) =
          error as? DatasetError
      else { return XCTFail("expected noNetwork, got \(error)") }
      XCTAssertEqual(url, base + "data.bin")
      XCTAssertEqual(files, ["data.bin"])
      XCTAssertEqual(baseURL, base)
      XCTAssertEqual(directory, target.path)
      let message = "\(error)"
      XCTAssertTrue(message.hasPrefix("No network: "), message)
      XCTAssertTrue(
        message.contains("download 'data.bin' from \(base) on a machine with internet"), message)
      XCTAssertTrue(message.contains("copy it to \(target.path), or set ASF_DATA_DIR"), message)
    }
    XCTAssertNil(contents(target, "data.bin.part"))
  }

  func testNoNetworkInFetchNamesEveryMissingFile() throws {
    let port = try LocalHTTPServer.unusedPort()
    let root = try makeTemporaryDirectory(self)
    XCTAssertThrowsError(
      try DatasetDownloader(timeout: 5).fetch(
        DatasetCatalogue.mnist, intoRoot: root.path, baseURL: "http://127.0.0.1:\(port)")
    ) { error in
      guard case .noNetwork(_, let files, _, let directory, _) = error as? DatasetError else {
        return XCTFail("expected noNetwork, got \(error)")
      }
      XCTAssertEqual(files, MNIST.canonicalFileNames)
      XCTAssertEqual(directory, root.appendingPathComponent("mnist").path)
    }
  }

  /// Issue 12, point 16: a redirect loop is named in a sentence, not an NSError dump.
  func testARedirectLoopIsExplainedPlainly() throws {
    let (served, target) = try folders()
    let server = try LocalHTTPServer(root: served, mode: .redirectLoop, maxRequests: 40)
    XCTAssertThrowsError(
      try DatasetDownloader(timeout: 5).download(
        Self.file, baseURL: server.baseURL, into: target.path)
    ) { error in
      let message = "\(error)"
      XCTAssertTrue(message.contains("redirected too many times"), message)
      XCTAssertFalse(message.contains("Error Domain"), message)
    }
  }

  func testHTTPErrorNamesStatusAndURL() throws {
    let (served, target) = try folders()
    let server = try LocalHTTPServer(root: served, maxRequests: 1)
    let missing = RemoteFile(name: "missing.bin", checksum: .sha256(Self.payloadSHA256))
    XCTAssertThrowsError(
      try DatasetDownloader(timeout: 5).download(
        missing, baseURL: server.baseURL, into: target.path)
    ) { error in
      XCTAssertEqual(
        error as? DatasetError, .httpStatus(url: server.baseURL + "missing.bin", status: 404))
    }
    XCTAssertNil(contents(target, "missing.bin"))
  }

  func testFetchUnpacksTarballOnceAndThenSkips() throws {
    let served = try makeTemporaryDirectory(self)
    let staging = try makeTemporaryDirectory(self)
    let top = staging.appendingPathComponent("batches-bin")
    try FileManager.default.createDirectory(at: top, withIntermediateDirectories: true)
    try write([1, 2, 3], to: "data_batch_1.bin", in: top)
    try write([4, 5, 6], to: "test_batch.bin", in: top)
    try runTar([
      "-czf", served.appendingPathComponent("batches.tar.gz").path, "-C", staging.path,
      "batches-bin",
    ])
    let archive = served.appendingPathComponent("batches.tar.gz").path
    let md5 = try FileChecksum.md5(String(repeating: "0", count: 32)).digest(ofFileAt: archive)
    let entry = CatalogueEntry(
      name: "tiny", title: "Tiny", folder: "tiny",
      source: .files(
        baseURL: "http://unused.invalid/",
        files: [RemoteFile(name: "batches.tar.gz", checksum: .md5(md5))], extract: true),
      readyMarkers: ["data_batch_1.bin", "test_batch.bin"])
    let root = try makeTemporaryDirectory(self)
    let server = try LocalHTTPServer(root: served, maxRequests: 1)
    let first = try DatasetDownloader(timeout: 5).fetch(
      entry, intoRoot: root.path, baseURL: server.baseURL)
    let folder = root.appendingPathComponent("tiny")
    XCTAssertEqual(first.downloaded, ["batches.tar.gz"])
    XCTAssertEqual(first.extracted, ["batches.tar.gz"])
    XCTAssertEqual(contents(folder, "data_batch_1.bin"), [1, 2, 3])
    XCTAssertEqual(contents(folder, "test_batch.bin"), [4, 5, 6])

    let second = try DatasetDownloader(timeout: 5).fetch(
      entry, intoRoot: root.path, baseURL: server.baseURL)
    server.stop()
    XCTAssertEqual(second.alreadyPresent, ["batches.tar.gz"])
    XCTAssertEqual(second.extracted, [])
    XCTAssertEqual(server.requests.count, 1)
  }

  func testCIFAR10DVSExplainsTheManualDownloadUntilTheLayoutIsThere() throws {
    let root = try makeTemporaryDirectory(self)
    let folder = root.appendingPathComponent("cifar10-dvs")
    XCTAssertThrowsError(
      try DatasetDownloader().fetch(DatasetCatalogue.cifar10DVS, intoRoot: root.path)
    ) { error in
      let message = "\(error)"
      XCTAssertTrue(message.contains("figshare.com"), message)
      XCTAssertTrue(message.contains("'truck.zip'"), message)
      XCTAssertTrue(message.contains("\(folder.path)/airplane/"), message)
      XCTAssertTrue(message.contains(".aedat"), message)
    }
    for name in DatasetCatalogue.cifarClasses {
      let classFolder = folder.appendingPathComponent(name)
      try FileManager.default.createDirectory(at: classFolder, withIntermediateDirectories: true)
      try write([0], to: "cifar10_\(name)_0.aedat", in: classFolder)
    }
    let summary = try DatasetDownloader().fetch(DatasetCatalogue.cifar10DVS, intoRoot: root.path)
    XCTAssertEqual(summary.directory, folder.path)
  }

  func testCatalogueURLsAndChecksums() throws {
    guard case .files(let base, let files, let extract) = DatasetCatalogue.mnist.source else {
      return XCTFail("MNIST must be a direct download")
    }
    XCTAssertFalse(extract)
    XCTAssertEqual(files.map(\.name), MNIST.canonicalFileNames)
    XCTAssertTrue(
      files.allSatisfy { $0.checksum.algorithm == "SHA-256" && $0.checksum.hex.count == 64 })
    XCTAssertEqual(
      files[0].url(base: base)?.absoluteString,
      "https://ossci-datasets.s3.amazonaws.com/mnist/train-images-idx3-ubyte.gz")
    XCTAssertEqual(
      files[0].url(base: "http://mirror.example/mnist")?.absoluteString,
      "http://mirror.example/mnist/train-images-idx3-ubyte.gz")
    XCTAssertNil(files[0].url(base: "ftp://mirror.example/"))
    XCTAssertEqual(
      DatasetCatalogue.entry(named: "cifar10")?.source,
      .files(
        baseURL: "https://www.cs.toronto.edu/~kriz/",
        files: [
          RemoteFile(
            name: "cifar-10-binary.tar.gz", checksum: .md5("c32a1d4ab5d03f1284b67883e8d87530"))
        ], extract: true))
    XCTAssertEqual(HTTPTransfer.rangeStart("bytes 70000-199999/200000"), 70_000)
    XCTAssertNil(HTTPTransfer.rangeStart("items 1-2/3"))
  }

  private func runTar(_ arguments: [String]) throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/tar")
    process.arguments = arguments
    try process.run()
    process.waitUntilExit()
    XCTAssertEqual(process.terminationStatus, 0)
  }
}
