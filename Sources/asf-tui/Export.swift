// `asf-tui export torch --preset NAME --out DIR`: a self-contained folder for a GPU machine or
// a cluster: the PyTorch backend's package, the preset as resolved here (with any overrides),
// the synthetic digits as IDX files when the preset trains on them, a README with the
// commands (one process, torchrun, following the run from a workstation) and a SLURM batch
// script to adapt.

import ArgumentParser
import Datasets
import Foundation
import SpikingCore
import Workbench

struct Export: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract:
      "Write what another machine needs: a preset for the PyTorch backend, or a checkpoint as a NIR graph.",
    subcommands: [TorchFolder.self, NIRFile.self])

  struct TorchFolder: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "torch",
      abstract: "A folder with the PyTorch backend, the preset, a README and a SLURM script.")

    @OptionGroup var options: PresetOptions

    @Option(help: ArgumentHelp("The folder to write (it must not exist yet).", valueName: "DIR"))
    var out: String

    func run() throws {
      try reportingErrors {
        let preset = try options.resolve()
        try preset.requireTraining()
        guard !FileManager.default.fileExists(atPath: out) else {
          throw CommandError.cannotWrite(
            path: out, reason: "it exists already; name a new folder (nothing is overwritten)")
        }
        guard let package = TorchBackend.packageFolder else {
          throw CommandError.cannotWrite(
            path: out, reason: "the PyTorch backend's package is missing from this build")
        }
        do {
          try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
          try FileManager.default.copyItem(
            atPath: package + "/asf_torch", toPath: out + "/asf_torch")
          try preset.yaml.write(toFile: out + "/preset.yaml", atomically: true, encoding: .utf8)
          if preset.dataset == .digits {
            let (train, test) = SyntheticDigits.standardSplits(seed: preset.seed)
            try IDXWriter.writeSplits(train: train, test: test, to: out + "/data/digits")
          }
          try Self.readme(preset).write(
            toFile: out + "/README.md", atomically: true, encoding: .utf8)
          try Self.slurm(preset).write(
            toFile: out + "/train.sbatch", atomically: true, encoding: .utf8)
        } catch {
          throw CommandError.cannotWrite(path: out, reason: plainReason(error))
        }
        print(
          "wrote \(out): asf_torch, preset.yaml (\(preset.name)), README.md, train.sbatch"
            + (preset.dataset == .digits ? ", data/digits" : ""))
      }
    }

    /// Where the data comes from on the other machine.
    static func dataNote(_ preset: Preset) -> String {
      switch preset.dataset {
      case .digits:
        "The synthetic digits are in data/digits (IDX files); --data-dir data finds them."
      case .mnist:
        "Put MNIST's four IDX files (.gz or not) into data/mnist, or point --data-dir at a folder that holds them (asf-tui data fetch mnist downloads them)."
      case .cifar10:
        "Put CIFAR-10's binary batches (data_batch_1.bin … test_batch.bin, .gz or not) into data/cifar10 (asf-tui data fetch cifar10 downloads them)."
      case .mnistEvents:
        "The event camera is emulated from MNIST: put its four IDX files into data/mnist."
      case .cifar10DVS:
        "Put CIFAR10-DVS's ten class folders of .aedat recordings (airplane … truck) into data/cifar10-dvs."
      }
    }

    static func readme(_ preset: Preset) -> String {
      """
      # \(preset.name), for the PyTorch backend of asf-tui

      Written by `asf-tui export torch`. The folder holds the backend (`asf_torch`, the
      ASF-BP engine of asf-tui in PyTorch), the preset (`preset.yaml`) and this README.
      \(dataNote(preset))

      ## Set up (once)

      ```sh
      python3 -m venv .venv && .venv/bin/pip install torch pyyaml numpy
      ```

      ## One process (a GPU: --device cuda)

      ```sh
      PYTHONPATH=. .venv/bin/python -m asf_torch.train --preset preset.yaml --out run --data-dir data --device cuda
      ```

      ## Several processes (data parallel: NCCL on GPUs, gloo on CPUs)

      ```sh
      PYTHONPATH=. .venv/bin/torchrun --standalone --nproc_per_node 4 -m asf_torch.train --preset preset.yaml --out run --data-dir data --device cuda
      ```

      On several nodes: `--nnodes N --rdzv-backend c10d --rdzv-endpoint HOST:29500` instead of
      `--standalone` (train.sbatch shows it for SLURM). Each process takes its share of every
      global batch of \(preset.batchSize) samples; the scale factors and gradients are summed
      over all of them, so N processes train what one process would.

      ## Watch and steer it

      The run folder (`run`) is what asf-tui reads. With the folder on a shared or synced file
      system, on your workstation:

      ```sh
      asf-tui follow run --control
      ```

      shows it live; the keys (space pause, `.` one batch, `+`/`-` thresholds, `[`/`]` the time
      window, `(`/`)` the learning rate, `s` save) reach the backend through `run/control.jsonl`
      at its next batch boundary. `asf-tui eval --checkpoint run/checkpoint.asfck` and
      `asf-tui train --resume run/checkpoint.asfck` take the checkpoint as it is.

      """
    }

    static func slurm(_ preset: Preset) -> String {
      """
      #!/bin/bash
      # SLURM batch script for \(preset.name) with the PyTorch backend of asf-tui: 2 nodes of
      # 4 GPUs each. Adapt the partition, the counts and the time, then: sbatch train.sbatch
      #SBATCH --job-name=\(preset.name)
      #SBATCH --nodes=2
      #SBATCH --ntasks-per-node=1
      #SBATCH --gpus-per-node=4
      #SBATCH --cpus-per-task=16
      #SBATCH --time=24:00:00
      #SBATCH --output=run-%j.log

      cd "$SLURM_SUBMIT_DIR"
      export PYTHONPATH="$SLURM_SUBMIT_DIR"
      head=$(scontrol show hostnames "$SLURM_JOB_NODELIST" | head -n 1)
      srun .venv/bin/torchrun \\
        --nnodes "$SLURM_NNODES" --nproc_per_node 4 \\
        --rdzv-id "$SLURM_JOB_ID" --rdzv-backend c10d --rdzv-endpoint "$head:29500" \\
        -m asf_torch.train --preset preset.yaml --out run --data-dir data --device cuda

      """
    }
  }
}
