"""python -m asf_torch.train --preset FILE.yaml --out RUN_FOLDER [--data-dir DIR]
[--resume CHECKPOINT] [--device cpu|cuda]: trains a preset with ASF-BP and writes the run
folder as the Swift engine does (preset.yaml, metrics.jsonl with a batch line per batch and
an epoch line per epoch, epochs.csv, checkpoint.asfck after every epoch), so that asf-tui
replays it, evaluates its checkpoint and continues it.
"""

import argparse
import json
import math
import os
import sys
import time

import torch

from .adam import Adam
from .checkpoint import Checkpoint, CheckpointError, read_checkpoint, write_checkpoint
from .control import Control, apply
from .data import DataError, load_splits
from .distributed import World
from .engine import equivalent_step, spiking_forward
from .network import SpikingNetwork, runtime_layers, to_swift_layout, to_torch_layout
from .presets import PresetError, learning_rate, parse_preset, switches
from .evaluation import evaluate, latency_curve
from .records import batch_line, sample_line


def he_normal(preset, generator):
    """He-normal weights (std √(2/fan_in)) in the Swift layout, from the preset's seed."""
    weights = {}
    for l, layer in enumerate(runtime_layers(preset["spec"])):
        if layer.has_weights:
            rows, columns = layer.swift_shape()
            values = torch.randn(rows * columns, generator=generator) * math.sqrt(2 / rows)
            weights[l] = values.tolist()
    return weights


def thresholds(preset):
    return [preset["pool-threshold"] if layer.kind == "avgpool" else preset["threshold"]
            for layer in runtime_layers(preset["spec"])]


def _line(record):
    """One line of metrics.jsonl: compact, as the Swift engine writes it."""
    return json.dumps(record, separators=(",", ":"), ensure_ascii=False) + "\n"


class Trainer:
    """A training run of a preset into a run folder, steered through its control file."""

    def __init__(self, preset, out, data_dir=None, resume=None, device="cpu", paused=False):
        self.preset = preset
        self.out = out
        self.device = device
        os.makedirs(out, exist_ok=True)
        self.train, self.test = load_splits(preset, data_dir)
        if int(os.environ.get("RANK", "0")) == 0:
            with open(os.path.join(out, "preset.yaml"), "w") as f:
                f.write(preset["text"])
        if resume:
            checkpoint = read_checkpoint(resume)
            if checkpoint.header["spec"] != preset["spec"]:
                raise PresetError(f"{resume} holds another network than the preset describes")
        else:
            layers = runtime_layers(preset["spec"])
            generator = torch.Generator().manual_seed(preset["seed"])
            checkpoint = Checkpoint(header={
                "epoch": 0, "batchesInEpoch": 0, "spec": preset["spec"],
                "neuronModel": preset["neuron"], "timeSteps": preset["time-steps"],
                "thresholds": thresholds(preset), "scaleFactors": [1.0] * len(layers),
                "adamStep": 0, "learningRate": preset["learning-rate"], "preset": preset["text"],
                "tensors": []}, weights=he_normal(preset, generator))
        self.net = SpikingNetwork.from_checkpoint(checkpoint, device)
        self.net.time_steps = preset["time-steps"]
        self.net.switches = switches(preset)
        header = checkpoint.header
        self.adam = Adam(self.net.weights, preset["learning-rate"], preset["weight-decay"],
                         header["adamStep"])
        for l, layer in enumerate(self.net.layers):
            if l in checkpoint.first_moments:
                self.adam.first[l] = to_torch_layout(layer, checkpoint.first_moments[l], device)
                self.adam.second[l] = to_torch_layout(layer, checkpoint.second_moments[l], device)
        self.first_epoch = header["epoch"]
        self.epoch = self.first_epoch
        self.base_learning_rate = preset["learning-rate"]
        self.control = Control(out)
        self.paused = paused
        self.pending_steps = 0
        self.world = World(device)
        self.metrics = (open(os.path.join(out, "metrics.jsonl"), "a", encoding="utf-8")
                        if self.world.main else None)

    def record(self, record):
        if self.metrics is not None:
            self.metrics.write(_line(record))
            self.metrics.flush()

    def state(self, state):
        batches = len(self.train) // self.preset["batch-size"]
        self.record({"type": "state", "state": state, "batches": batches,
                     "epochs": self.preset["epochs"]})

    def notice(self, text):
        self.record({"type": "notice", "text": text})

    def boundary(self):
        """Takes the control file's commands at a batch boundary; waits while paused.
        Returns False when asked to stop."""
        while True:
            for command in self.world.broadcast(self.control.take() if self.world.main else None):
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
                    path = os.path.join(self.out, "checkpoint.asfck")
                    self.save(path)
                    self.notice(f"checkpoint saved: {path}")
                elif kind == "stop":
                    self.state("stopped")
                    return False
                elif kind not in ("pause", "resume", "step"):
                    self.notice(apply(command, self.net, self))
            if not self.paused:
                return True
            if self.pending_steps > 0:
                self.pending_steps -= 1
                return True
            time.sleep(0.05)

    def run(self):
        preset, net, adam = self.preset, self.net, self.adam
        size = preset["batch-size"]
        epochs_csv = os.path.join(self.out, "epochs.csv")
        if self.world.main and not os.path.exists(epochs_csv):
            with open(epochs_csv, "w") as f:
                f.write("epoch,train_accuracy,train_loss,test_accuracy,train_seconds,test_seconds,"
                        "scale_factors\n")
        self.state("paused" if self.paused else "running")
        for epoch in range(self.first_epoch, preset["epochs"]):
            self.epoch = epoch
            update = epoch % preset["scale-update-period"] == 0
            order = torch.randperm(len(self.train), generator=torch.Generator().manual_seed(
                preset["seed"] * 1000003 + epoch)).tolist()
            started = time.perf_counter()
            correct = 0
            loss_sum = 0.0
            batches = len(order) // size
            for b in range(batches):
                if not self.boundary():
                    self.save(os.path.join(self.out, "checkpoint.asfck"))
                    return
                lr = learning_rate(self.preset, epoch, self.base_learning_rate)
                adam.learning_rate = lr
                clock = time.perf_counter()
                batch = order[b * size:(b + 1) * size]
                indices = self.world.share(batch)
                spikes = self.train.spikes(indices, epoch, net.time_steps, self.device)
                sample = b % max(1, preset["record-every"]) == 0
                flows = spiking_forward(net, spikes, record=0 if sample else None)
                labels = self.train.labels[indices].tolist()
                result = equivalent_step(net, flows, labels, preset["loss"], update,
                                         all_reduce=self.world.sum)
                net.scale_factors = result.scale_factors
                totals = self.world.sum(torch.tensor([result.loss, float(result.correct)],
                                                     dtype=torch.float64))
                result.loss, result.correct = float(totals[0]), int(totals[1])
                if math.isfinite(result.loss):
                    adam.update(net.weights, self.world.sum_gradients(result.gradients))
                correct += result.correct
                loss_sum += result.loss
                speed = len(batch) / max(1e-9, time.perf_counter() - clock)
                self.record(batch_line(net, flows.counts, result.input_flows, result, epoch, b,
                                       len(batch), lr, speed))
                if sample:
                    self.record(sample_line(net, flows, result.input_flows, epoch, b))
            train_seconds = time.perf_counter() - started
            clock = time.perf_counter()
            test_accuracy = evaluate(net, self.test, preset, epoch, self.device, self.world)
            test_seconds = time.perf_counter() - clock
            samples = max(1, batches * size)
            line = {
                "type": "epoch", "epoch": epoch, "train_accuracy": correct / samples,
                "train_loss": loss_sum / samples, "test_accuracy": test_accuracy,
                "train_seconds": train_seconds, "test_seconds": test_seconds,
                "scale": net.scale_factors}
            curve = latency_curve(net, self.test, preset, epoch, self.device, self.world)
            if curve:
                line["latency"] = curve
            self.record(line)
            with open(epochs_csv if self.world.main else os.devnull, "a") as f:
                factors = " ".join(f"{x:.4f}" for x in net.scale_factors)
                f.write(f"{epoch + 1},{correct / samples:.4f},{loss_sum / samples:.6f},"
                        f"{test_accuracy:.4f},{train_seconds:.1f},{test_seconds:.1f},{factors}\n")
            self.epoch = epoch + 1
            self.save(os.path.join(self.out, "checkpoint.asfck"))
            if self.world.main:
                print(f"epoch {epoch + 1}/{preset['epochs']}: test accuracy "
                      f"{test_accuracy * 100:.2f} %", flush=True)
        self.state("finished")
        # A finished run still answers: save, or stop (the workbench's q).
        while True:
            for command in self.world.broadcast(self.control.take() if self.world.main else None):
                if command["command"] == "stop":
                    return
                if command["command"] == "save":
                    self.save(os.path.join(self.out, "checkpoint.asfck"))
            if not self.wait_when_finished:
                return
            time.sleep(0.1)

    wait_when_finished = False

    def save(self, path):
        if self.world.main:
            save(self.net, self.adam, self.preset, self.epoch, path)


