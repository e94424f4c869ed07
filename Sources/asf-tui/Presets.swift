// `asf-tui presets`: the shipped presets with what they reproduce, the data they need and an
// estimate of the run time here, then the recorded runs that ship with asf-tui.

import ArgumentParser
import Foundation
import Workbench

struct Presets: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract:
      "List the shipped presets (what each reproduces, its data, a run-time estimate) and recordings."
  )

  @Option(help: "Folder with the data sets (else $ASF_DATA_DIR, else ../shared/datasets).")
  var dataDir: String?

  func run() throws {
    var rows: [[String]] = [["preset", "reproduces", "paper", "data", "run time here"]]
    for name in PresetLibrary.names() {
      do {
        let preset = try PresetLibrary.load(name)
        let estimate = PresetEstimate(preset: preset, dataDirectory: dataDir)
        let paper = preset.paperAccuracy.map { String(format: "%.2f %%", $0) } ?? "-"
        rows.append([
          name, preset.paperReference, paper, "\(preset.dataset.rawValue): \(estimate.dataStatus)",
          estimate.durationText,
        ])
      } catch {
        rows.append([name, "invalid preset: \(error)", "", "", ""])
      }
    }
    let widths = (0..<5).map { column in rows.map { $0[column].count }.max() ?? 0 }
    for row in rows {
      print(
        row.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }
          .joined(separator: "  ").trimmingCharacters(in: .whitespaces))
    }
    print(
      "Run times are estimates from throughput measured on a 2-core machine ('asf-tui bench train')."
    )
    let recordings = ShippedRecording.all()
    guard !recordings.isEmpty else { return }
    print("\nRecorded runs shipped with asf-tui (play one with 'asf-tui replay NAME'):")
    let withWeights = Set(CheckpointSource.shippedNames())
    for recording in recordings {
      print("  \(recording.name): \(recording.summary)")
    }
    if !withWeights.isEmpty {
      print(
        "Trained networks shipped with them (eval, export nir and open take '--checkpoint NAME'): "
          + withWeights.sorted().joined(separator: ", "))
    }
  }
}
