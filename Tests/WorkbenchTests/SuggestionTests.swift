// "Did you mean": the edit distance against hand-counted cases, and the choice of the
// closest name (prefix, part, alias, edits within a third of the length, else none).

import XCTest

@testable import Workbench

final class SuggestionTests: XCTestCase {
  func testEditDistanceCountsByHand() {
    XCTAssertEqual(Suggestion.editDistance("kitten", "sitting"), 3)
    XCTAssertEqual(Suggestion.editDistance("nueron", "neuron"), 1, "a swap of neighbours is one")
    XCTAssertEqual(Suggestion.editDistance("", "abc"), 3)
    XCTAssertEqual(Suggestion.editDistance("same", "same"), 0)
  }

  func testTheClosestName() {
    let commands = ["open", "neuron", "train", "eval", "replay", "sweep"]
    XCTAssertEqual(Suggestion.closest(to: "nueron", among: commands), "neuron")
    XCTAssertEqual(Suggestion.closest(to: "TRAN", among: commands), "train")
    XCTAssertNil(Suggestion.closest(to: "banana", among: commands))
    let presets = ["digits-lenet-if", "mnist-lenet-if", "mnist-lenet-if-2h"]
    XCTAssertEqual(Suggestion.closest(to: "digits", among: presets), "digits-lenet-if")
    XCTAssertEqual(Suggestion.closest(to: "mnist", among: presets), "mnist-lenet-if", "shortest")
    XCTAssertEqual(
      Suggestion.closest(to: "lr", among: Preset.knownKeys, aliases: Preset.keyAliases),
      "learning-rate")
    XCTAssertEqual(Suggestion.sentence(for: "zzzz", among: presets), "")
  }
}
