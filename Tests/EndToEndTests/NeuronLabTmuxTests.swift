// End to end (issue 15): the neuron lab in the real binary under tmux: it opens on the Table 4
// neuron, e switches, the lesson moves with g and n, presentation mode comes and goes with b,
// f saves the frame; a lesson file written out, edited and opened with --lessons shows the
// edit; a bad lesson file is refused before the screen opens; --record writes an animated SVG.

import Foundation
import XCTest

final class NeuronLabTmuxTests: TmuxTestCase {
  func testTheLabForALecture() throws {
    let asf = try startShell()
    let folder = temporaryPath("asf-lab")
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    try keys("cd \(folder) && clear && \(asf) neuron; echo EXIT=$?", "Enter")
    try waitFor("Table 4 neuron", "the lab on the Table 4 neuron")
    try keys("e")
    try waitFor("the free neuron: IF", "the switch's notice")
    try keys("g")
    try waitFor("Lesson 1/10 · Integrate", "the lesson's first step")
    try keys("n")
    try waitFor("Lesson 2/10 · Fire", "the next step")
    try keys("b")
    try waitFor("MEMBRANE POTENTIAL", "presentation mode")
    try keys("b")
    try waitFor("Accumulated flows", "the full lab again")
    try keys("f")
    try waitFor("frame saved: runs/frames/neuron-lab.svg", "the saved frame")
    XCTAssertTrue(FileManager.default.fileExists(atPath: folder + "/runs/frames/neuron-lab.svg"))
    try keys("q")
    let final = try waitForExit("the lab to end")
    XCTAssertTrue(final.contains("EXIT=0"), final)

    // The lecturer's own lesson: written out, edited, opened.
    try keys(
      "clear; \(asf) neuron --write-lessons my.yaml && sed -i 's/title: Integrate$/title: Intégrer/' my.yaml && \(asf) neuron --lessons my.yaml; echo EXIT=$?",
      "Enter")
    try waitFor("Table 4 neuron", "the lab with the edited lesson")
    try keys("g")
    try waitFor("Lesson 1/10 · Intégrer", "the edited step's title")
    try keys("q")
    try waitFor("EXIT=0", "the lab to end again")

    // A bad lesson file: refused with what is wrong, before any screen.
    try "steps:\n  - title: A\n    text: B. C.\n    colour: red\n".write(
      toFile: folder + "/bad.yaml", atomically: true, encoding: .utf8)
    try keys("clear; \(asf) neuron --lessons bad.yaml; echo EXIT=$?", "Enter")
    let refused = try waitForExit("the refusal")
    XCTAssertTrue(refused.contains("colour") && refused.contains("EXIT=1"), refused)

    // A window recorded for a slide.
    try keys(
      "clear; \(asf) neuron --record lab.svg --lesson-step 2 --steps-per-frame 5; echo EXIT=$?",
      "Enter")
    let recorded = try waitForExit("the recording")
    XCTAssertTrue(recorded.contains("EXIT=0") && recorded.contains("21 frames"), recorded)
    let svg = try String(contentsOfFile: folder + "/lab.svg", encoding: .utf8)
    XCTAssertEqual(svg.components(separatedBy: "<g visibility=\"hidden\">").count - 1, 20)
    // Plain text runs from its first cell; the "·" between is a character of its own cell.
    XCTAssertTrue(
      svg.contains(">Lesson 2/10</text>") && svg.contains(">Fire</text>"), "the step's title")
  }
}
