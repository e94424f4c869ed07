// The base of the end-to-end tests that drive the real asf-tui binary in tmux at 120×40
// with keys like a person, reading the screen back through `tmux capture-pane`. Each test
// gets a tmux server of its own; without tmux the tests skip with a message.

import Foundation
import XCTest

class TmuxTestCase: XCTestCase {
  /// The package root (this file is Tests/EndToEndTests/…).
  let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
  let socket = "asf-e2e-\(getpid())"
  let sessionName = "e2e"

  /// Runs tmux on this test's own server through /bin/sh with posix_spawn and waitpid
  /// (output to a file: the server started by the first call keeps inherited handles open).
  @discardableResult
  func tmux(_ arguments: [String]) throws -> String {
    let output = FileManager.default.temporaryDirectory.appendingPathComponent("tmux-\(UUID())")
    defer { try? FileManager.default.removeItem(at: output) }
    let quoted = (["tmux", "-L", socket] + arguments).map {
      "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
    let command = quoted.joined(separator: " ") + " > '\(output.path)' 2>/dev/null < /dev/null"
    var pid: pid_t = 0
    let words: [String] = ["/bin/sh", "-c", command]
    let argv: [UnsafeMutablePointer<CChar>?] = words.map { word in word.withCString { strdup($0) } }
    defer { for pointer in argv { free(pointer) } }
    let spawned = posix_spawn(&pid, "/bin/sh", nil, nil, argv + [nil], environ)
    guard spawned == 0 else { throw XCTSkip("cannot start /bin/sh: \(spawned)") }
    var status: Int32 = 0
    waitpid(pid, &status, 0)
    return (try? String(contentsOf: output, encoding: .utf8)) ?? ""
  }

  /// A fresh path under the temporary folder (not created), removed after the test.
  func temporaryPath(_ prefix: String) -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID())")
      .path
    addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
    return path
  }

  func screen() throws -> String { try tmux(["capture-pane", "-p", "-t", sessionName]) }

  func keys(_ keys: String...) throws { try self.keys(contentsOf: keys) }

  func keys(contentsOf keys: [String]) throws {
    try tmux(["send-keys", "-t", sessionName] + keys)
  }

  /// Waits until the screen contains `text` (or fails after `seconds`).
  @discardableResult
  func waitFor(_ text: String, seconds: Double = 60, _ why: String) throws -> String {
    try waitUntil(seconds: seconds, "\(why) ('\(text)')") { $0.contains(text) }
  }

  /// Waits until the shell has printed a command's `EXIT=<status>` (the typed command's own
  /// `echo EXIT=$?` is on the screen from the start, so the status digits are what count);
  /// `marker` names another word than EXIT.
  @discardableResult
  func waitForExit(marker: String = "EXIT", seconds: Double = 60, _ why: String) throws -> String {
    try waitUntil(seconds: seconds, "\(why) ('\(marker)=' and a status)") {
      $0.range(of: marker + "=[0-9]", options: .regularExpression) != nil
    }
  }

  /// Waits until the screen contains every one of `texts` (they may arrive in different
  /// frames).
  @discardableResult
  func waitForAll(_ texts: [String], seconds: Double = 60, _ why: String) throws -> String {
    try waitUntil(seconds: seconds, "\(why) (\(texts.map { "'\($0)'" }.joined(separator: ", ")))") {
      screen in texts.allSatisfy { screen.contains($0) }
    }
  }

  /// Polls the screen until `found` holds for it (or fails after `seconds`, showing it).
  private func waitUntil(seconds: Double, _ what: String, _ found: (String) -> Bool) throws
    -> String
  {
    let deadline = Date().addingTimeInterval(seconds)
    var last = ""
    while Date() < deadline {
      last = try screen()
      if found(last) { return last }
      Thread.sleep(forTimeInterval: 0.2)
    }
    XCTFail("timed out waiting for \(what); the screen was:\n\(last)")
    throw XCTSkip("cannot go on")
  }

  func binary() throws -> String {
    for configuration in ["debug", "release"] {
      let path = root.appendingPathComponent(".build/\(configuration)/asf-tui").path
      if FileManager.default.isExecutableFile(atPath: path) { return path }
    }
    throw XCTSkip("no built asf-tui binary under .build/: run 'swift build' first")
  }

  /// Starts a 120×40 tmux session running a plain bash in the package root and returns the
  /// asf-tui binary's path; skips without tmux or a built binary.
  func startShell() throws -> String {
    guard (try? tmux(["-V"]))?.hasPrefix("tmux") == true else {
      throw XCTSkip("tmux is not installed (apt-get install tmux); the end-to-end test needs it")
    }
    let asf = try binary()
    // A server still going down after the last test's kill-server can refuse the session
    // (seen on a loaded machine: an empty screen for a minute): it is asked again.
    for _ in 0..<10 {
      try tmux([
        "new-session", "-d", "-x", "120", "-y", "40", "-s", sessionName, "-c", root.path,
        // No first-launch welcome in the way of the keys (a test that wants it turns it on).
        "-e", "ASF_TUI_WELCOME=0", "bash --norc --noprofile",
      ])
      if try tmux(["list-sessions", "-F", "#{session_name}"]).contains(sessionName) { break }
      Thread.sleep(forTimeInterval: 0.5)
    }
    return asf
  }

  /// A press and its release (button 3) at column `x`, row `y`; the wheel has no release.
  func mouse(_ button: Int, x: Int, y: Int) throws {
    func event(_ b: Int) -> String {
      "\u{1B}[M" + String([b, x + 1, y + 1].map { Character(Unicode.Scalar(UInt8(32 + $0))) })
    }
    // As from a hand: the release comes a moment after the press, in a write of its own.
    try tmux(["send-keys", "-t", sessionName, "-l", event(button)])
    Thread.sleep(forTimeInterval: 0.2)
    if button < 64 { try tmux(["send-keys", "-t", sessionName, "-l", event(3)]) }
    Thread.sleep(forTimeInterval: 0.2)
  }

  override func tearDown() {
    _ = try? tmux(["kill-server"])
  }
}
