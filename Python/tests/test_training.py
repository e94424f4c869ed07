"""Training runs of the backend: a whole batch, the test and the latency curve on PyTorch's
meta device (which, like CUDA, refuses host tensors and holds no values: any tensor left on
the host, and any hidden wait for the device, fails there); the waits for the device per
batch; stops at any batch, in training and in test, with a resume that ends where an
uninterrupted run ends; the run folder's rules."""

import json
import os

import pytest
import torch

from asf_torch.presets import parse_preset
from asf_torch.run_folder import FolderError
from asf_torch.train import Trainer

from conftest import preset_text


def make(tmp_path, data_dir, name="run", device="cpu", resume=None, **changes):
    preset = parse_preset(preset_text(**changes))
    return Trainer(preset, str(tmp_path / name), data_dir, resume, device)


def stop_when(trainer, condition):
    """Makes `trainer` stop (as a stop command does) after the batch at which
    `condition(trainer)` first holds."""
    original = trainer.train_batch

    def train_then_look(*args):
        original(*args)
        if condition(trainer):
            trainer.stopping = "stop"
    trainer.train_batch = train_then_look


def lines(folder, kind=None):
    with open(os.path.join(folder, "metrics.jsonl")) as f:
        records = [json.loads(line) for line in f]
    return [r for r in records if kind is None or r["type"] == kind]


@pytest.mark.parametrize("method", ["asf-bp", "bptt"])
def test_a_batch_the_test_and_the_latency_curve_run_on_the_meta_device(tmp_path, data_dir,
                                                                       method):
    trainer = make(tmp_path, data_dir, device="meta", method=method,
                   **{"scale-factor": "neuron" if method == "asf-bp" else "layer"})
    assert all(w.device.type == "meta" for w in trainer.net.weights.values())
    from asf_torch.data import loader
    shares = [list(range(20)), list(range(20, 40))]
    for inputs, labels, keys in loader(trainer.train_set, shares, 1, 0):
        trainer.train_batch(inputs, labels, keys, len(labels))
        trainer.batch += 1
    assert all(w.device.type == "meta" for w in trainer.adam.first.values())
    assert trainer.adam.step == 2
    from asf_torch.evaluation import evaluate, latency_curve
    assert evaluate(trainer, trainer.test_set) is not None
    curve = latency_curve(trainer, trainer.test_set)
    assert [point["T"] for point in curve] == [1, 4, 8]
    assert len(lines(trainer.folder.path, "batch")) == 2


def test_a_training_batch_waits_for_the_device_once_and_a_recorded_one_twice(tmp_path,
                                                                            data_dir):
    trainer = make(tmp_path, data_dir, **{"record-every": 2})
    from asf_torch.data import loader
    counts = []
    shares = [list(range(k, k + 20)) for k in range(0, 80, 20)]
    for inputs, labels, keys in loader(trainer.train_set, shares, 1, 0):
        before = trainer.world.host_copies
        trainer.train_batch(inputs, labels, keys, len(labels))
        counts.append(trainer.world.host_copies - before)
        trainer.batch += 1
    # Batches 0 and 1 are recorded ((b + 1) % 2 == 0 or b == 0), 2 not, 3 recorded.
    assert counts == [2, 2, 1, 2]


def weights_of(path):
    from asf_torch.checkpoint import read_checkpoint
    return read_checkpoint(path)


def test_a_stop_mid_epoch_saves_and_a_resume_ends_where_an_uninterrupted_run_ends(
        tmp_path, data_dir):
    whole = make(tmp_path, data_dir, "whole", epochs=2)
    assert whole.run() == "finished"
    stopped = make(tmp_path, data_dir, "parts", epochs=2)
    original = stopped.train_batch

    def stop_after_four(*args):
        original(*args)
        if stopped.epoch == 1 and stopped.batch == 3:
            stopped.stopping = "stop"
    stopped.train_batch = stop_after_four
    assert stopped.run() == "stopped"
    stopped.folder.close()
    folder = str(tmp_path / "parts")
    checkpoint = weights_of(folder + "/checkpoint.asfck")
    assert (checkpoint.header["epoch"], checkpoint.header["batchesInEpoch"]) == (1, 4)
    assert checkpoint.header["adamStep"] == 10
    state = lines(folder, "state")[-1]
    assert (state["state"], state["batch"], state["phase"]) == ("stopped", 4, "training")
    resumed = make(tmp_path, data_dir, "parts", resume=folder + "/checkpoint.asfck", epochs=2)
    assert resumed.run() == "finished"
    a, b = weights_of(str(tmp_path / "whole/checkpoint.asfck")), weights_of(
        folder + "/checkpoint.asfck")
    assert b.header["adamStep"] == a.header["adamStep"] == 12
    for layer in a.weights:
        assert torch.equal(a.weights[layer], b.weights[layer]), f"layer {layer}"
    assert a.header["scaleFactors"] == b.header["scaleFactors"]
    # The epoch lines agree (train accuracy and loss carried through the checkpoint).
    ea, eb = lines(str(tmp_path / "whole"), "epoch"), lines(folder, "epoch")
    assert [e["epoch"] for e in eb] == [0, 1]
    for x, y in zip(ea, eb):
        for key in ("train_accuracy", "train_loss", "test_accuracy"):
            assert x[key] == pytest.approx(y[key], rel=1e-12), key


