// `asf-tui presets`: the shipped presets, one line each.

import ArgumentParser
import Foundation
import Workbench

struct Presets: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "List the presets shipped with asf-tui.")

  func run() throws {
    for name in PresetLibrary.names() {
      do {
        let preset = try PresetLibrary.load(name)
        let paper = preset.paperAccuracy.map { String(format: " (paper: %.2f %%)", $0) } ?? ""
        let padded = name.padding(toLength: 22, withPad: " ", startingAt: 0)
        print(
          "\(padded) \(preset.dataset.rawValue.padding(toLength: 7, withPad: " ", startingAt: 0)) \(preset.paperReference)\(paper)"
        )
      } catch {
        print("\(name): invalid preset: \(error)")
      }
    }
  }
}
