// `asf-tui import nir model.nir --out FILE.asfck`: a NIR graph as a checkpoint the engine
// can evaluate, train further or open. Graphs exported by asf-tui carry their preset, T and
// scale factors; others take the data set and training settings of --preset (by default the
// digits preset for 28×28 single-channel inputs).

import ArgumentParser
import Foundation
import NIR
import SpikingCore
import Workbench

struct Import: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Read a network from another tool.", subcommands: [NIRGraphFile.self])

  struct NIRGraphFile: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "nir",
      abstract: "A NIR graph (HDF5) as an asf-tui checkpoint, for the networks the engine runs.")

    @Argument(help: ArgumentHelp("The NIR file to read.", valueName: "FILE"))
    var graph: String

    @Option(help: ArgumentHelp("The checkpoint to write.", valueName: "FILE"))
    var out: String

    @Option(
      help:
        "The preset whose data set and training settings go with the network (default: the one the graph was exported with, else digits-lenet-if for 28×28×1 inputs)."
    )
    var preset: String?

    @Option(
      name: .customLong("T"), parsing: .unconditional,
      help: "The time window T (default: the graph's, else the preset's).")
    var timeSteps: Int?

    @Flag(help: "Replace --out if it exists (it is replaced only once the new file is whole).")
    var force = false

    func validate() throws {
      if let timeSteps, !Limits.timeSteps.contains(timeSteps) {
        throw ValidationError(
          "--T \(timeSteps) is outside \(Limits.timeSteps.lowerBound)…\(Limits.timeSteps.upperBound)."
        )
      }
    }

    func run() throws {
      try reportingErrors {
        guard force || !FileManager.default.fileExists(atPath: out) else {
          throw CommandError.cannotWrite(
            path: out, reason: "it exists already; give --force to replace it, or name a new file")
        }
        let staging = ProcessInfo.processInfo.environment[stagingVariable]
        guard let staging else { return try importInChild() }
        let imported = try ImportedNetwork(graph: try NIRGraph.read(from: graph))
        var base = try basePreset(imported)
        if base.network != imported.spec {
          let file = URL(fileURLWithPath: graph).lastPathComponent
          base.summary = "\(file), imported from NIR, with the data and settings of \(base.name)"
          base.name += "-nir"
        }
        base.network = imported.spec
        base.architecture =
          imported.spec == .lenet ? "lenet" : imported.spec == .vgg7 ? "vgg7" : "custom"
        base.neuron = imported.neuronModel
        base.timeSteps = timeSteps ?? imported.timeSteps ?? base.timeSteps
        base.switches.reset = .hard
        base.switches.spikeRule = imported.spikeRule
        let network = try imported.network(timeSteps: base.timeSteps)
        if let hidden = network.layers.indices.first(where: {
          network.layers[$0].hasNeurons && !Self.isPool(network.layers[$0])
        }) {
          base.threshold = network.thresholds[hidden]
        }
        if let pool = network.layers.indices.first(where: { Self.isPool(network.layers[$0]) }) {
          base.poolThreshold = network.thresholds[pool]
        }
        let checkpoint = Checkpoint(
          untrained: network, preset: base.yaml, learningRate: base.learningRate)
        try checkpoint.write(to: staging)
        for note in imported.notes { print("note: \(note)") }
        let layers = network.layers.map(\.name).joined(separator: ", ")
        print(
          "wrote \(out): \(layers); \(network.neuronModel == .integrateAndFire ? "IF" : "LIF") neurons, T=\(network.timeSteps), preset \(base.name) (\(base.dataset.rawValue))"
        )
      }
    }

    /// libhdf5 reads the file in a child (see `runIsolated`): a damaged file cannot take this
    /// process down. The child writes into a folder beside --out; its checkpoint is renamed
    /// into place when it ended well.
    func importInChild() throws {
      let target = URL(fileURLWithPath: out)
      let folder = target.deletingLastPathComponent().appendingPathComponent(
        ".asf-import-\(UUID().uuidString)"
      ).path
      do {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
      } catch {
        throw CommandError.cannotWrite(path: out, reason: plainReason(error))
      }
      defer { try? FileManager.default.removeItem(atPath: folder) }
      let variable = ProcessInfo.processInfo.environment["ASF_NIR_READ_SECONDS"].flatMap(
        Double.init)
      let limit =
        variable.flatMap { $0.isFinite && $0 > 0 ? min($0, 86_400) : nil }
        ?? 60 + 2 * Double(Self.fileSize(graph)) / 1_048_576
      let staged = folder + "/checkpoint.asfck"
      let printed = try runIsolated(
        Array(CommandLine.arguments.dropFirst()), environment: [stagingVariable: staged],
        reading: graph, seconds: limit, folder: folder)
      if rename(staged, out) != 0 {
        throw CommandError.cannotWrite(path: out, reason: String(cString: strerror(errno)))
      }
      print(printed, terminator: "")
    }

    static func fileSize(_ path: String) -> Int {
      ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int) ?? 0
    }

    static func isPool(_ layer: LayerInfo) -> Bool {
      if case .avgPool = layer.kind { return true }
      return false
    }

    /// --preset, else the graph's own, else the digits preset for 28×28×1 inputs.
    func basePreset(_ imported: ImportedNetwork) throws -> Preset {
      if let preset { return try PresetLibrary.load(preset) }
      if let text = imported.preset {
        return try Preset(yaml: text, source: graph + " (its preset)")
      }
      let input = imported.spec.input
      guard input.height == 28, input.width == 28, input.channels == 1 else {
        throw ValidationError(
          "\(graph) has input \(input.channels)×\(input.height)×\(input.width) and no asf-tui preset; give --preset NAME (the data set and settings to go with it; see 'asf-tui presets')."
        )
      }
      return try PresetLibrary.load(PresetLibrary.defaultName)
    }
  }
}
