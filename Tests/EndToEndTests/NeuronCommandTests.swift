// End to end (issue 25): `asf-tui neuron --check-lessons FILE` passes the shipped lesson as
// --write-lessons writes it, and refuses an edited one whose claim fails, naming the step, the
// claim and the window.

import Foundation
import XCTest

final class NeuronCommandTests: FolderTestCase {
  func testCheckLessonsPassesTheShippedLessonAndRefusesAFailingClaim() throws {
    let written = try runAsfTui(
      ["neuron", "--write-lessons", folder + "/lesson.yaml"], logFolder: folder)
    XCTAssertEqual(written.status, 0, written.output)
    let checked = try runAsfTui(
      ["neuron", "--check-lessons", folder + "/lesson.yaml"], logFolder: folder)
    XCTAssertEqual(checked.status, 0, checked.output)
    XCTAssertTrue(
      checked.output.contains("every claim of its 10 steps holds in the first 3 windows"),
      checked.output)
    XCTAssertFalse(checked.output.contains("FAILS"), checked.output)

    // The lecturer raises the threshold of the Fire step but keeps its sentence.
    var text = try String(contentsOfFile: folder + "/lesson.yaml", encoding: .utf8)
    text = text.replacingOccurrences(
      of: "neuron: {input: [0, 0.3], weight-total: 1, threshold: 1, time-steps: 100}",
      with: "neuron: {input: [0, 0.3], weight-total: 1, threshold: 3, time-steps: 100}")
    try text.write(toFile: folder + "/edited.yaml", atomically: true, encoding: .utf8)
    let refused = try runAsfTui(
      ["neuron", "--check-lessons", folder + "/edited.yaml"], logFolder: folder)
    XCTAssertEqual(refused.status, 1, refused.output)
    XCTAssertTrue(
      refused.output.contains(
        "error: step 2 'Fire': spikes per window in [5, 20] fails in window 1 of 3"),
      refused.output)

    // A step without a claim is named too.
    let bare = """
      title: t
      steps:
        - title: Only words
          text: Nothing is claimed. Nothing is checked.
      """
    try bare.write(toFile: folder + "/bare.yaml", atomically: true, encoding: .utf8)
    let unchecked = try runAsfTui(
      ["neuron", "--check-lessons", folder + "/bare.yaml"], logFolder: folder)
    XCTAssertEqual(unchecked.status, 1)
    XCTAssertTrue(
      unchecked.output.contains("step 1 'Only words' states no expectation"), unchecked.output)
  }

  /// A recorded window for slides: the SVG's panels only (no key hints, no status line),
  /// drawn by librsvg (as viewers that are not browsers draw it) into a picture that shows
  /// the trace; the GIF is a GIF of every frame; the transfer plot records too.
  func testTheRecordingShowsOutsideABrowser() throws {
    let svgPath = folder + "/lab.svg"
    let recorded = try runAsfTui(
      ["neuron", "--record", svgPath, "--lesson-step", "2", "--steps-per-frame", "10"],
      logFolder: folder)
    XCTAssertEqual(recorded.status, 0, recorded.output)
    XCTAssertTrue(recorded.output.contains("11 frames"), recorded.output)
    let svg = try String(contentsOfFile: svgPath, encoding: .utf8)
    // Plain text runs from its first cell; the "·" between is a character of its own cell.
    XCTAssertTrue(svg.contains(">Lesson 2/10</text>") && svg.contains(">Fire</text>"))
    XCTAssertFalse(svg.contains("space run/pause"), "no key hints unless asked")
    XCTAssertFalse(svg.contains(" paused "), "no status line unless asked")
    guard
      let rsvg = ["/usr/bin/rsvg-convert", "/usr/local/bin/rsvg-convert"].first(where: {
        FileManager.default.isExecutableFile(atPath: $0)
      })
    else {
      throw XCTSkip("rsvg-convert is not here (apt librsvg2-bin): the static render is not checked")
    }
    let png = folder + "/lab.png"
    let drawn = try runProcess(rsvg, ["-w", "1000", svgPath, "-o", png], log: folder + "/rsvg.log")
    XCTAssertEqual(drawn.status, 0, drawn.output)
    // The trace's colour (cyan, #11a8cd) in the picture: librsvg drew a frame's trace.
    let count = try runProcess(
      "/usr/bin/env",
      [
        "python3", "-c",
        """
        import struct, sys, zlib
        data = open(sys.argv[1], 'rb').read()
        w, h, depth, kind = struct.unpack('>IIBB', data[16:26])
        chunks, i = b'', 8
        while i < len(data):
            n, t = struct.unpack('>I4s', data[i:i + 8])
            if t == b'IDAT': chunks += data[i + 8:i + 8 + n]
            i += 12 + n
        raw, bpp = zlib.decompress(chunks), 4 if kind == 6 else 3
        stride, rows, prev = w * bpp, [], bytearray(w * bpp)
        for y in range(h):
            f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
            for x in range(stride):
                a = line[x - bpp] if x >= bpp else 0
                b, c = prev[x], prev[x - bpp] if x >= bpp else 0
                if f == 1: line[x] = (line[x] + a) & 255
                elif f == 2: line[x] = (line[x] + b) & 255
                elif f == 3: line[x] = (line[x] + (a + b) // 2) & 255
                elif f == 4:
                    p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                    line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
            rows.append(line); prev = line
        print(sum(1 for line in rows for x in range(0, stride, bpp)
                  if line[x + 2] > 150 and line[x + 1] > 120 and line[x] < 80))
        """, png,
      ], log: folder + "/count.log")
    XCTAssertEqual(count.status, 0, count.output)
    let cyan = Int(count.output.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
    XCTAssertGreaterThan(cyan, 500, "a drawn trace, not an empty window (\(count.output))")

    let gifPath = folder + "/lab.gif"
    let gif = try runAsfTui(
      ["neuron", "--record", gifPath, "--transfer", "--big", "--steps-per-frame", "25"],
      logFolder: folder)
    XCTAssertEqual(gif.status, 0, gif.output)
    XCTAssertTrue(gif.output.contains("26 frames of 601 time steps"), gif.output)
    let bytes = try Data(contentsOf: URL(fileURLWithPath: gifPath))
    XCTAssertEqual(Array(bytes.prefix(6)), Array("GIF89a".utf8))
    let refused = try runAsfTui(["neuron", "--record", folder + "/lab.png"], logFolder: folder)
    XCTAssertNotEqual(refused.status, 0)
    XCTAssertTrue(refused.output.contains("FILE.svg or FILE.gif"), refused.output)
  }
}