def train(preset, out, data_dir=None, resume=None, device="cpu"):
    Trainer(preset, out, data_dir, resume, device).run()


def save(net, adam, preset, epoch, path):
    header = {
        "epoch": epoch, "batchesInEpoch": 0, "spec": net.spec, "neuronModel": net.neuron_model,
        "timeSteps": net.time_steps, "thresholds": net.thresholds,
        "scaleFactors": net.scale_factors, "adamStep": adam.step,
        "learningRate": adam.learning_rate, "preset": preset["text"]}
    layers = net.layers
    checkpoint = Checkpoint(
        header=header,
        weights=net.swift_weights(),
        first_moments={l: to_swift_layout(layers[l], m) for l, m in adam.first.items()},
        second_moments={l: to_swift_layout(layers[l], v) for l, v in adam.second.items()})
    write_checkpoint(checkpoint, path)


def main(argv):
    parser = argparse.ArgumentParser(prog="python -m asf_torch.train")
    parser.add_argument("--preset", required=True, help="a preset YAML file")
    parser.add_argument("--out", required=True, help="the run folder to write")
    parser.add_argument("--data-dir", help="the data folder (else $ASF_DATA_DIR)")
    parser.add_argument("--resume", help="a checkpoint (.asfck) to continue from")
    parser.add_argument("--device", default="cpu", help="cpu, cuda, cuda:1, …")
    parser.add_argument("--paused", action="store_true", help="start paused")
    parser.add_argument("--wait", action="store_true",
                        help="after the last epoch, wait for a stop command (the workbench's q)")
    args = parser.parse_args(argv)
    device = args.device
    # Under torchrun every process of a node takes its own GPU.
    if device == "cuda" and "LOCAL_RANK" in os.environ:
        device = f"cuda:{os.environ['LOCAL_RANK']}"
        torch.cuda.set_device(device)
    args.device = device
    try:
        with open(args.preset) as f:
            preset = parse_preset(f.read(), args.preset)
        trainer = Trainer(preset, args.out, args.data_dir, args.resume, args.device, args.paused)
        trainer.wait_when_finished = args.wait
        trainer.run()
        trainer.world.close()
    except (PresetError, DataError, CheckpointError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"error: {error.filename}: {error.strerror}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
