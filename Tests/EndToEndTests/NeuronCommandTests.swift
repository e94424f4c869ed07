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
}