def test_a_stop_in_the_test_saves_and_the_resume_tests_that_epoch(tmp_path, data_dir):
    trainer = make(tmp_path, data_dir)
    checks = []

    def stop_in_the_test():
        checks.append(trainer.phase)
        if trainer.phase == "test" and len([c for c in checks if c == "test"]) == 2:
            trainer.stopping = "stop"
        return trainer.stopping is not None
    trainer.should_stop = stop_in_the_test
    assert trainer.run() == "stopped"
    trainer.folder.close()
    folder = trainer.folder.path
    checkpoint = weights_of(folder + "/checkpoint.asfck")
    assert (checkpoint.header["epoch"], checkpoint.header["batchesInEpoch"]) == (0, 6)
    assert lines(folder, "epoch") == []
    resumed = make(tmp_path, data_dir, resume=folder + "/checkpoint.asfck")
    assert resumed.run() == "finished"
    assert resumed.adam.step == 6, "the resume trained no batch again"
    assert [e["epoch"] for e in lines(folder, "epoch")] == [0]


def test_a_second_run_into_a_run_folder_is_refused(tmp_path, data_dir):
    first = make(tmp_path, data_dir)
    with pytest.raises(FolderError, match="is writing the run folder"):
        make(tmp_path, data_dir)  # the first holds the lock
    first.run()
    first.folder.close()
    with pytest.raises(FolderError, match="already holds a run"):
        make(tmp_path, data_dir)
    # Resuming from its own checkpoint continues it; from a checkpoint elsewhere does not.
    make(tmp_path, data_dir, resume=str(tmp_path / "run/checkpoint.asfck"), epochs=2).run()
    with pytest.raises(FolderError):
        make(tmp_path, data_dir, "run", resume=str(tmp_path / "elsewhere.asfck"))


def test_a_torn_last_line_is_cut_before_the_next_record(tmp_path, data_dir):
    trainer = make(tmp_path, data_dir)
    trainer.run()
    trainer.folder.close()
    path = tmp_path / "run/metrics.jsonl"
    with open(path, "a") as f:
        f.write('{"type":"batch","epo')
    resumed = make(tmp_path, data_dir, resume=str(tmp_path / "run/checkpoint.asfck"), epochs=2)
    resumed.run()
    resumed.folder.close()
    records = lines(str(tmp_path / "run"))  # every line parses
    assert [r["epoch"] for r in records if r["type"] == "epoch"] == [0, 1]


def test_a_non_finite_loss_leaves_the_weights_and_pauses(tmp_path, data_dir):
    trainer = make(tmp_path, data_dir)
    before = {l: w.clone() for l, w in trainer.net.weights.items()}
    trainer.net.thresholds[-1] = float("inf") * 0  # NaN: mem / (Vth · T)
    from asf_torch.data import loader
    for inputs, labels, keys in loader(trainer.train_set, [list(range(20))], 1, 0):
        trainer.train_batch(inputs, labels, keys, 20)
    assert trainer.paused
    assert all(torch.equal(before[l], w) for l, w in trainer.net.weights.items())
    notices = [r["text"] for r in lines(trainer.folder.path, "notice")]
    assert any("not finite" in text for text in notices)


def test_a_start_that_fails_leaves_no_folder(tmp_path, data_dir):
    with pytest.raises(Exception, match="cannot read"):
        make(tmp_path, data_dir, resume=str(tmp_path / "missing.asfck"))
    assert not (tmp_path / "run").exists()


@pytest.mark.parametrize("limit", [7, 45])
def test_an_epoch_trains_its_partial_last_batch(tmp_path, data_dir, limit):
    """ceil(N/B) batches an epoch as in the Swift engine, the last one smaller: with fewer
    samples than a batch holds, one batch of them all."""
    trainer = make(tmp_path, data_dir, **{"train-limit": limit})
    sizes = []
    original = trainer.train_batch

    def counted(inputs, labels, keys, global_size):
        sizes.append((len(labels), global_size))
        original(inputs, labels, keys, global_size)
    trainer.train_batch = counted
    assert trainer.run() == "finished"
    expected = [min(20, limit - start) for start in range(0, limit, 20)]
    assert sizes == [(size, size) for size in expected]
    assert trainer.adam.step == len(expected)
    folder = trainer.folder.path
    assert lines(folder, "state")[0]["batches"] == len(expected)
    assert len(lines(folder, "batch")) == len(expected)
    epoch = lines(folder, "epoch")[0]
    assert epoch["train_loss"] > 0
    correct = epoch["train_accuracy"] * limit  # over every sample of the epoch
    assert correct == pytest.approx(round(correct), abs=1e-9)


@pytest.mark.parametrize("processes", [2, 3])
def test_every_process_takes_its_share_of_a_partial_last_batch(processes):
    from asf_torch.distributed import World
    from asf_torch.train import global_batches
    worlds = [World("cpu") for _ in range(processes)]
    for rank, world in enumerate(worlds):
        world.size, world.rank = processes, rank
    for count in (1, 7, 45):
        for batch in global_batches(count, 20, 1, 0):
            shares = [world.share(batch) for world in worlds]
            assert sorted(sum(shares, [])) == sorted(batch)
            assert all(len(share) in (len(batch) // processes, -(-len(batch) // processes))
                       for share in shares)
