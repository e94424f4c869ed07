// End to end (issue 14, "done when"): a short run trains in the real binary under tmux; its
// latency panel gives what `asf-tui eval` gives at each T for the same checkpoint; the zoomed
// per-layer table gives the last batch's statistics as the engine recorded them in
// metrics.jsonl; a click on a panel focuses it (z zooms that one); `c` on a recorded run of
// the Experiments screen compares it (in epochs, one legend line, a table of final figures).

import Foundation
import XCTest

final class ResearcherTmuxTests: TmuxTestCase {
  /// "68.9k" → 68900 (CompactNumber's suffixes).
  private func compactValue(_ text: String) -> Double? {
    let scales: [Character: Double] = ["k": 1e3, "M": 1e6, "G": 1e9]
    if let last = text.last, let scale = scales[last] {
      return Double(text.dropLast()).map { $0 * scale }
    }
    return Double(text)
  }

  /// The accuracy (%) per T of "T=1: 7.5 % · T=2: 10.0 %".
  private func latencyValues(_ line: String) -> [Int: Double] {
    var values: [Int: Double] = [:]
    for part in line.components(separatedBy: "T=").dropFirst() {
      let fields = part.split(separator: ":", maxSplits: 1)
      guard fields.count == 2, let t = Int(fields[0]),
        let value = Double(
          fields[1].split(separator: "%").first?.trimmingCharacters(in: .whitespaces) ?? "")
      else { continue }
      values[t] = value
    }
    return values
  }

