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
}
