// `asf-tui export nir --checkpoint FILE --out model.nir`: a checkpoint's network as a NIR
// graph (HDF5), for snnTorch, Norse, SpikingJelly, Lava, Sinabs, Rockpool or a chip's
// toolchain. The mapping and its limits are in docs/nir.md.

import ArgumentParser
import Foundation
import NIR
import SpikingCore
import Workbench

extension Export {
  struct NIRFile: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "nir",
      abstract: "A checkpoint's network as a NIR graph (HDF5), with its weights and thresholds.")

    @OptionGroup var files: CheckpointExport

    var checkpoint: String { files.checkpoint }
    var out: String { files.out }

    func run() throws {
      try reportingErrors {
        let saved = try CheckpointSource.read(checkpoint)
        let preset = try Preset(yaml: saved.header.preset, source: checkpoint)
        try files.checkOut()
        let network = try Self.network(saved, switches: preset.switches)
        let graph = try NIRGraph(exporting: network, preset: saved.header.preset)
        try graph.write(to: out)
        let model = network.neuronModel == .integrateAndFire ? "IF" : "LIF"
        print(
          "wrote \(out): \(graph.nodes.count) NIR nodes (\(Self.chainText(graph))), \(model) neurons, T=\(network.timeSteps) in its metadata"
        )
      }
    }

    /// The network a checkpoint holds, with the switches of its preset.
    static func network(_ saved: Checkpoint, switches: EngineSwitches) throws -> Network {
      let h = saved.header
      var network = try Network(spec: h.spec, neuronModel: h.neuronModel, timeSteps: h.timeSteps)
      network.weights = saved.weights
      network.thresholds = h.thresholds
      network.scaleFactors = h.scaleFactors
      network.switches = switches
      return network
    }

    /// "input → conv1 → conv1_if → … → output".
    static func chainText(_ graph: NIRGraph) -> String {
      ((try? NIRChain(graph).names) ?? []).joined(separator: " → ")
    }
  }
}

/// What `export nir` and `export weights` take: the checkpoint, the file to write, --force.
struct CheckpointExport: ParsableArguments {
  @Option(
    help: ArgumentHelp(
      "The checkpoint: a file, or a trained network shipped with asf-tui (see 'asf-tui presets').",
      valueName: "FILE|NAME"))
  var checkpoint: String

  @Option(help: ArgumentHelp("The file to write.", valueName: "FILE"))
  var out: String

  @Flag(help: "Replace --out if it exists (it is replaced only once the new file is whole).")
  var force = false

  /// Refuses an --out that exists, unless --force.
  func checkOut() throws {
    guard force || !FileManager.default.fileExists(atPath: out) else {
      throw CommandError.cannotWrite(
        path: out, reason: "it exists already; give --force to replace it, or name a new file")
    }
  }
}
