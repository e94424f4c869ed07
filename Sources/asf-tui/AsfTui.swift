// The root command of asf-tui and its subcommands.

import ArgumentParser

struct AsfTui: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "asf-tui",
    abstract: "A terminal workbench for training spiking neural networks with ASF-BP.",
    discussion: """
      With no command, asf-tui trains the default preset (\("digits-lenet-if"): LeNet on \
      synthetic digits, no download needed).
      """,
    subcommands: [Train.self, Eval.self, Bench.self, Presets.self],
    defaultSubcommand: Train.self)
}
