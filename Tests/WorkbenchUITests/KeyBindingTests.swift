// The one key table: within a context no key does two things, every binding reaches its
// command through dispatch, every binding is described in the `?` overlay (alone or beside
// its pair), and the hint line starts with the help key and lists every hint.

import TerminalKit
import XCTest

@testable import WorkbenchUI

final class KeyBindingTests: XCTestCase {
  let contexts: [KeyContext] = [.train, .replay, .experimentsList, .experimentsChart, .neuronLab]

  func testNoKeyIsBoundTwiceInOneContext() {
    for context in contexts {
      var seen: [Key: KeyCommand] = [:]
      let own = KeyMap.bindings(for: context).dropLast(KeyMap.global.count)
      for binding in own {
        for key in binding.keys {
          XCTAssertNil(
            seen[key],
            "\(context): \(key) is bound to \(seen[key].map { "\($0)" } ?? "") and \(binding.command)"
          )
          seen[key] = binding.command
        }
      }
    }
  }

  func testEveryBindingDispatchesToItsCommand() {
    for context in contexts {
      let own = KeyMap.bindings(for: context).dropLast(KeyMap.global.count)
      for binding in own {
        for key in binding.keys {
          XCTAssertEqual(
            KeyMap.command(for: key, in: context), binding.command, "\(context) \(key)")
        }
      }
      // A global key reaches its command unless the context binds that key itself.
      let ownKeys = Set(own.flatMap(\.keys))
      for binding in KeyMap.global {
        for key in binding.keys where !ownKeys.contains(key) {
          XCTAssertEqual(
            KeyMap.command(for: key, in: context), binding.command, "\(context) \(key)")
        }
      }
    }
    XCTAssertNil(KeyMap.command(for: .character("Z"), in: .train))
  }

  func testEveryBindingIsDescribedInTheOverlay() {
    for context in contexts {
      let all = KeyMap.bindings(for: context)
      let help = KeyMap.help(for: context)
      XCTAssertEqual(help.count, all.filter { $0.help != nil }.count)
      for binding in all where binding.help == nil && binding.command != .ignored {
        // Described by the line of its pair, which names it ("+ / -" names "-"; the Tab line
        // says "Shift-Tab back").
        XCTAssertTrue(
          help.contains {
            ($0.key != binding.label && $0.key.contains(binding.label))
              || $0.description.contains(binding.label)
          },
          "\(context): '\(binding.label)' (\(binding.command)) is in no line of the overlay")
      }
    }
  }

  func testTheHintLineStartsWithTheHelpKeyAndListsEveryHint() {
    for context in contexts {
      let line = KeyMap.hintLine(for: context)
      XCTAssertTrue(line.hasPrefix("? keys"), "\(context): \(line)")
      for hint in KeyMap.bindings(for: context).compactMap(\.hint) {
        XCTAssertTrue(line.contains(hint), "\(context): '\(hint)' missing from \(line)")
      }
    }
  }
}
