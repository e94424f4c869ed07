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
      "Write what another machine needs: a preset for the PyTorch backend, a checkpoint as a NIR graph, or its weights alone.",
    subcommands: [TorchFolder.self, NIRFile.self, WeightsFile.self])

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
          try FileManager.default.copyItem(
            atPath: package + "/pyproject.toml", toPath: out + "/pyproject.toml")
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
          "wrote \(out): asf_torch and pyproject.toml, preset.yaml (\(preset.name)), README.md, train.sbatch"
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
      ASF-BP engine of asf-tui in PyTorch, installable with its `pyproject.toml`), the preset
      (`preset.yaml`), a SLURM script (`train.sbatch`) and this README.
      \(dataNote(preset))

      ## Set up (once, on a login node; no Swift needed)

      ```sh
      python3 -m venv .venv && .venv/bin/pip install .
      ```

      (`pip install .` brings torch, pyyaml and numpy; on a cluster whose PyTorch comes as a
      module, `pip install --no-deps .` into that environment.)

      ## One process (a GPU: --device cuda)

      ```sh
      .venv/bin/python -m asf_torch.train --preset preset.yaml --out run --data-dir data --device cuda
      ```

      ## Several processes (data parallel: NCCL on GPUs, gloo on CPUs)

      ```sh
      .venv/bin/torchrun --standalone --nproc_per_node 4 -m asf_torch.train --preset preset.yaml --out run --data-dir data --device cuda
      ```

      Each process takes its share of every global batch of \(preset.batchSize) samples; the
      flows, the loss, the statistics and the gradients are summed over all of them, so N
      processes train what one process would, and the input spikes of a sample are the same
      on any device and any number of processes.

      ## A SLURM cluster

      ```sh
      sbatch train.sbatch
      ```

      The script starts one torchrun per node with one process per GPU of the node, on a
      rendezvous port taken from the job's id. It asks SLURM for a signal 3 minutes before the
      job's time runs out or it is pre-empted: the run then saves its checkpoint at its next
      batch, and the job is requeued and goes on from it (`--resume auto`). Adapt the
      partition, the nodes and the time at its top.

      ## Stopping, resuming

      A stop (the `X` key, a `{"command": "stop"}` line in `run/control.jsonl`, SIGTERM) is
      honoured at the next batch, in training or in the test, and always saves
      `run/checkpoint.asfck` with the position inside the epoch; `--resume auto` (or
      `--resume run/checkpoint.asfck`) continues from there. A second run into `run` is refused
      unless it resumes it.

      ## Watch and steer it

      The run folder (`run`) is what asf-tui reads. With the folder on a shared or synced file
      system, on your workstation:

      ```sh
      asf-tui follow run --control
      ```

      shows it live; the keys (space pause, `.` one batch, `+`/`-` thresholds, `[`/`]` the time
      window, `(`/`)` the learning rate, `s` save, `X` stop) reach the backend through
      `run/control.jsonl` at its next batch boundary. `asf-tui eval --checkpoint
      run/checkpoint.asfck` and `asf-tui train --resume run/checkpoint.asfck` take the
      checkpoint as it is.

      """
    }

    static func slurm(_ preset: Preset) -> String {
      """
      #!/bin/bash
      # SLURM batch script for \(preset.name) with the PyTorch backend of asf-tui: 2 nodes, one
      # process per GPU of each. Adapt the partition, the counts and the time, then:
      #   sbatch train.sbatch
      #SBATCH --job-name=\(preset.name)
      #SBATCH --nodes=2
      #SBATCH --ntasks-per-node=1
      #SBATCH --gpus-per-node=4
      #SBATCH --cpus-per-task=16
      #SBATCH --time=24:00:00
      #SBATCH --output=run-%j.log
      # Requeued after a pre-emption or when the time runs out; SIGUSR1 to this script
      # 180 s before.
      #SBATCH --requeue
      #SBATCH --signal=B:USR1@180

      cd "$SLURM_SUBMIT_DIR"
      # One process per GPU that SLURM gave this node.
      gpus=${SLURM_GPUS_ON_NODE:-$(nvidia-smi -L | wc -l)}
      # A rendezvous port of the job's own: two jobs on one node do not collide.
      port=$((20000 + SLURM_JOB_ID % 20000))
      head=$(scontrol show hostnames "$SLURM_JOB_NODELIST" | head -n 1)

      # The warning: srun passes SIGTERM to torchrun on every node, torchrun to its workers,
      # which save the checkpoint at their next batch and end; then the job goes back into
      # the queue and its next start resumes (--resume auto).
      requeue() {
        kill -TERM "$step"
        wait "$step"
        scontrol requeue "$SLURM_JOB_ID"
      }
      trap requeue USR1

      srun --kill-on-bad-exit=1 .venv/bin/torchrun \\
        --nnodes "$SLURM_NNODES" --nproc_per_node "$gpus" \\
        --rdzv-id "$SLURM_JOB_ID" --rdzv-backend c10d --rdzv-endpoint "$head:$port" \\
        -m asf_torch.train --preset preset.yaml --out run --data-dir data --device cuda \\
        --resume auto &
      step=$!
      wait "$step"

      """
    }
  }
}
