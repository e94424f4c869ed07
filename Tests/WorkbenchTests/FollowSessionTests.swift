// Following a run folder while it is written (issue 16): the session shows the lines that
// have arrived (a half-written last line waits), takes the backend's state and notice lines,
// writes the keys as control lines only with control, and says so without.

import Foundation
import XCTest

@testable import Workbench

final class FollowSessionTests: XCTestCase {
  var folder = ""

  override func setUpWithError() throws {
    folder = FileManager.default.temporaryDirectory.appendingPathComponent("follow-\(UUID())").path
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    try "name: followed\nepochs: 2\nbatch-size: 10\n".write(
      toFile: folder + "/preset.yaml", atomically: true, encoding: .utf8)
    FileManager.default.createFile(atPath: folder + "/metrics.jsonl", contents: nil)
  }

  override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: folder) }

  func append(_ text: String) throws {
    let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: folder + "/metrics.jsonl"))
    try handle.seekToEnd()
    try handle.write(contentsOf: Data(text.utf8))
    try handle.close()
  }

  func batch(_ b: Int, timeSteps: Int = 10) -> String {
    "{\"type\":\"batch\",\"epoch\":0,\"batch\":\(b),\"loss\":5,\"accuracy\":0.5,\"lr\":0.001,\"T\":\(timeSteps),\"samples_per_s\":50,\"scale\":[0.5],\"spike_rate\":[0.1],\"vth\":[1]}\n"
  }

  func waitFor(_ channel: SessionChannel, _ what: String, _ condition: (SessionSnapshot) -> Bool)
    async throws -> SessionSnapshot
  {
    let deadline = Date().addingTimeInterval(20)
    while Date() < deadline {
      if condition(channel.snapshot) { return channel.snapshot }
      try await Task.sleep(for: .milliseconds(20))
    }
    XCTFail("timed out waiting for \(what)")
    return channel.snapshot
  }

  func testItShowsTheLinesAsTheyArriveAndWatchesOnlyWithoutControl() async throws {
    let session = FollowSession(folder: folder, control: false)
    let task = Task.detached { await session.run() }
    try append(
      "{\"type\":\"state\",\"state\":\"running\",\"batches\":6,\"epochs\":2}\n" + batch(0)
        + batch(1) + "{\"type\":\"batch\",\"epo")
    var snapshot = try await waitFor(session.channel, "two batches") { $0.batchesDone == 2 }
    XCTAssertEqual(snapshot.state, .running)
    XCTAssertEqual(snapshot.batchesPerEpoch, 6, "from the state line")
    XCTAssertEqual(snapshot.secondsRemaining, Double(10 * 10) / 50, accuracy: 1e-9)
    // The rest of the half-written line arrives: now it counts.
    try append(
      "ch\":0,\"batch\":2,\"loss\":5,\"accuracy\":0.5,\"lr\":0.001,\"T\":20,\"samples_per_s\":50,\"scale\":[0.5],\"spike_rate\":[0.1],\"vth\":[1]}\n"
    )
    snapshot = try await waitFor(session.channel, "the third batch") { $0.batchesDone == 3 }
    XCTAssertEqual(snapshot.timeSteps, 20)
    session.channel.send(.pause)
    snapshot = try await waitFor(session.channel, "the read-only notice") {
      $0.message?.contains("read-only") ?? false
    }
    XCTAssertFalse(FileManager.default.fileExists(atPath: folder + "/control.jsonl"))
    try append("{\"type\":\"state\",\"state\":\"paused\",\"batches\":6,\"epochs\":2}\n")
    _ = try await waitFor(session.channel, "paused") { $0.state == .paused }
    session.channel.send(.stop)
    await task.value
  }

  func testWithControlTheKeysBecomeControlLines() async throws {
    let session = FollowSession(folder: folder, control: true)
    let task = Task.detached { await session.run() }
    try append(batch(0))
    _ = try await waitFor(session.channel, "a batch") { $0.batchesDone == 1 }
    session.channel.send(.pause)
    session.channel.send(.nudgeThreshold(layer: 0, by: 0.1))
    session.channel.send(.longerTimeWindow)
    session.channel.send(.scaleLearningRate(by: 2))
    _ = try await waitFor(session.channel, "the sent notice") {
      $0.message?.contains("sent to the run") ?? false
    }
    try append("{\"type\":\"notice\",\"text\":\"T 10 → 20 from the next batch\"}\n")
    _ = try await waitFor(session.channel, "the backend's notice") {
      $0.message == "T 10 → 20 from the next batch"
    }
    session.channel.send(.stop)
    await task.value
    let lines = try String(contentsOfFile: folder + "/control.jsonl", encoding: .utf8)
      .split(separator: "\n").map {
        try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] ?? [:]
      }
    XCTAssertEqual(lines.map { $0["command"] as? String }, ["pause", "threshold", "T", "lr"])
    XCTAssertEqual(lines[1]["layer"] as? Int, 0)
    XCTAssertEqual(lines[1]["by"] as? Double ?? 0, 0.1, accuracy: 1e-6)
    XCTAssertEqual(lines[2]["longer"] as? Bool, true)
    XCTAssertEqual(lines[3]["factor"] as? Double, 2)
  }

  /// Issue 27, point 20: a run that holds every epoch of its preset is finished, whether or
  /// not it wrote its last state; a folder deleted while followed says so.
  func testAFinishedRunIsFinishedAndADeletedFolderSaysSo() async throws {
    let session = FollowSession(folder: folder, control: false)
    let task = Task.detached { await session.run() }
    let epoch = "{\"type\":\"epoch\",\"epoch\":0,\"test_accuracy\":0.5}\n"
    try append(batch(0) + epoch + batch(0) + epoch)
    let snapshot = try await waitFor(session.channel, "finished") { $0.state == .finished }
    XCTAssertEqual(snapshot.batchesDone, 2)
    try FileManager.default.removeItem(atPath: folder)
    let gone = try await waitFor(session.channel, "the deleted notice") {
      if case .failed(let why) = $0.state { return why.contains("was deleted") }
      return false
    }
    XCTAssertEqual(gone.batchesDone, 2, "what was shown stays")
    session.channel.send(.stop)
    await task.value
  }

  /// Issue 27, point 12: metrics.jsonl that is a device (a link to /dev/zero) or holds an
  /// endless line is refused, not read without bound.
  func testADeviceOrAnEndlessLineIsRefused() async throws {
    try FileManager.default.removeItem(atPath: folder + "/metrics.jsonl")
    try FileManager.default.createSymbolicLink(
      atPath: folder + "/metrics.jsonl", withDestinationPath: "/dev/zero")
    let session = FollowSession(folder: folder, control: false)
    let task = Task.detached { await session.run() }
    _ = try await waitFor(session.channel, "the refusal") {
      if case .failed(let why) = $0.state { return why.contains("not a regular file") }
      return false
    }
    session.channel.send(.stop)
    await task.value

    try FileManager.default.removeItem(atPath: folder + "/metrics.jsonl")
    FileManager.default.createFile(atPath: folder + "/metrics.jsonl", contents: nil)
    try append(batch(0))
    let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: folder + "/metrics.jsonl"))
    try handle.seekToEnd()
    try handle.write(contentsOf: Data(repeating: UInt8(ascii: "x"), count: 17 << 20))
    try handle.close()
    let endless = FollowSession(folder: folder, control: false)
    let second = Task.detached { await endless.run() }
    let refused = try await waitFor(endless.channel, "the long-line refusal") {
      if case .failed(let why) = $0.state { return why.contains("16 MiB") }
      return false
    }
    XCTAssertEqual(refused.batchesDone, 1, "the lines before it were read")
    endless.channel.send(.stop)
    await second.value
  }

  /// Issue 27, points 14 and 21: control.jsonl that is a FIFO or a symbolic link is not
  /// written (nor waited on), and the notice says nothing was sent.
  func testAControlFileThatIsNoRegularFileIsRefusedAtOnce() async throws {
    let target = folder + "/elsewhere.txt"
    FileManager.default.createFile(atPath: target, contents: nil)
    try FileManager.default.createSymbolicLink(
      atPath: folder + "/control.jsonl", withDestinationPath: target)
    let session = FollowSession(folder: folder, control: true)
    let task = Task.detached { await session.run() }
    try append(batch(0))
    _ = try await waitFor(session.channel, "a batch") { $0.batchesDone == 1 }
    session.channel.send(.pause)
    let linked = try await waitFor(session.channel, "the link refusal") {
      $0.message?.contains("symbolic link") ?? false
    }
    XCTAssertFalse(linked.message?.contains("sent") ?? true)
    XCTAssertEqual(try String(contentsOfFile: target, encoding: .utf8), "", "the target untouched")
    try FileManager.default.removeItem(atPath: folder + "/control.jsonl")
    XCTAssertEqual(mkfifo(folder + "/control.jsonl", 0o644), 0)
    let asked = Date()
    session.channel.send(.pause)
    _ = try await waitFor(session.channel, "the FIFO refusal") {
      $0.message?.contains("FIFO") ?? false
    }
    session.channel.send(.stop)
    await task.value
    XCTAssertLessThan(Date().timeIntervalSince(asked), 5, "nothing waits for a reader")
  }
}
