// The save-frame key (issue 14, point 11): f asks the loop to save; the frame goes into the
// live run's folder (else runs/frames), named by epoch and batch, as SVG and as the same text
// the screen shows, and a second save keeps the first.

import Foundation
import TerminalKit
import XCTest

@testable import Workbench
@testable import WorkbenchUI

final class FrameSaverTests: XCTestCase {
  func testFramesAreNamedByBatchAndNeverOverwritten() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("frames-\(UUID())")
      .path
    defer { try? FileManager.default.removeItem(atPath: folder) }
    var snapshot = SessionSnapshot(presetName: "digits-lenet-if")
    snapshot.epoch = 1
    snapshot.epochs = 3
    snapshot.batch = 37
    snapshot.runFolder = folder + "/run"
    let target = FrameSaver.target(snapshot: snapshot, screen: .train)
    XCTAssertEqual(target.folder, folder + "/run")
    XCTAssertEqual(target.name, "digits-lenet-if-frame-epoch2-batch37")
    snapshot.source = .replay(speed: 1, position: 1, length: 2)
    XCTAssertEqual(
      FrameSaver.target(snapshot: snapshot, screen: .train).folder, "runs/frames",
      "a replay's folder may be read-only (a shipped recording)")

    var canvas = Canvas(width: 12, height: 2)
    canvas.put("Spikes ⣿ 5", x: 0, y: 0)
    let first = try FrameSaver.save(canvas, folder: target.folder, name: target.name, title: "t")
    let second = try FrameSaver.save(canvas, folder: target.folder, name: target.name, title: "t")
    XCTAssertEqual(first, target.folder + "/" + target.name + ".svg")
    XCTAssertEqual(second, target.folder + "/" + target.name + "-2.svg")
    let svg = try String(contentsOfFile: first, encoding: .utf8)
    XCTAssertTrue(svg.hasPrefix("<svg") || svg.hasPrefix("<?xml"), String(svg.prefix(40)))
    XCTAssertTrue(svg.contains("Spikes"))
    let text = try String(
      contentsOfFile: String(first.dropLast(4)) + ".txt", encoding: .utf8)
    XCTAssertEqual(text, TextRenderer.render(canvas) + "\n")

    // A folder that cannot be made is an error, not a crash.
    XCTAssertThrowsError(
      try FrameSaver.save(canvas, folder: first + "/inside-a-file", name: "x", title: "t"))
  }

  func testTheKeyAsksTheLoopToSave() {
    var app = AppState()
    let snapshot = SessionSnapshot(presetName: "p")
    XCTAssertEqual(app.handle(.character("f"), snapshot: snapshot), [.saveFrame])
    app.screen = .experiments
    XCTAssertEqual(app.handle(.character("f"), snapshot: snapshot), [.saveFrame])
  }
}
