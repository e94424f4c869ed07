// The workbench's errors name what was wrong: every message carries its file, key or batch,
// and result tables are called by their kind.

import XCTest

@testable import Workbench

final class WorkbenchErrorTests: XCTestCase {
  func testEveryMessageNamesItsContext() {
    let cases: [(WorkbenchError, String)] = [
      (.presetNotFound(name: "zzz", available: ["mnist", "digits"]), "mnist, digits"),
      (.unreadablePreset(path: "/p.yaml", reason: "gone"), "/p.yaml"),
      (.invalidValue(source: "x.yaml", key: "epochs", value: "-1", allowed: "1…1000"), "epochs"),
      (.unknownKey(source: "x.yaml", key: "epoch", known: ["epochs"]), "'epoch'"),
      (.diverged(epoch: 1, batch: 6, loss: .nan), "epoch 2, batch 7"),
      (.cannotWrite(path: "/r/metrics.jsonl", reason: "disk full"), "/r/metrics.jsonl"),
      (.damagedRecording(path: "/r/metrics.jsonl", line: 12, reason: "bad JSON"), "line 12"),
      (.emptyRecording(path: "/r/metrics.jsonl"), "/r/metrics.jsonl"),
      (.unreadableRecording(path: "/r/metrics.jsonl.gz", reason: "cut short"), "metrics.jsonl.gz"),
      (.recordingNotFound(name: "tabel1", available: ["table1"]), "table1"),
      (.badTableRow(path: "/s/sweep.csv", line: 3, reason: "3 cells"), "/s/sweep.csv line 3"),
      (.unreadableTable(path: "/s/sweep.csv", hint: "run 'asf-tui sweep'"), "asf-tui sweep"),
    ]
    for (error, context) in cases {
      XCTAssertTrue(error.description.contains(context), "\(error.description) lacks \(context)")
    }
  }

  func testTablesAreCalledByTheirKind() {
    let sweep = WorkbenchError.badTableHeader(path: "/s/sweep.csv", found: "T", expected: "t,e")
    XCTAssertTrue(sweep.description.contains("is not a sweep CSV"), sweep.description)
    let speed = WorkbenchError.badTableHeader(path: "asf-vs-bptt.csv", found: "T", expected: "t")
    XCTAssertTrue(speed.description.contains("is not an asf-vs-bptt CSV"), speed.description)
  }
}