  func testLatencyLayerTableFocusAndComparisonAgainstTheEngine() throws {
    let asf = try startShell()
    let folder = temporaryPath("asf-research")
    // A recorded run to compare with: 12 batches, two scale-factor curves.
    let baseline = folder + "/runs/baseline-e2e"
    try FileManager.default.createDirectory(atPath: baseline, withIntermediateDirectories: true)
    try "name: baseline\nepochs: 1\n".write(
      toFile: baseline + "/preset.yaml", atomically: true, encoding: .utf8)
    let lines = (0..<12).map { batch in
      "{\"type\":\"batch\",\"epoch\":0,\"batch\":\(batch),\"loss\":0.5,\"accuracy\":0.9,\"lr\":0.001,\"T\":10,\"samples_per_s\":5,\"scale\":[0.5,0.7],\"spike_rate\":[0.1,0.1],\"vth\":[1,1]}"
    }
    try (lines.joined(separator: "\n") + "\n").write(
      toFile: baseline + "/metrics.jsonl", atomically: true, encoding: .utf8)
    // Its file is older than the live run's: the Experiments list puts it last.
    try FileManager.default.setAttributes(
      [.modificationDate: Date(timeIntervalSinceNow: -3600)],
      ofItemAtPath: baseline + "/metrics.jsonl")

    let live = folder + "/runs/live"
    try keys(
      "cd \(folder) && clear && \(asf) --preset digits-lenet-if --T 10 --train-limit 400 --test-limit 40 --batch-size 10 --epochs 1 --out \(live); echo EXIT=$?",
      "Enter")
    try waitFor(" finished ", seconds: 300, "the one-epoch run to finish")

    // The latency panel, zoomed: its values per T.
    try keys("t")
    let zoomedLatency = try waitFor("test accuracy T=", "the latency values under the chart")
    let panelLine = try XCTUnwrap(
      zoomedLatency.split(separator: "\n").first { $0.contains("test accuracy T=") })
    let panel = latencyValues(String(panelLine))
    XCTAssertEqual(Set(panel.keys), [1, 2, 5, 10], String(panelLine))

    // The per-layer table, zoomed: conv1's row against the last batch line of metrics.jsonl.
    try keys("Escape", "L")
    let table = try waitFor("SOPs/sample", "the per-layer table")
    // The row whose first cell (inside the panel's border) is conv1.
    let rows = table.split(separator: "\n").map {
      $0.replacingOccurrences(of: "│", with: " ").split(separator: " ").map(String.init).filter {
        $0 != "%"
      }
    }
    let cells = try XCTUnwrap(rows.first { $0.first == "conv1" }, table)
    let values = Array(cells.dropFirst())  // neurons, Vth, S, rate, FI, silent, satur., SOPs
    guard values.count >= 8 else { return XCTFail("a short conv1 row: \(cells)\n\(table)") }
    let metrics = try String(contentsOfFile: live + "/metrics.jsonl", encoding: .utf8)
    let lastBatch = try XCTUnwrap(
      metrics.split(separator: "\n").last { $0.contains("\"type\":\"batch\"") })
    let record = try XCTUnwrap(
      JSONSerialization.jsonObject(with: Data(lastBatch.utf8)) as? [String: Any])
    func first(_ key: String) throws -> Double {
      let array = try XCTUnwrap(record[key] as? [Double], "\(key) in \(lastBatch)")
      return try XCTUnwrap(array.first)
    }
    XCTAssertEqual(values[0], "15680", "conv1's neurons: 28×28×20")
    XCTAssertEqual(values[1], String(format: "%.2f", try first("vth")))
    XCTAssertEqual(values[2], String(format: "%.3f", try first("scale")))
    XCTAssertEqual(values[3], String(format: "%.1f", try first("spike_rate") * 100))
    XCTAssertEqual(values[4], String(format: "%.3f", try first("fi_mean")))
    XCTAssertEqual(values[5], String(format: "%.1f", try first("silent") * 100))
    XCTAssertEqual(values[6], String(format: "%.1f", try first("saturated") * 100))
    let operations = try XCTUnwrap(compactValue(values[7]), values[7])
    XCTAssertEqual(operations, try first("sops"), accuracy: try first("sops") * 0.01 + 0.5)

    // A click in the scale-factor panel focuses it; z zooms that panel and no other.
    try keys("Escape")
    let frame = try waitFor("Scale factors", "all panels again")
    let lines40 = frame.split(separator: "\n", omittingEmptySubsequences: false)
    let titleRow = try XCTUnwrap(lines40.firstIndex { $0.contains("Scale factors") })
    let titleColumn = try XCTUnwrap(lines40[titleRow].range(of: "Scale factors")).lowerBound
    let column = lines40[titleRow].distance(from: lines40[titleRow].startIndex, to: titleColumn)
    try mouse(0, x: column + 2, y: titleRow + 3)
    try keys("z")
    let zoomed = try waitFor("zoomed: z, Enter or Esc goes back", "the clicked panel, zoomed")
    XCTAssertTrue(zoomed.contains("Scale factors") && !zoomed.contains("Spikes"), zoomed)

    // Compare: the recorded run (last in the list) overlaid, named in the legend.
    try keys("Escape", "3")
    try waitFor("Experiments · ↑/↓ choose", "the Experiments list")
    try keys(contentsOf: Array(repeating: "Down", count: 40))
    try waitFor("baseline-e2e: ", "the cursor on the recorded run")
    try keys("c")
    try waitFor("comparing with baseline-e2e", "the comparison notice")
    try keys("1")
    // Issue 26, point 2: in epochs, a one-line legend, each run's final figures.
    let compared = try waitFor("── baseline-e2e", "the compared run named in the legend")
    XCTAssertTrue(compared.contains("Accuracy and loss"), compared)
    XCTAssertTrue(compared.contains("epoch train%  test%"), compared)
    XCTAssertTrue(compared.contains("epoch"), compared)

    try keys("q")
    let final = try waitForExit("the program to end")
    XCTAssertTrue(final.contains("EXIT=0"), final)

    // asf-tui eval on the run's checkpoint: the same accuracy at every T of the panel.
    try keys(
      "clear; \(asf) eval --checkpoint \(live)/checkpoint.asfck --test-limit 40 --T 1,2,5,10 > \(folder)/eval.txt 2>&1; echo EVAL=$?",
      "Enter")
    let evaluated = try waitForExit(marker: "EVAL", seconds: 120, "eval to end")
    XCTAssertTrue(evaluated.contains("EVAL=0"), evaluated)
    let output = try String(contentsOfFile: folder + "/eval.txt", encoding: .utf8)
    var curve: [Int: Double] = [:]
    for line in output.split(separator: "\n") {
      let fields = line.split(separator: " ")
      guard fields.count >= 3, fields[2] == "%", let t = Int(fields[0]),
        let accuracy = Double(fields[1])
      else { continue }
      curve[t] = accuracy
    }
    XCTAssertEqual(Set(curve.keys), [1, 2, 5, 10], output)
    for (t, accuracy) in curve {
      XCTAssertEqual(panel[t] ?? -1, accuracy, accuracy: 0.051, "T=\(t): panel against eval")
    }
  }
}
