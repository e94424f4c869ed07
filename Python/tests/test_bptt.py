"""BPTT in the backend: a case worked by hand (one IF neuron over three steps, its spike's
boxcar surrogate and the reset's path), and its gradients for a whole network against a
second, step-by-step derivation of the same recurrence written with explicit loops."""

import math

import pytest
import torch

from asf_torch.bptt import bptt_pass
from asf_torch.engine import output_loss
from asf_torch.network import SpikingNetwork

SPEC = {"input": {"channels": 1, "height": 1, "width": 1},
        "layers": [{"flatten": {}}, {"linear": {"outFeatures": 1}},
                   {"linear": {"outFeatures": 1}}]}


def test_one_neuron_by_hand():
    net = SpikingNetwork(SPEC, {0: [0.8], 1: [0.5]}, [1.0, 1.0], [1.0, 1.0], "if", 3)
    spikes = torch.ones(3, 1, 1, 1, 1)
    result, counts, _ = bptt_pass(net, spikes, torch.tensor([0]))
    result.loss.backward()
    # u = 0.8, 1.6 (spike, reset), 0.8: one spike; mem = 0.5; out = mem / (V·T) = 1/6.
    assert float(counts[1].sum()) == 1
    dmem = 2 * (0.5 / 3 - 1) / 3  # sse: ∂Σ(out − 1)²/∂mem
    assert float(result.loss.detach()) == pytest.approx((0.5 / 3 - 1) ** 2, rel=1e-6)
    assert float(result.leaves[1].grad) == pytest.approx(dmem * 1, rel=1e-6)  # × FO
    # g = ∂L/∂o_t = dmem·w2 at each step; δ3 = g (|0.8 − 1| < ½), δ2 = 0 (|1.6 − 1| ≥ ½ and
    # the reset cuts the carry), δ1 = g: ∂L/∂w1 = Σ_t δ_t·input_t = 2g.
    assert float(result.leaves[0].grad) == pytest.approx(2 * dmem * 0.5, rel=1e-6)


def naive_gradients(net, spikes, labels):
    """∂L/∂W for a chain of linear IF/LIF layers by the recurrence, sample by sample, with
    plain loops: forward storing u_t and o_t, backward δ_t = (g_t − λ·u_t·δ_{t+1})·f'(u_t)
    + λ·(1 − o_t)·δ_{t+1}."""
    steps, batch = spikes.shape[:2]
    weights = [net.weights[l].double() for l in sorted(net.weights)]
    hidden = len(weights) - 1
    leak = net.leak
    grads = [torch.zeros_like(w) for w in weights]
    for b in range(batch):
        inputs = [spikes[:, b].reshape(steps, -1).double()]
        us = []
        for l in range(hidden):
            v = net.thresholds[l]
            u = torch.zeros(weights[l].shape[0], dtype=torch.float64)
            u_steps, o_steps = [], []
            for t in range(steps):
                u = u + weights[l] @ inputs[-1][t]
                o = (u > v).double()
                u_steps.append(u.clone())
                o_steps.append(o)
                u = leak * u * (1 - o)
            us.append(torch.stack(u_steps))
            inputs.append(torch.stack(o_steps))
        counts = inputs[-1].sum(0)
        mem = weights[-1] @ counts
        out = mem / (net.thresholds[-1] * steps)
        target = torch.zeros_like(out)
        target[labels[b]] = 1
        dmem = 2 * (out - target) / (net.thresholds[-1] * steps)
        grads[-1] += torch.outer(dmem, counts)
        g = (weights[-1].t() @ dmem).expand(steps, -1).clone()
        for l in reversed(range(hidden)):
            v = net.thresholds[l]
            surrogate = ((us[l] - v).abs() < v / 2).double() / v
            delta = torch.zeros_like(us[l])
            for t in reversed(range(steps)):
                carried = leak * delta[t + 1] if t + 1 < steps else torch.zeros_like(delta[0])
                delta[t] = (g[t] - us[l][t] * carried) * surrogate[t] + \
                    (1 - inputs[l + 1][t]) * carried
            grads[l] += delta.t() @ inputs[l]
            g = delta @ weights[l]
    return grads


@pytest.mark.parametrize("neuron", ["if", "lif"])
def test_bptt_gradients_match_the_recurrence(neuron):
    spec = {"input": {"channels": 1, "height": 4, "width": 4},
            "layers": [{"flatten": {}}, {"linear": {"outFeatures": 12}},
                       {"linear": {"outFeatures": 8}}, {"linear": {"outFeatures": 3}}]}
    generator = torch.Generator().manual_seed(4)
    weights = {l: (torch.randn(n, generator=generator) * 0.5).tolist()
               for l, n in ((0, 16 * 12), (1, 12 * 8), (2, 8 * 3))}
    net = SpikingNetwork(spec, weights, [0.7, 0.6, 1.0], [1.0] * 3, neuron, 10)
    spikes = (torch.rand(10, 4, 1, 4, 4, generator=generator) < 0.4).to(torch.float32)
    labels = torch.tensor([0, 1, 2, 1])
    result, _, _ = bptt_pass(net, spikes, labels)
    result.loss.backward()
    expected = naive_gradients(net, spikes, labels)
    for l, want in enumerate(expected):
        got = result.leaves[l].grad.double()
        assert float(want.abs().max()) > 0
        assert float((got - want).norm() / want.norm()) < 1e-5, f"layer {l}"


def test_cross_entropy_on_the_output_by_hand():
    spec = {"input": {"channels": 1, "height": 1, "width": 1},
            "layers": [{"flatten": {}}, {"linear": {"outFeatures": 2}},
                       {"linear": {"outFeatures": 3}}]}
    net = SpikingNetwork(spec, {0: [0.8, 0.3], 1: [0.5, -0.2, 0.1, 0.4, 0.3, 0.0]},
                         [1.0, 2.0], [1.0, 1.0], "if", 4)
    rows, labels = [[3.0, -1.0, 0.5], [0.0, 2.0, 6.0]], [0, 1]
    mem = torch.tensor(rows).reshape(2, 3, 1, 1).requires_grad_(True)
    loss = output_loss(net, mem, torch.tensor(labels), "cross-entropy")
    loss.backward()
    norm = 1 / (2.0 * 4)  # z = mem / (V·T): the output threshold 2, T = 4
    expected, grad = 0.0, []
    for row, label in zip(rows, labels):
        z = [m * norm for m in row]
        total = sum(math.exp(v) for v in z)
        expected += math.log(total) - z[label]
        grad += [(math.exp(v) / total - (j == label)) * norm for j, v in enumerate(z)]
    assert float(loss) == pytest.approx(expected, rel=1e-6)
    assert mem.grad.reshape(-1).tolist() == pytest.approx(grad, rel=1e-5)
