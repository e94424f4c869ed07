// Entry point of the asf-tui executable. A synchronous main: no top-level await. A first
// word that is neither an option nor a command is refused here with the closest command
// (the workbench, the default command, takes no words of its own).

import Foundation
import SpikingCore
import Workbench

// Large blocks (batch arenas, data sets) as mappings of their own, so that a long session's
// resident size does not creep up with holes in the heap (FreedMemory.configureAllocator).
FreedMemory.configureAllocator()

// A file-size limit (ulimit -f) makes a write past it fail with EFBIG, which every writer
// reports and recovers from (a metrics line taken back, the last checkpoint kept); the
// default SIGXFSZ would kill the process mid-write instead.
signal(SIGXFSZ, SIG_IGN)

let commands = AsfTui.configuration.subcommands.map { $0._commandName } + ["help"]
if CommandLine.arguments.count > 1 {
  let first = CommandLine.arguments[1]
  if !first.hasPrefix("-"), !commands.contains(first) {
    let hint = Suggestion.sentence(for: first, among: commands)
    FileHandle.standardError.write(
      Data(
        """
        error: '\(first)' is not a command of asf-tui.\(hint)
        Commands: \(commands.filter { $0 != "help" }.joined(separator: ", ")); with none, the \
        workbench opens (asf-tui --help lists what each does).

        """.utf8))
    exit(64)
  }
}
AsfTui.main()
