// Hostile and mistyped YAML, found by the second hostile pass: layer items with keys their
// layer does not take, alias bombs, duplicate keys, and values quoted whole in messages.

import SpikingCore
import XCTest

@testable import Workbench

/// The message of parsing `yaml` as test.yaml, or "no error" (PresetTests reads it too).
func presetMessage(_ yaml: String) -> String {
  do {
    _ = try Preset(yaml: yaml, source: "test.yaml")
    return "no error"
  } catch {
    return "\(error)"
  }
}

/// A document whose last key expands to 9^levels values through nested aliases.
func aliasBomb(levels: Int) -> String {
  var text = "name: bomb\na0: &a0 [x, x, x, x, x, x, x, x, x]\n"
  for level in 1...levels {
    let p = "*a\(level - 1)"
    text += "a\(level): &a\(level) [\(Array(repeating: p, count: 9).joined(separator: ", "))]\n"
  }
  return text
}

final class HostileYAMLTests: XCTestCase {
  func testALayerItemTakesOnlyItsOwnKeys() {
    let typo = presetMessage(
      "name: t\nlayers:\n  - {conv: 8, kernal: 5}\n  - flatten\n  - {linear: 10}\n")
    XCTAssertTrue(typo.contains("'kernal'") && typo.contains("Did you mean 'kernel'?"), typo)
    XCTAssertTrue(typo.contains("item 1"), typo)
    let two = presetMessage("name: t\nlayers:\n  - {conv: 4, linear: 10}\n")
    XCTAssertTrue(two.contains("names conv and linear") && two.contains("one layer per item"), two)
    let stride = presetMessage(
      "name: t\nlayers:\n  - {conv: 4}\n  - {avgpool: 2, stride: 1}\n  - flatten\n  - {linear: 10}\n"
    )
    XCTAssertTrue(stride.contains("'stride', a key avgpool does not take"), stride)
    let text = presetMessage("name: t\nlayers:\n  - {conv: 4, kernel: five}\n")
    XCTAssertTrue(text.contains("kernel is a whole number from 1 to 31"), text)
    // What is allowed still parses, with its values.
    let preset = try? Preset(
      yaml: "name: t\nlayers:\n  - {conv: 8, kernel: 5, padding: 0}\n  - {maxpool: 2}\n"
        + "  - flatten\n  - {linear: 10}\n", source: "t")
    XCTAssertEqual(
      preset?.network.layers.first, .conv(outChannels: 8, kernel: 5, padding: 0))
  }

  func testAnAliasBombIsRefusedBeforeItExpands() {
    // 9^9 values: expanded, hundreds of GB; refused after 100,000 of them.
    let bomb = aliasBomb(levels: 9)
    XCTAssertLessThan(bomb.utf8.count, 600)
    let start = Date()
    let text = presetMessage(bomb)
    XCTAssertTrue(text.contains("more than 100000 values once its aliases"), text)
    XCTAssertLessThan(Date().timeIntervalSince(start), 20, "refused without expanding it")
    // A few aliases are fine.
    XCTAssertEqual(presetMessage("name: &n t\ndescription: *n\n"), "no error")
  }

  /// Found by the lesson fuzzer: 6,666 `{` overflowed the YAML library's stack (it recurses
  /// once per level). Nesting is read from the text first.
  func testDeepNestingIsRefusedBeforeTheYAMLLibraryRecurses() {
    for text in [
      String(repeating: "{", count: 200_000),
      "name: t\nx: " + String(repeating: "[", count: 50_000),
      "name: t\nx:\n" + String(repeating: "- ", count: 50_000) + "1\n",
    ] {
      XCTAssertTrue(
        presetMessage(text).contains("nest more than 32 levels"),
        String(presetMessage(text).prefix(200)))
      XCTAssertThrowsError(try NeuronLesson(yaml: text, source: "l", base: .init()))
    }
    // Brackets inside quotes and comments are text.
    XCTAssertEqual(
      presetMessage(
        "name: t\ndescription: \"" + String(repeating: "[", count: 40)
          + "\" # {{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{\n"
      ), "no error")
  }

  /// Found by the fuzzers: a lesson's `speed: 5:2222…` (base 60) overflowed inside the YAML
  /// library, and a name with an escaped control character (`"\\f"`) was written back raw,
  /// so the run's preset.yaml did not read again.
  func testBase60AndControlCharactersSurviveAsText() throws {
    let lesson =
      "title: t\nsteps:\n  - title: a\n    text: b\n    speed: 5222222:2222222222222222222222\n"
    XCTAssertThrowsError(try NeuronLesson(yaml: lesson, source: "l", base: .init())) {
      XCTAssertTrue("\($0)".contains("speed"), "\($0)")
    }
    let huge = "title: t\nsteps:\n  - title: a\n    text: b\n    expect: {spikes: [1, 1e45]}\n"
    XCTAssertThrowsError(try NeuronLesson(yaml: huge, source: "l", base: .init())) {
      XCTAssertTrue("\($0)".contains("0 to 1e9"), "\($0)")
    }
    let preset = try Preset(yaml: "name: \"a\\fb\\x01c\\u2028d\\\\e\\\"f\"\n", source: "t")
    XCTAssertEqual(preset.name, "a\u{0C}b\u{01}c\u{2028}d\\e\"f")
    XCTAssertEqual(try Preset(yaml: preset.yaml, source: "again").name, preset.name)
    // A name of 250 open brackets writes a preset.yaml that reads again (found by fuzzing:
    // the brackets of the name and the layers' together passed the text's bound).
    var brackets = try Preset(yaml: "name: t\n", source: "t")
    brackets.name = String(repeating: "{", count: 250)
    brackets.architecture = "custom"  // the layers written out too
    XCTAssertEqual(try Preset(yaml: brackets.yaml, source: "again").name, brackets.name)
  }

  func testAKeyWrittenTwiceIsRefused() {
    let text = presetMessage("name: t\ntime-steps: 10\nbatch-size: 4\ntime-steps: 30\n")
    XCTAssertTrue(text.contains("'time-steps' at line") && text.contains("twice"), text)
    let inner = presetMessage("name: t\nlayers:\n  - {conv: 4, conv: 8}\n")
    XCTAssertTrue(inner.contains("'conv'") && inner.contains("twice"), inner)
  }

  func testALongValueIsQuotedCut() {
    let key = String(repeating: "k", count: 1_000)
    let text = presetMessage("name: t\n\(key): 1\n")
    XCTAssertLessThan(text.count, 1_000, "the message quotes the key cut short")
    XCTAssertTrue(text.contains("(1000 characters)"), String(text.prefix(300)))
    let long = String(repeating: "x", count: 100_000)
    let broken = presetMessage("name: t\n\(long): 1\n")
    XCTAssertLessThan(broken.count, 1_000, "the YAML library's message is cut short")
  }

  func testALessonQuotesItsValuesAsWritten() {
    let yaml = "title: t\nsteps:\n  - title: a\n    text: b\n    neuron: {input: [0.9, 0.1]}\n"
    XCTAssertThrowsError(try NeuronLesson(yaml: yaml, source: "l.yaml", base: .init())) {
      let text = "\($0)"
      XCTAssertTrue(text.contains("is [0.9, 0.1]") && text.contains("0 ≤ a ≤ b ≤ 1"), text)
      XCTAssertFalse(text.contains("Node") || text.contains("Mark"), text)
    }
    XCTAssertThrowsError(
      try NeuronLesson(yaml: aliasBomb(levels: 9), source: "l.yaml", base: .init())
    ) {
      XCTAssertTrue("\($0)".contains("once its aliases"), "\($0)")
    }
  }
}
