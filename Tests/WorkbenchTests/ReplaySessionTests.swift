// A replay made from a folder reads it in the background: the session publishes how much it
// has read, and a stop during the reading ends it at once instead of after the whole file.

import Foundation
import XCTest

@testable import Workbench

final class ReplaySessionTests: XCTestCase {
  /// A run folder with `batches` batch lines.
  private func runFolder(batches: Int) throws -> String {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("rs-\(UUID())").path
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    try Preset(name: "big").yaml.write(
      toFile: folder + "/preset.yaml", atomically: true, encoding: .utf8)
    let lines = (0..<batches).map { batch in
      "{\"type\":\"batch\",\"epoch\":0,\"batch\":\(batch),\"loss\":1,\"accuracy\":0.5,\"lr\":0.001,\"T\":10,\"samples_per_s\":5,\"scale\":[0.5],\"spike_rate\":[0.1],\"vth\":[1]}"
    }
    try (lines.joined(separator: "\n") + "\n").write(
      toFile: folder + "/metrics.jsonl", atomically: true, encoding: .utf8)
    return folder
  }

  /// Issue 12, point 13: a large run loads off the UI thread, with its progress, and a stop
  /// while it loads is obeyed at once.
  func testALargeRunLoadsInTheBackgroundAndStopsAtOnce() async throws {
    let folder = try runFolder(batches: 60_000)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let session = try ReplaySession(folder: folder)
    XCTAssertEqual(session.channel.snapshot.state, .idle, "nothing is read in the initialiser")
    let task = Task { await session.run() }
    var message = ""
    for _ in 0..<2000 where !message.contains("%") {
      try await Task.sleep(for: .milliseconds(5))
      message = session.channel.snapshot.message ?? ""
    }
    XCTAssertTrue(message.contains("metrics.jsonl: "), message)
    // The share is told from the start: the file is read a chunk at a time, not whole first.
    XCTAssertLessThan(Int(message.split(separator: " ").dropLast().last ?? "") ?? 100, 50, message)
    let asked = Date()
    session.channel.send(.stop)
    await task.value
    XCTAssertLessThan(Date().timeIntervalSince(asked), 2, "q ends the reading at once")
    let final = session.channel.snapshot
    XCTAssertEqual(final.state, .idle, "stopped while reading, before any frame was shown")
    XCTAssertEqual(final.batchesDone, 0)

    XCTAssertThrowsError(try ReplaySession(folder: folder + "/missing")) { error in
      guard case WorkbenchError.notARunFolder = error else { return XCTFail("\(error)") }
    }
  }

  /// A metrics file that is no run's records (one endless line) is refused with what is
  /// wrong, not read whole into memory.
  func testAnEndlessLineIsRefusedNamingTheFile() async throws {
    let folder = try runFolder(batches: 3)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let handle = try XCTUnwrap(FileHandle(forWritingAtPath: folder + "/metrics.jsonl"))
    try handle.seekToEnd()
    try handle.write(contentsOf: Data(repeating: UInt8(ascii: "x"), count: 17 << 20))
    try handle.close()
    XCTAssertThrowsError(try RunRecording(folder: folder)) { error in
      let text = "\(error)"
      XCTAssertTrue(text.contains("metrics.jsonl") && text.contains("16 MiB"), text)
    }
  }

  func testASmallRunLoadsAndPlays() async throws {
    let folder = try runFolder(batches: 30)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let session = try ReplaySession(folder: folder)
    let task = Task { await session.run() }
    var snapshot = session.channel.snapshot
    for _ in 0..<2000 where snapshot.batchesDone == 0 {
      try await Task.sleep(for: .milliseconds(5))
      snapshot = session.channel.snapshot
    }
    XCTAssertGreaterThan(snapshot.batchesDone, 0)
    guard case .replay(_, _, let length) = snapshot.source else { return XCTFail("not a replay") }
    XCTAssertEqual(length, 30)
    session.channel.send(.stop)
    await task.value
  }
}
