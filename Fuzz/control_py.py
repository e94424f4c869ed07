#!/usr/bin/env python3
"""A mutation fuzzer for the PyTorch backend's control-file reader (asf_torch/control.py),
the Python twin of the Swift target `control`: seed lines (Fuzz/Corpus/control) are mutated
(bytes flipped, inserted, deleted, chunks copied, lines spliced, tokens such as 1e999, NaN,
huge integers and deep brackets put in) and each input is

  - read by `Control` from a run folder's control.jsonl, appended in two pieces: every
    complete non-blank line must give one command or one refusal, and nothing may raise;
  - for each accepted command, applied by `apply` to a small stand-in network and trainer:
    nothing may raise, and the thresholds, T and the learning rate must stay finite and in
    their ranges.

    python3 Fuzz/control_py.py               # 1,000,000 executions
    python3 Fuzz/control_py.py -n 100000 --seed 3

Prints the executions, seconds and failures; exits 1 on a failure (the input is saved in
.build/fuzz/artifacts/control-py/).
"""

import argparse
import math
import os
import random
import sys
import tempfile
import time
import traceback
from types import SimpleNamespace

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "Python"))

from asf_torch import control  # noqa: E402

TOKENS = [b"1e999", b"-1e999", b"NaN", b"Infinity", b"-Infinity", b"9" * 400, b"-0", b"null",
          b"true", b"[]", b"{}", b'"abc"', b"[" * 3000, b"0.05", b"10000", b"1e-12",
          b'"command"', b'"threshold"', b'"T"', b'"lr"', b'"switch"', b'"smoothing"', b"\n",
          b'"layer"', b'"value"', b'"by"', b'"factor"', b'"longer"', b'"change"']


def mutate(data, seeds, rng):
    data = bytearray(data)
    for _ in range(rng.randint(1, 2)):
        choice = rng.randrange(7)
        position = rng.randint(0, len(data))
        if choice == 0 and data:
            data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
        elif choice == 1:
            data[position:position] = bytes([rng.randrange(256)])
        elif choice == 2 and data:
            end = min(len(data), position + rng.randint(1, 16))
            del data[position:end]
        elif choice == 3 and data:
            start = rng.randrange(len(data))
            data[position:position] = data[start:start + rng.randint(1, 32)]
        elif choice == 4:
            data[position:position] = rng.choice(TOKENS)
        elif choice == 5:
            data[position:position] = rng.choice(seeds)
        else:
            data = bytearray(rng.choice(seeds)) if rng.random() < 0.1 else data
    return bytes(data[:8192])


def stand_ins():
    layers = [SimpleNamespace(kind=kind, name=name) for kind, name in
              [("conv", "conv1"), ("avgpool", "pool1"), ("linear", "fc1"), ("linear", "output")]]
    net = SimpleNamespace(
        layers=layers, thresholds=[1.0, 0.75, 1.0, 1.0], time_steps=30,
        switches={"scale_mode": "layer", "mask": True, "reset": "hard",
                  "spike_rule": "strict", "smoothing": 0.6})
    return net, SimpleNamespace(base_learning_rate=8.5e-4)


def run_one(data, folder):
    path = os.path.join(folder, "control.jsonl")
    cut = data[0] % (len(data) + 1) if data else 0
    with open(path, "wb") as f:
        f.write(data[:cut])
    reader = control.Control(folder, from_start=True)
    commands, refusals = reader.take()
    with open(path, "ab") as f:
        f.write(data[cut:])
    more, more_refusals = reader.take()
    commands += more
    refusals += more_refusals
    end = data.rfind(b"\n")
    if len(data) < control.MAXIMUM_READ and end >= 0:
        lines = [line for line in data[:end].split(b"\n") if line.strip()]
        if len(commands) + len(refusals) != len(lines):
            raise AssertionError(f"{len(lines)} lines gave {len(commands)} commands and "
                                 f"{len(refusals)} refusals")
    net, trainer = stand_ins()
    for command in commands:
        control.apply(command, net, trainer)
        low, high = control.THRESHOLD_RANGE
        if not all(math.isfinite(v) and low <= v <= high for v in net.thresholds):
            raise AssertionError(f"thresholds {net.thresholds} after {command!r:.200}")
        if not control.TIME_STEPS_RANGE[0] <= net.time_steps <= control.TIME_STEPS_RANGE[1]:
            raise AssertionError(f"T {net.time_steps} after {command!r:.200}")
        rate = trainer.base_learning_rate
        low, high = control.LEARNING_RATE_RANGE
        if not (math.isfinite(rate) and low <= rate <= high):
            raise AssertionError(f"learning rate {rate} after {command!r:.200}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", "--runs", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    arguments = parser.parse_args()
    corpus = os.path.join(ROOT, "Fuzz", "Corpus", "control")
    seeds = []
    for name in sorted(os.listdir(corpus)):
        with open(os.path.join(corpus, name), "rb") as f:
            text = f.read()
        seeds += [line + b"\n" for line in text.split(b"\n") if line]
    rng = random.Random(arguments.seed)
    artifacts = os.path.join(ROOT, ".build", "fuzz", "artifacts", "control-py")
    failures = 0
    start = time.time()
    folder = tempfile.mkdtemp(prefix="asf-fuzz-control-py-", dir="/dev/shm"
                              if os.path.isdir("/dev/shm") else None)
    data = b"".join(seeds)
    for run in range(arguments.runs):
        if rng.random() < 0.5:  # a few seed lines, each changed a little: most stay commands
            data = b"".join(mutate(rng.choice(seeds), seeds, rng) if rng.random() < 0.5
                            else rng.choice(seeds) for _ in range(rng.randint(1, 4)))
        else:
            data = mutate(data, seeds, rng)
        try:
            run_one(data, folder)
        except Exception:  # noqa: BLE001 - every failure is kept and reported
            failures += 1
            os.makedirs(artifacts, exist_ok=True)
            name = os.path.join(artifacts, f"failure-{run}")
            with open(name, "wb") as f:
                f.write(data)
            print(f"failure on input {name}:\n{traceback.format_exc()}", file=sys.stderr)
            if failures >= 5:
                break
    print(f"control-py  {run + 1:>10} executions {time.time() - start:6.0f} s   "
          f"{failures} failing inputs")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
