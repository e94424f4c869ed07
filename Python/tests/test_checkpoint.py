"""Checkpoints as raw tensors: a round trip keeps every bit, and damaged or cut files are
refused with the reason instead of read."""

import struct

import pytest
import torch

from asf_torch.checkpoint import Checkpoint, CheckpointError, read_checkpoint, write_checkpoint


def sample(tmp_path):
    weights = {0: torch.randn(60), 2: torch.randn(7)}
    header = {"epoch": 1, "batchesInEpoch": 3, "spec": {}, "adamStep": 5}
    path = str(tmp_path / "a.asfck")
    write_checkpoint(Checkpoint(header, weights, {0: torch.ones(60)}, {}), path)
    return path, weights


def test_a_round_trip_keeps_every_bit(tmp_path):
    path, weights = sample(tmp_path)
    read = read_checkpoint(path)
    assert read.header["batchesInEpoch"] == 3
    for layer, values in weights.items():
        assert torch.equal(read.weights[layer], values)
    assert torch.equal(read.first_moments[0], torch.ones(60))
    assert torch.equal(read.second_moments[2], torch.zeros(7)), "missing moments are zeros"
    write_checkpoint(read, str(tmp_path / "b.asfck"))
    assert open(path, "rb").read() == open(tmp_path / "b.asfck", "rb").read()


@pytest.mark.parametrize("damage,reason", [
    (lambda b: b[:len(b) // 2], "checksum|header runs past"),
    (lambda b: b[:10], "no ASFCKPT magic"),
    (lambda b: b[:100] + bytes([b[100] ^ 1]) + b[101:], "checksum"),
    (lambda b: b[:8] + struct.pack("<I", 1 << 30) + b[12:], "header runs past"),
])
def test_damaged_files_are_refused_with_the_reason(tmp_path, damage, reason):
    path, _ = sample(tmp_path)
    data = open(path, "rb").read()
    with open(path, "wb") as f:
        f.write(damage(data))
    with pytest.raises(CheckpointError, match=reason):
        read_checkpoint(path)
