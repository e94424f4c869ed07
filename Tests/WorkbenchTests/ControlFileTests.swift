// The control file as the Swift engine reads it (issue 26, point 4): commands in the file's
// order with refusals between them, the types of values checked (a number is not a boolean,
// infinities and numbers out of range are refused), a file made anew read from its first
// line, a FIFO never opened, over-long lines refused.

import Foundation
import XCTest

@testable import Workbench

final class ControlFileTests: XCTestCase {
  var folder = ""

  override func setUpWithError() throws {
    folder = NSTemporaryDirectory() + "control-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
  }

  override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: folder) }

  func write(_ lines: [String], append: Bool = true) throws {
    let path = folder + "/control.jsonl"
    let text = lines.map { $0 + "\n" }.joined()
    if append, let handle = FileHandle(forWritingAtPath: path) {
      try handle.seekToEnd()
      try handle.write(contentsOf: Data(text.utf8))
      try handle.close()
    } else {
      try text.write(toFile: path, atomically: false, encoding: .utf8)
    }
  }

  func testCommandsAndRefusalsInTheFilesOrder() throws {
    try write([#"{"command": "stop"}"#])
    let control = ControlFile(folder: folder)
    XCTAssertEqual(control.take(), [], "what was there before the run is not for it")
    try write([
      #"{"command": "pause"}"#, "not json", #"{"command": "threshold", "layer": null, "by": -0.1}"#,
      #"{"command": "threshold", "layer": true, "by": 0.1}"#, #"{"command": "T", "longer": 1}"#,
      #"{"command": "T", "value": 50}"#, #"{"command": "lr", "value": 1e999}"#,
      #"{"command": "lr", "factor": 0.5}"#, #"{"command": "switch", "change": "mask"}"#,
      #"{"command": "switch", "change": "smoothing", "by": 0.1}"#, #"{"command": "fly"}"#,
      "", #"{"command": "save"}"#,
    ])
    let entries = control.take()
    XCTAssertEqual(entries.count, 12)
    XCTAssertEqual(entries[0], .command(.pause))
    XCTAssertEqual(entries[1], .refused("control line 3: not JSON: refused"))
    XCTAssertEqual(entries[2], .command(.nudgeThreshold(layer: nil, by: -0.1)))
    XCTAssertEqual(
      entries[3],
      .refused("control line 5: threshold: layer must be a layer index or null: refused"))
    XCTAssertEqual(entries[4], .refused("control line 6: T: needs value or longer: refused"))
    XCTAssertEqual(entries[5], .command(.setTimeSteps(50)))
    XCTAssertEqual(entries[6], .refused("control line 8: not JSON: refused"), "1e999 is not read")
    XCTAssertEqual(entries[7], .command(.scaleLearningRate(by: 0.5)))
    XCTAssertEqual(entries[8], .command(.changeSwitch(.toggleMask)))
    XCTAssertEqual(entries[9], .command(.changeSwitch(.smoothing(by: 0.1))))
    guard case .refused(let unknown) = entries[10] else { return XCTFail("\(entries[10])") }
    XCTAssertTrue(unknown.contains("unknown command 'fly'"), unknown)
    XCTAssertEqual(entries[11], .command(.saveCheckpoint(path: nil)))
    XCTAssertEqual(control.lines, 14)
  }

  func testAFileMadeAnewIsReadFromItsFirstLineAndAPartLineWaits() throws {
    let control = ControlFile(folder: folder)
    try write([#"{"command": "pause"}"#, #"{"command": "resume"}"#])
    XCTAssertEqual(control.take().count, 2)
    try FileManager.default.removeItem(atPath: folder + "/control.jsonl")
    try write([#"{"command": "stop"}"#], append: false)
    XCTAssertEqual(control.take(), [.command(.stopRun)])
    let handle = try XCTUnwrap(FileHandle(forWritingAtPath: folder + "/control.jsonl"))
    try handle.seekToEnd()
    try handle.write(contentsOf: Data(#"{"command": "st"#.utf8))
    XCTAssertEqual(control.take(), [], "a line is read when it ends")
    try handle.write(contentsOf: Data("ep\"}\n".utf8))
    try handle.close()
    XCTAssertEqual(control.take(), [.command(.step)])
  }

  /// A file written anew in place (truncated: the same inode) at least as long as before is
  /// read from its first line, as the backend reads it (issue 27, point 9).
  func testAFileWrittenAnewInPlaceIsReadFromItsFirstLine() throws {
    let control = ControlFile(folder: folder)
    try write([#"{"command": "pause"}"#, #"{"command": "resume"}"#])
    XCTAssertEqual(control.take().count, 2)
    let handle = try XCTUnwrap(FileHandle(forWritingAtPath: folder + "/control.jsonl"))
    try handle.truncate(atOffset: 0)
    try handle.write(
      contentsOf: Data(
        (#"{"command": "step"}"# + "\n" + #"{"command": "save"}"# + "\n" + #"{"command": "stop"}"#
          + "\n").utf8))
    try handle.close()
    XCTAssertEqual(
      control.take(), [.command(.step), .command(.saveCheckpoint(path: nil)), .command(.stopRun)])
  }

  func testAFIFOIsNotOpenedAndALongLineIsRefused() throws {
    XCTAssertEqual(mkfifo(folder + "/control.jsonl", 0o600), 0)
    let control = ControlFile(folder: folder)
    XCTAssertEqual(control.take(), [], "said once")
    try FileManager.default.removeItem(atPath: folder + "/control.jsonl")
    let long = #"{"command": "pause", "x": ""# + String(repeating: "a", count: 70_000) + #""}"#
    try write([long, #"{"command": "resume"}"#], append: false)
    let entries = control.take()
    XCTAssertEqual(entries.count, 2)
    guard case .refused(let text) = entries[0] else { return XCTFail("\(entries)") }
    XCTAssertTrue(text.contains("longer than 65536 bytes"), text)
    XCTAssertEqual(entries[1], .command(.resume))
  }
}
