"""python -m asf_torch.train --preset FILE.yaml --out RUN_FOLDER [--resume CHECKPOINT|auto]
[--device cpu|cuda] …: trains a preset with ASF-BP (or BPTT) and writes the run folder as the
Swift engine does (preset.yaml, metrics.jsonl with a batch line per batch, sample lines and
an epoch line per epoch, epochs.csv, checkpoint.asfck), so that asf-tui follows and replays
it, evaluates its checkpoint and continues it.

One training batch: the inputs come from the DataLoader; the input spikes are made on the
device; the spiking forward runs layer by layer; the equivalent network gives the flows, the
loss and every statistic; one collective sums them over the processes and one copy brings
them to the host; the scale factors follow; the backward reduces the gradients in buckets
while it runs; Adam steps. The control file's commands are read by the main process at every
batch and reach the others only when there are some. A stop (a command, a signal, the
parent's end) is honoured at every batch, in training and in test, and always saves the
checkpoint with the position inside the epoch; a resume continues from there. A record that
cannot be written (a full disk, the file-size limit) stops the run the same way, with status
1. The checkpoint at an epoch's end carries that epoch's records, so that a run killed before
it wrote them has them written by its resume.
"""

import argparse
import math
import os
import sys
import time

import torch

from .adam import Adam
from .checkpoint import Checkpoint, CheckpointError, read_checkpoint, write_checkpoint
from .control import Control, apply
from .data import DataError, load_splits, loader
from .distributed import World
from .evaluation import evaluate, latency_curve
from .gradients import GradientBuckets
from .lifetime import Lifetime
from .network import SpikingNetwork, runtime_layers, to_swift_layout, to_torch_layout
from .presets import PresetError, learning_rate, parse_preset, switches
from .records import batch_line, sample_line, sample_vector
from .run_folder import FolderError, RunFolder, WriteError, check_available, metrics_line
from .step import training_step
from .tuning import tune


def he_normal(preset, generator):
    """He-normal weights (std √(2/fan_in)) in the Swift layout, from the preset's seed."""
    weights = {}
    for l, layer in enumerate(runtime_layers(preset["spec"])):
        if layer.has_weights:
            rows, columns = layer.swift_shape()
            weights[l] = torch.randn(rows * columns, generator=generator) * math.sqrt(2 / rows)
    return weights


def thresholds(preset):
    return [preset["pool-threshold"] if layer.kind == "avgpool" else preset["threshold"]
            for layer in runtime_layers(preset["spec"])]


def global_batches(count, size, seed, epoch):
    """The batches of an epoch: a permutation of the samples from (seed, epoch), cut into
    batches of `size`; the last one may be smaller (it is trained, as in the Swift engine)."""
    order = torch.randperm(count, generator=torch.Generator().manual_seed(
        seed * 1000003 + epoch)).tolist()
    return [order[start:start + size] for start in range(0, count, size)]


