"""The GPU check's counts, on the CPU: one convolution or product per layer when the steps
fit one chunk, at most five operations per layer and time step in the neuron loop, one copy
to the host per training batch; the device check passes; the thread count follows the
environment."""

import json

import pytest

from asf_torch import bench
from asf_torch.tuning import threads


def test_the_counts_of_a_small_vgg7_batch(tmp_path):
    out = tmp_path / "figures.json"
    status = bench.main(["--arch", "vgg7", "--T", "3", "--batch", "2", "--no-timing", "--check",
                         "--device", "cpu", "--chunk-elements", str(1 << 27), "--neuron", "lif",
                         "--json", str(out)])
    assert status == 0
    figures = json.loads(out.read_text())
    counted = figures["operations"]
    assert counted["forward_products"] == counted["layers_with_currents"] == 7
    assert counted["operations_per_layer_step"] <= 5
    assert counted["host_copies_per_batch"] == 1
    assert all(row["passed"] for row in figures["check"].values())


def test_small_chunks_take_more_calls(tmp_path):
    out = tmp_path / "figures.json"
    bench.main(["--arch", "lenet", "--T", "4", "--batch", "2", "--no-timing", "--device", "cpu",
                "--chunk-elements", "2000", "--json", str(out)])
    assert json.loads(out.read_text())["operations"]["forward_products"] > 5


@pytest.mark.parametrize("environment,processes,expected", [
    ({"ASF_TORCH_THREADS": "3", "OMP_NUM_THREADS": "1"}, 1, 3),
    ({"OMP_NUM_THREADS": "2"}, 4, 2),
])
def test_threads_follow_the_environment(monkeypatch, environment, processes, expected):
    for name in ("ASF_TORCH_THREADS", "OMP_NUM_THREADS"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    assert threads(processes) == expected


def test_threads_share_the_cores_between_the_processes(monkeypatch):
    for name in ("ASF_TORCH_THREADS", "OMP_NUM_THREADS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr("os.sched_getaffinity", lambda pid: set(range(16)))
    assert threads(4) == 4
    assert threads(32) == 1
