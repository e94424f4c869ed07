"""Data parallelism: two gloo processes train what one process trains (the last, partial
batch included: one sample, so that the second process has none), and write the statistics
of the whole batch, not of one process's share."""

import json
import os
import subprocess
import sys

import pytest
import torch

from asf_torch.checkpoint import read_checkpoint

from conftest import ROOT, preset_text


def train(tmp_path, data_dir, name, processes):
    preset = tmp_path / "preset.yaml"
    preset.write_text(preset_text(**{"train-limit": 121, "record-every": 3}))
    command = [sys.executable]
    if processes > 1:
        command += ["-m", "torch.distributed.run", "--standalone", "--nproc_per_node",
                    str(processes)]
    command += ["-m", "asf_torch.train", "--preset", str(preset), "--out", str(tmp_path / name),
                "--data-dir", data_dir]
    environment = dict(os.environ, PYTHONPATH=ROOT)
    done = subprocess.run(command, env=environment, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    with open(tmp_path / name / "metrics.jsonl") as f:
        records = [json.loads(line) for line in f]
    return read_checkpoint(str(tmp_path / name / "checkpoint.asfck")), records


def test_two_processes_train_and_record_what_one_process_does(tmp_path, data_dir):
    one, one_records = train(tmp_path, data_dir, "one", 1)
    two, two_records = train(tmp_path, data_dir, "two", 2)
    assert one.header["adamStep"] == two.header["adamStep"] == 7  # 6 batches of 20, one of 1
    for layer in one.weights:
        a, b = one.weights[layer], two.weights[layer]
        assert float((a - b).norm() / a.norm()) <= 1e-5, f"layer {layer}"
    for x, y in zip(one.header["scaleFactors"], two.header["scaleFactors"]):
        assert x == pytest.approx(y, rel=1e-6)
    batches = [[r for r in records if r["type"] == "batch"] for records in (one_records,
                                                                            two_records)]
    assert len(batches[0]) == len(batches[1]) == 7
    # The first batch meets the same weights in both runs: the same numbers. Later batches
    # meet weights that differ in their last bits (sums in another order).
    for a, b in zip(*batches):
        tolerance = 1e-12 if a["batch"] == 0 else 1e-3
        for key in ("spike_rate", "silent", "saturated", "fi_mean", "accuracy"):
            assert a[key] == pytest.approx(b[key], rel=tolerance, abs=1e-12), (a["batch"], key)
        # The loss is summed in float32 per process, then over the processes.
        assert a["loss"] == pytest.approx(b["loss"], rel=max(tolerance, 1e-6))
    samples = [[r for r in records if r["type"] == "sample"] for records in (one_records,
                                                                             two_records)]
    assert [s["batch"] for s in samples[0]] == [s["batch"] for s in samples[1]] == [0, 2, 5]
    for a, b in zip(samples[0][:1], samples[1][:1]):
        assert [layer["fo"] for layer in a["layers"]] == [layer["fo"] for layer in b["layers"]]
        assert [layer["fi"] for layer in a["layers"]] == [layer["fi"] for layer in b["layers"]]
        assert a["rasters"] == b["rasters"]
        assert a["input_rate"] == pytest.approx(b["input_rate"], rel=1e-12)


def test_every_collective_refuses_a_tensor_off_the_runs_device():
    from asf_torch.distributed import World
    world = World("meta")
    with pytest.raises(AssertionError, match="every tensor of a run lives on the run's device"):
        world.reduce(torch.zeros(3))
    world.reduce(torch.zeros(3, device="meta"))
