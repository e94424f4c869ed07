"""The layer-by-layer forward (one call per layer for all T steps, then the neurons over T)
against a naive twin that runs every layer step by step, for IF and LIF, both resets, both
spike rules, max pools, and any chunking of the steps; and the fused (torch.compile) step."""

import pytest
import torch
import torch.nn.functional as F

from asf_torch.engine import spiking_forward

from conftest import network, preset_text

SMALL = """layers:
  - input: [8, 8, 2]
  - conv: 4
  - avgpool: 2
  - conv: 6
  - maxpool: 2
  - flatten
  - linear: 12
  - linear: 3"""


def naive_forward(net, spikes):
    """Step by step: x = W·o[t] per layer, u += x, o = u > V (or ≥), reset, leak."""
    steps, batch = spikes.shape[:2]
    layers = net.layers[:-1]
    u = [None] * len(layers)
    counts = [torch.zeros_like(spikes[0])] + [
        torch.zeros((batch, *layer.output_shape)) for layer in layers]
    for t in range(steps):
        a = spikes[t]
        counts[0] += a
        for l, layer in enumerate(layers):
            c, h, w = layer.input_shape
            if tuple(a.shape[1:]) != (c, h, w):
                a = a.permute(0, 2, 3, 1).reshape(batch, h, w, c).permute(0, 3, 1, 2)
            if layer.kind == "maxpool":
                a = F.max_pool2d(a, layer.size)
                counts[l + 1] += a
                continue
            if layer.kind == "conv":
                x = F.conv2d(a, net.weights[l], padding=layer.padding)
            elif layer.kind == "linear":
                x = (a.reshape(batch, -1) @ net.weights[l].t()).reshape(batch, -1, 1, 1)
            else:
                x = F.avg_pool2d(a, layer.size)
            u[l] = x if u[l] is None else u[l] + x
            v = net.thresholds[l]
            fired = u[l] >= v if net.switches["spike_rule"] == "inclusive" else u[l] > v
            if net.switches["reset"] == "subtract":
                u[l] = torch.where(fired, u[l] - v, u[l])
            else:
                u[l] = torch.where(fired, torch.zeros_like(u[l]), u[l])
            if layer.kind in ("conv", "linear") and net.leak != 1:
                u[l] = u[l] * net.leak
            a = fired.to(torch.float32)
            counts[l + 1] += a
    return counts


CASES = [
    ("lenet-if", {}, {}),
    ("lenet-lif", {"neuron": "lif"}, {}),
    ("small-subtract-inclusive", {"threshold": 0.6}, {"reset": "subtract",
                                                      "spike_rule": "inclusive"}),
    ("small-lif", {"neuron": "lif", "threshold": 0.6}, {}),
]


@pytest.mark.parametrize("name,changes,switches", CASES, ids=[c[0] for c in CASES])
def test_the_forward_matches_the_step_by_step_twin(name, changes, switches):
    text = preset_text(**changes) + (SMALL + "\n" if name.startswith("small") else "")
    net = network(text, seed=5)
    net.switches.update(switches)
    shape = net.layers[0].input_shape
    generator = torch.Generator().manual_seed(9)
    spikes = (torch.rand((10, 3, *shape), generator=generator) < 0.3).to(torch.float32)
    expected = naive_forward(net, spikes)
    for budget in (1 << 27, 1):  # one call per layer; one step per call
        net.forward_chunk_elements = budget
        flows = spiking_forward(net, spikes, record=1)
        assert len(flows.counts) == len(expected)
        for a, (got, want) in enumerate(zip(flows.counts, expected)):
            assert torch.equal(got, want), f"{name}: activation {a} (budget {budget})"
        assert sum(float(c.sum()) for c in expected[1:]) > 0
        # The recorded sample's trains sum to its counts, in channels-last order.
        for a, train in enumerate(flows.trains):
            count = expected[a][1].permute(1, 2, 0).reshape(-1)
            assert torch.equal(train.sum(0).to(torch.float32), count)


def test_the_fused_step_gives_the_same_spikes():
    pytest.importorskip("torch._inductor")
    text = preset_text(neuron="lif", **{"time-steps": 4}) + SMALL + "\n"
    net = network(text, seed=3)
    spikes = (torch.rand((4, 2, 2, 8, 8), generator=torch.Generator().manual_seed(1)) < 0.4)
    spikes = spikes.to(torch.float32)
    plain = spiking_forward(net, spikes).counts
    net.compile = True
    try:
        fused = spiking_forward(net, spikes).counts
    except Exception as error:  # no compiler for inductor's C++ on this machine
        pytest.skip(f"torch.compile is not usable here: {error}")
    for a, (x, y) in enumerate(zip(plain, fused)):
        assert torch.equal(x, y), f"activation {a}"
