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

    @Option(
      help: ArgumentHelp(
        "The checkpoint: a file, or a trained network shipped with asf-tui (see 'asf-tui presets').",
        valueName: "FILE|NAME"))
    var checkpoint: String

    @Option(help: ArgumentHelp("The file to write.", valueName: "FILE"))
    var out: String

    @Flag(help: "Replace --out if it exists (it is replaced only once the new file is whole).")
    var force = false

    func run() throws {
      try reportingErrors {
        let saved = try CheckpointSource.read(checkpoint)
        guard force || !FileManager.default.fileExists(atPath: out) else {
          throw CommandError.cannotWrite(
            path: out, reason: "it exists already; give --force to replace it, or name a new file")
        }
        let weights = saved.weightsOnly()
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
