// `asf-tui data digits --out DIR`: the synthetic digits of the default preset written as IDX
// files (MNIST's format and names, uncompressed), for programs that read files, such as the
// PyTorch backend; `--dataset mnist --data-dir` of the parent folder trains the Swift engine
// on the very same bytes. Pixels are rounded to bytes (x·255).

import ArgumentParser
import Datasets
import Foundation
import SpikingCore

extension DataCommand {
  struct Digits: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Write the synthetic digits (6,000 training, 1,000 test) as MNIST IDX files.")

    @Option(help: ArgumentHelp("The folder to write the four files into.", valueName: "DIR"))
    var out: String

    @Option(help: "The seed of the digits (the default preset's is 1).")
    var seed: UInt64 = 1

    func run() throws {
      let (train, test) = SyntheticDigits.standardSplits(seed: seed)
      try reportingErrors {
        do {
          try IDXWriter.writeSplits(train: train, test: test, to: out)
        } catch {
          throw CommandError.cannotWrite(path: out, reason: plainReason(error))
        }
      }
      print("wrote \(train.count) training and \(test.count) test digits (seed \(seed)) to \(out)")
    }
  }
}
