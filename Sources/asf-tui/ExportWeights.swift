// `asf-tui export weights --checkpoint FILE|NAME --out FILE`: a checkpoint's weights,
// thresholds, scale factors and preset only, without Adam's moments (a third of the size): a
// trained network to share. eval, export nir and open read it as they read a checkpoint (also
// gzip-compressed, as the shipped networks are: `gzip -9n FILE`); a run resumed from it
// starts Adam afresh.

import ArgumentParser
import Foundation
import SpikingCore
import Workbench

extension Export {
  struct WeightsFile: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "weights",
      abstract: "A checkpoint's weights and scale factors only (no optimiser state), to share.")

    @OptionGroup var files: CheckpointExport

    func run() throws {
      try reportingErrors {
        let saved = try CheckpointSource.read(files.checkpoint)
        try files.checkOut()
        let weights = saved.weightsOnly()
        let out = files.out
        try weights.write(to: out)
        let size = (try? FileManager.default.attributesOfItem(atPath: out)[.size] as? Int) ?? 0
        let count = weights.weights.reduce(0) { $0 + $1.count }
        print(
          "wrote \(out): \(count) weights of \(weights.weights.filter { !$0.isEmpty }.count) layers, thresholds and scale factors (\(size) bytes, no optimiser state)"
        )
      }
    }
  }
}
