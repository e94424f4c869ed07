"""Fixtures of the backend's tests: a small IDX data set written here (ten classes of noisy
bars, learnable in a few batches), presets, and the network of a preset."""

import gzip
import os
import struct
import sys

import pytest
import torch

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from asf_torch.network import SpikingNetwork  # noqa: E402
from asf_torch.presets import parse_preset  # noqa: E402
from asf_torch.train import he_normal, thresholds  # noqa: E402


def bars(count, seed):
    """(images uint8 (count, 28, 28), labels): class k is a bright bar at rows 2k+4…2k+6."""
    generator = torch.Generator().manual_seed(seed)
    labels = torch.arange(count) % 10
    images = torch.randint(0, 60, (count, 28, 28), generator=generator)
    for i, k in enumerate(labels.tolist()):
        images[i, 2 * k + 4:2 * k + 7, 4:24] = 230
    return images.to(torch.uint8), labels.to(torch.uint8)


def write_idx(folder, split, images, labels):
    names = {"train": ("train-images-idx3-ubyte", "train-labels-idx1-ubyte"),
             "test": ("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte")}[split]
    n = len(labels)
    with gzip.open(os.path.join(folder, names[0] + ".gz"), "wb") as f:
        f.write(struct.pack(">IIII", 0x803, n, 28, 28) + images.numpy().tobytes())
    with gzip.open(os.path.join(folder, names[1] + ".gz"), "wb") as f:
        f.write(struct.pack(">II", 0x801, n) + labels.numpy().tobytes())


@pytest.fixture(scope="session")
def data_dir(tmp_path_factory):
    root = tmp_path_factory.mktemp("data")
    folder = root / "digits"
    folder.mkdir()
    write_idx(str(folder), "train", *bars(240, 1))
    write_idx(str(folder), "test", *bars(60, 2))
    return str(root)


PRESET = """name: pytest-digits
dataset: digits
time-steps: 8
batch-size: 20
epochs: 1
train-limit: 120
test-limit: 40
learning-rate: 0.002
latency-samples: 20
"""


def preset_text(**changes):
    """PRESET with keys changed (or added)."""
    lines = {line.split(":")[0]: line for line in PRESET.strip().splitlines()}
    for key, value in changes.items():
        lines[key] = f"{key}: {value}"
    return "\n".join(lines.values()) + "\n"


@pytest.fixture
def preset_file(tmp_path):
    def write(**changes):
        path = tmp_path / f"preset-{len(list(tmp_path.iterdir()))}.yaml"
        path.write_text(preset_text(**changes))
        return str(path)
    return write


def network(text=PRESET, device="cpu", seed=None):
    """The He-normal network of a preset (its seed, or `seed`)."""
    preset = parse_preset(text)
    generator = torch.Generator().manual_seed(seed if seed is not None else preset["seed"])
    layers_weights = he_normal(preset, generator)
    from asf_torch.network import runtime_layers
    count = len(runtime_layers(preset["spec"]))
    net = SpikingNetwork(preset["spec"], layers_weights, thresholds(preset), [1.0] * count,
                         preset["neuron"], preset["time-steps"], device)
    return net