class Trainer:
    """A training run of a preset into a run folder, steered through its control file."""

    def __init__(self, preset, out, data_dir=None, resume=None, device="cpu", paused=False,
                 workers=None, compile=False, control_from_start=False, lifetime=None):
        self.preset = preset
        self.world = World(device)
        self.device = self.world.device
        self.method = preset["method"]
        self.lifetime = lifetime or Lifetime()
        if resume == "auto":
            resume = (os.path.join(out, "checkpoint.asfck")
                      if os.path.exists(os.path.join(out, "checkpoint.asfck")) else None)
        continuing = bool(resume) and os.path.realpath(os.path.dirname(resume) or ".") == \
            os.path.realpath(out)
        if self.world.main:
            check_available(out, continuing)  # before any work; nothing is created yet
        self.train_set, self.test_set = load_splits(preset, data_dir)
        checkpoint = self._checkpoint(resume)
        header = checkpoint.header
        self.net = SpikingNetwork.from_checkpoint(checkpoint, self.device)
        self.net.time_steps = preset["time-steps"]
        self.net.switches = switches(preset)
        self.net.compile = compile
        self.adam = Adam(self.net.weights, preset["learning-rate"], preset["weight-decay"],
                         header["adamStep"])
        for l, layer in enumerate(self.net.layers):
            if l in checkpoint.first_moments:
                self.adam.first[l] = to_torch_layout(layer, checkpoint.first_moments[l],
                                                     self.device)
                self.adam.second[l] = to_torch_layout(layer, checkpoint.second_moments[l],
                                                      self.device)
        self.epoch = header["epoch"]
        self.batch = header.get("batchesInEpoch", 0)
        totals = header.get("epochTotals") or {}
        self.totals = {k: float(totals.get(k, 0.0)) for k in ("correct", "loss", "seen",
                                                               "trainSeconds")}
        self.base_learning_rate = header.get("baseLearningRate", preset["learning-rate"])
        self.paused = paused
        self.pending_steps = 0
        self.pending = []  # commands received, applied at the next boundary
        self.queue = []  # the main process's commands not yet shared
        self.stopping = None
        self.phase = "training"
        self.failure = None  # why a file of the run folder could not be written
        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
        default_workers = min(4, max(1, cores // self.world.local_size - 1)) \
            if self.device.type == "cuda" else 0
        self.workers = default_workers if workers is None else workers
        self.buckets = GradientBuckets(self.net, self.world)
        # The folder only now, when the run is sure to start: a failed start leaves none.
        self.folder = RunFolder(out, continuing, self.world.main)
        self.control = Control(out, control_from_start) if self.world.main else None
        self.folder.write_preset(preset["text"])
        self.folder.open_metrics()
        if continuing:
            self.folder.continue_run(self.epoch, header.get("epochRecords"))
        self.numbers = None

    def _checkpoint(self, resume):
        preset = self.preset
        if resume:
            checkpoint = read_checkpoint(resume)
            if checkpoint.header.get("spec") != preset["spec"]:
                raise PresetError(f"{resume} holds another network than the preset describes")
            return checkpoint
        generator = torch.Generator().manual_seed(preset["seed"])
        return Checkpoint(header={
            "epoch": 0, "batchesInEpoch": 0, "spec": preset["spec"],
            "neuronModel": preset["neuron"], "timeSteps": preset["time-steps"],
            "thresholds": thresholds(preset),
            "scaleFactors": [1.0] * len(runtime_layers(preset["spec"])),
            "adamStep": 0, "learningRate": preset["learning-rate"], "preset": preset["text"],
            "tensors": []}, weights=he_normal(preset, generator))

    # Records ---------------------------------------------------------------------------

    def record(self, record):
        try:
            self.folder.record(record)
        except WriteError as error:
            self.failed(error)

    def failed(self, error):
        """A file of the run folder could not be written (a full disk, a file-size limit):
        the run stops at the next batch with its checkpoint saved, and ends with status 1."""
        if self.failure is None:
            self.failure = str(error)
            print(f"error: {error}; the run stops", file=sys.stderr, flush=True)
        self.lifetime.request(self.failure)

    def batches_per_epoch(self):
        return -(-len(self.train_set) // self.preset["batch-size"])

    def state(self, state, **extra):
        self.record({"type": "state", "state": state, "batches": self.batches_per_epoch(),
                     "epochs": self.preset["epochs"], **extra})

    def notice(self, text, change=False):
        record = {"type": "notice", "text": text, "epoch": self.epoch, "batch": self.batch}
        if change:
            record["change"] = True
        self.record(record)

    # Commands and stops ----------------------------------------------------------------

    def _take_control(self):
        """The main process reads the control file: commands queued, bad lines noticed."""
        if self.control is None:
            return
        commands, refusals = self.control.take()
        for refusal in refusals:
            self.notice(refusal)
        self.queue += commands

    def exchange(self):
        """Outside a training batch (paused, testing, finished): the main process's new
        commands and every process's stop request, shared by all processes."""
        self._take_control()
        if self.world.size == 1:
            commands, self.queue = self.queue, []
            return commands, self.lifetime.requested is not None
        flags = torch.tensor([float(len(self.queue)),
                              1.0 if self.lifetime.requested else 0.0],
                             dtype=torch.float64, device=self.device)
        count, stop = self.world.host(self.world.reduce(flags))
        commands = self.world.commands(self.queue) if count > 0 else []
        self.queue = []
        return commands, stop > 0

    def should_stop(self):
        """Whether the run is to stop now (checked at every test batch): a stop command (other
        commands wait for the next training batch), a signal."""
        self._take_control()
        wanted = any(c["command"] == "stop" for c in self.queue)
        if self.world.flag(wanted or self.lifetime.requested is not None):
            self.stopping = self.stopping or "stop"
        return self.stopping is not None

    def apply(self, commands):
        for command in commands:
            kind = command["command"]
            if kind == "pause" and not self.paused:
                self.paused = True
                self.state("paused")
            elif kind == "resume" and self.paused:
                self.paused = False
                self.pending_steps = 0
                self.state("running")
            elif kind == "step" and self.paused:
                self.pending_steps += 1
            elif kind == "save":
                self.save()
                self.notice(f"checkpoint saved: {self.folder.checkpoint}")
            elif kind == "stop":
                self.stopping = "stop"
            elif kind not in ("pause", "resume", "step"):
                self.notice(apply(command, self.net, self), change=True)

    def boundary(self):
        """Between two training batches: applies the commands received, waits while paused.
        Returns False when the run is to stop."""
        commands, self.pending = self.pending, []
        self.apply(commands)
        while self.stopping is None:
            if self.lifetime.requested is not None and self.world.size == 1:
                self.stopping = self.lifetime.requested
                break
            if not self.paused:
                return True
            if self.pending_steps > 0:
                self.pending_steps -= 1
                return True
            time.sleep(0.05)
            commands, stop = self.exchange()
            self.apply(commands)
            if stop:
                self.stopping = self.lifetime.requested or "stop"
        return False

    # Training --------------------------------------------------------------------------

    def run(self):
        """Trains the remaining epochs; returns "finished" or "stopped"."""
        self.state("paused" if self.paused else "running")
        while self.epoch < self.preset["epochs"]:
            if not self.train_epoch() or not self.finish_epoch():
                return self.stopped()
        self.state("finished")
        return self.wait_when_finished()

    def train_epoch(self):
        preset = self.preset
        batches = global_batches(len(self.train_set), preset["batch-size"], preset["seed"],
                                 self.epoch)
        if self.batch >= len(batches):
            return self.boundary()
        shares = [self.world.share(b) for b in batches[self.batch:]]
        data = loader(self.train_set, shares, preset["seed"], self.epoch, self.workers,
                      self.device.type == "cuda")
        clock = time.perf_counter()
        for inputs, labels, keys in data:
            if not self.boundary():
                return False
            self.train_batch(inputs, labels, keys, len(batches[self.batch]))
            now = time.perf_counter()
            self.totals["trainSeconds"] += now - clock
            clock = now
            self.batch += 1
        return self.boundary()

    def train_batch(self, inputs, labels, keys, global_size):
        preset, net, world = self.preset, self.net, self.world
        started = time.perf_counter()
        b = self.batch
        lr = learning_rate(preset, self.epoch, self.base_learning_rate)
        self.adam.learning_rate = lr
        inputs = inputs.to(self.device, non_blocking=True)
        labels = labels.to(self.device, non_blocking=True)
        keys = keys.to(self.device, non_blocking=True)
        spikes = self.train_set.spikes(inputs, keys, net.time_steps)
        sample = (b + 1) % max(1, preset["record-every"]) == 0 or b == 0
        record = 0 if sample and world.main and len(labels) > 0 else None
        update = self.epoch % preset["scale-update-period"] == 0
        self._take_control()
        step = training_step(net, world, self.buckets, spikes, labels, self.adam, self.method,
                             preset["loss"], update, record, len(self.queue),
                             self.lifetime.requested is not None)
        totals, finite = step.totals, step.finite
        if totals["commands"] > 0:
            self.pending += world.commands(self.queue)
            self.queue = []
        if totals["stop"] > 0:
            self.stopping = self.lifetime.requested or "stop"
        self.totals["correct"] += totals["correct"]
        self.totals["loss"] += totals["loss"] if finite else 0.0
        self.totals["seen"] += totals["samples"]
        speed = global_size / max(1e-9, time.perf_counter() - started)
        self.record(batch_line(net, step.layers, totals, net.scale_factors, self.epoch, b, lr,
                               speed))
        if sample:
            part = sample_vector(net, step.counts, step.result.input_flows, step.trains)
            values = world.host(world.reduce(part))
            inputs_per_step = math.prod(net.layers[0].input_shape) * max(1.0, totals["samples"])
            rate = totals["input_spikes"] / (inputs_per_step * net.time_steps)
            self.record(sample_line(net, values, self.epoch, b, rate))
        if not finite:
            self.paused = True
            self.notice(f"the loss is not finite at epoch {self.epoch + 1}, batch {b + 1}: the "
                        "weights were not changed; paused (lower the learning rate or T)")
            self.state("paused")

    def finish_epoch(self):
        """Tests the epoch's network, writes its records and saves the checkpoint; False
        when a stop came during the test."""
        self.phase = "test"
        started = time.perf_counter()
        test_accuracy = evaluate(self, self.test_set)
        if test_accuracy is None:
            return False
        test_seconds = time.perf_counter() - started
        curve = latency_curve(self, self.test_set)
        if curve is None:
            return False
        seen = max(1.0, self.totals["seen"])
        line = {
            "type": "epoch", "epoch": self.epoch, "train_accuracy": self.totals["correct"] / seen,
            "train_loss": self.totals["loss"] / seen, "test_accuracy": test_accuracy,
            "train_seconds": self.totals["trainSeconds"], "test_seconds": test_seconds,
            "scale": self.net.scale_factors}
        if curve:
            line["latency"] = curve
        factors = " ".join(f"{x:.4f}" for x in self.net.scale_factors)
        row = (f"{self.epoch + 1},{line['train_accuracy']:.4f},{line['train_loss']:.6f},"
               f"{test_accuracy:.4f},{self.totals['trainSeconds']:.1f},{test_seconds:.1f},"
               f"{factors}")
        self.epoch += 1
        self.batch = 0
        self.totals = dict.fromkeys(self.totals, 0.0)
        self.phase = "training"
        # The checkpoint first, carrying the records: the records never name an epoch without
        # a checkpoint, and a run killed before it wrote them has them written by its resume.
        text = metrics_line(line)
        self.save(epoch_records={"csvRow": row, "metricsLine": text})
        try:
            self.folder.append_line(text)
            self.folder.epoch_row(row)
        except WriteError as error:
            self.failed(error)
        if self.world.main:
            print(f"epoch {self.epoch}/{self.preset['epochs']}: test accuracy "
                  f"{test_accuracy * 100:.2f} %", flush=True)
        return True

    def stopped(self):
        """Saves the checkpoint at the position reached and says where the run stopped."""
        self.save()
        where = (f"the test of epoch {self.epoch + 1}" if self.phase == "test"
                 else f"batch {self.batch} of epoch {self.epoch + 1}")
        self.state("stopped", epoch=self.epoch, batch=self.batch, phase=self.phase,
                   reason=self.stopping)
        if self.world.main:
            print(f"stopped at {where} ({self.stopping}); checkpoint saved: "
                  f"{self.folder.checkpoint}", flush=True)
        return "stopped"

    wait_when_finished_flag = False

    def wait_when_finished(self):
        """A finished run still answers save and stop (the workbench's q) when told to wait."""
        while self.wait_when_finished_flag and self.stopping is None:
            commands, stop = self.exchange()
            self.apply(commands)
            if stop:
                break
            time.sleep(0.1)
        return "finished"

    def save(self, path=None, epoch_records=None):
        if self.world.main:
            save(self, path or self.folder.checkpoint, epoch_records)


def save(trainer, path, epoch_records=None):
    """Writes the trainer's network, Adam state and position inside the epoch (raw tensors);
    at an epoch's end also that epoch's records ({"csvRow", "metricsLine"}), which a resume
    writes when the run was killed before it wrote them."""
    net, adam = trainer.net, trainer.adam
    header = {
        "epoch": trainer.epoch, "batchesInEpoch": trainer.batch, "spec": net.spec,
        "neuronModel": net.neuron_model, "timeSteps": net.time_steps,
        "thresholds": net.thresholds, "scaleFactors": net.scale_factors,
        "adamStep": adam.step, "learningRate": adam.learning_rate,
        "baseLearningRate": trainer.base_learning_rate, "epochTotals": trainer.totals,
        "preset": trainer.preset["text"]}
    if epoch_records is not None:
        header["epochRecords"] = epoch_records
    layers = net.layers
    checkpoint = Checkpoint(
        header=header,
        weights={l: to_swift_layout(layers[l], w) for l, w in net.weights.items()},
        first_moments={l: to_swift_layout(layers[l], m) for l, m in adam.first.items()},
        second_moments={l: to_swift_layout(layers[l], v) for l, v in adam.second.items()})
    try:
        write_checkpoint(checkpoint, path)
    except OSError as error:
        raise CheckpointError(f"cannot write {path}: {error.strerror or error}") from None


def main(argv):
    parser = argparse.ArgumentParser(prog="python -m asf_torch.train")
    parser.add_argument("--preset", required=True, help="a preset YAML file")
    parser.add_argument("--out", required=True, help="the run folder to write")
    parser.add_argument("--data-dir", help="the data folder (else $ASF_DATA_DIR)")
    parser.add_argument("--resume", help="a checkpoint (.asfck) to continue from; auto: the "
                        "run folder's checkpoint when there is one (for requeued jobs)")
    parser.add_argument("--device", default="cpu", help="cpu, cuda, cuda:1, …")
    parser.add_argument("--paused", action="store_true", help="start paused")
    parser.add_argument("--wait", action="store_true",
                        help="after the last epoch, wait for a stop command (the workbench's q)")
    parser.add_argument("--workers", type=int, default=None,
                        help="DataLoader worker processes (default: 0 on a CPU, up to 4 a GPU)")
    parser.add_argument("--compile", action="store_true",
                        help="fuse each neuron step into one kernel with torch.compile")
    parser.add_argument("--tf32", action="store_true",
                        help="let a GPU compute convolutions in TF32 (faster, not exact)")
    parser.add_argument("--control-from-start", action="store_true",
                        help="read the control file from its first line (the workbench empties "
                        "it before it starts the backend)")
    args = parser.parse_args(argv)
    lifetime = Lifetime()
    lifetime.install()
    device = args.device
    # Under torchrun every process of a node takes its own GPU.
    if device == "cuda" and "LOCAL_RANK" in os.environ:
        device = f"cuda:{os.environ['LOCAL_RANK']}"
    if device.startswith("cuda"):
        if not torch.cuda.is_available():
            print(f"error: --device {args.device}: this PyTorch sees no CUDA device",
                  file=sys.stderr)
            return 1
        torch.cuda.set_device(device)
        torch.backends.cudnn.allow_tf32 = args.tf32
        torch.backends.cuda.matmul.allow_tf32 = args.tf32
    trainer = None
    try:
        with open(args.preset) as f:
            preset = parse_preset(f.read(), args.preset)
        trainer = Trainer(preset, args.out, args.data_dir, args.resume, device, args.paused,
                          args.workers, args.compile, args.control_from_start, lifetime)
        tune(trainer.world.local_size)
        trainer.wait_when_finished_flag = args.wait
        outcome = trainer.run()
    except (PresetError, DataError, CheckpointError, FolderError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"error: {error.filename or 'a file'}: {error.strerror or error}", file=sys.stderr)
        return 1
    finally:
        if trainer is not None:
            trainer.folder.close()
            trainer.world.close()
    if trainer.failure is not None:
        return 1
    # A job pre-empted by its scheduler (SIGUSR1) asks to be requeued: status 3.
    return 3 if outcome == "stopped" and lifetime.preempted else 0


def cli():
    """The asf-torch-train console script."""
    sys.exit(main(sys.argv[1:]))


if __name__ == "__main__":
    cli()
