"""python -m asf_torch.methods_check CASE: the weight gradients of OTTT, SLTT(-K) or rate-based BP
for one batch, computed the way their published code computes them, for checking the Swift
engine's (Tests/TorchBackendTests/TorchMethodsTests.swift).

CASE holds network.asfck, spikes.u8 ([batch][T][H][W][C] bytes, 0 or 1) and case.json
({"batch", "labels", "method": "ottt" | "sltt" | "rate-bp",
"loss": "sse" | "half-sse" | "cross-entropy", "goes_back": [T booleans]}).
Writes CASE/methods/grad-L.f32 (Swift layout).

- OTTT and SLTT: autograd, step by step, on SpikingJelly's IF and LIF neurons (the release on
  the Python registry, 0.0.0.0.14, has them but not its later OTTT/SLTT classes, so the two
  methods are put together as their code does): the membrane is detached before every step
  (`node.v = node.v.detach()`), a loss on each step's output W^N·o_t (the mean over T of the
  engine's loss) goes back at once, and OTTT's weighted ops take `op(x̂) + (op(o) − op(x̂))`
  with x̂ = trace.detach() + (o − o.detach()): the value is op(o), ∂/∂W sees the presynaptic
  trace, ∂/∂o sees Wᵀ·δ (the `Replace` of the OTTT code).
- Rate-BP: the spike pass under no_grad keeps each neuron's eligibility as the rate-based BP
  code does (hard reset: e ← 1 + e·(λ(1 − s) − λ·v·sg)), then a rate pass with autograd where
  every neuron layer is `rate.detach() + (x·elig − (x·elig).detach())`.
The surrogate is the engine's boxcar: forward 1[u > V], backward (1/V)·1[|u − V| < V/2].
Exit status 3 when SpikingJelly is missing.
"""

import argparse
import json
import os
import struct
import sys

import torch
import torch.nn.functional as F

from .checkpoint import read_checkpoint
from .network import SpikingNetwork, to_swift_layout

try:
    from spikingjelly.activation_based import neuron as sj_neuron
except ImportError:  # pragma: no cover - the caller skips
    sj_neuron = None


class _Boxcar(torch.autograd.Function):
    """o = 1[x > 0] with x = u − V; ∂o/∂x = (1/V)·1[|x| < V/2]."""

    @staticmethod
    def forward(ctx, x, v):
        ctx.save_for_backward(x)
        ctx.v = v
        return (x > 0).to(x.dtype)

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        v = ctx.v
        return grad * (x.abs() < v / 2).to(grad.dtype) / v, None


class Boxcar(torch.nn.Module):
    def __init__(self, v):
        super().__init__()
        self.v = v

    def forward(self, x):
        return _Boxcar.apply(x, self.v)


def _op(layer, x, weight):
    """The layer's op on (B, C, H, W) activations; a linear layer reads them flattened in the
    engine's (H, W, C) order."""
    if layer.kind == "conv":
        return F.conv2d(x, weight, padding=layer.padding)
    if layer.kind == "linear":
        flat = x.permute(0, 2, 3, 1).reshape(x.shape[0], -1) if x.dim() == 4 else x
        y = F.linear(flat, weight)
        return y.reshape(y.shape[0], -1, 1, 1)
    if layer.kind == "avgpool":
        return F.avg_pool2d(x, layer.size)
    return F.max_pool2d(x, layer.size)


def _neurons(net):
    """SpikingJelly neurons for each hidden layer with neurons (None for max pools): LIF with
    u_t = λ·u_{t−1} + I_t (decay_input off, τ = 1/(1 − λ)), IF for λ = 1, hard reset to 0."""
    nodes = []
    for l, layer in enumerate(net.layers[:-1]):
        if not layer.has_neurons:
            nodes.append(None)
            continue
        v = net.thresholds[l]
        leak = 1.0 if layer.kind == "avgpool" else net.leak
        if leak == 1.0:
            node = sj_neuron.IFNode(v_threshold=v, v_reset=0.0, surrogate_function=Boxcar(v))
        else:
            node = sj_neuron.LIFNode(tau=1.0 / (1.0 - leak), decay_input=False, v_threshold=v,
                                     v_reset=0.0, surrogate_function=Boxcar(v))
        nodes.append(node)
    return nodes


def sample_losses(z, labels, target, loss):
    """The summed loss of the rows z (already divided by Vth·T, or by Vth per step): the sum
    of squares times 1 (sse) or ½ (half-sse), or the softmax cross-entropy."""
    if loss == "cross-entropy":
        return F.cross_entropy(z, labels, reduction="sum")
    factor = 2.0 if loss == "sse" else 1.0
    return factor / 2 * ((z - target) ** 2).sum()


def online_gradients(net, spikes, labels, method, goes_back, loss):
    """OTTT or SLTT: each step forward through every layer, its loss backward at once."""
    steps, batch = spikes.shape[0], spikes.shape[1]
    weights = {l: w.clone().requires_grad_(True) for l, w in net.weights.items()}
    nodes = _neurons(net)
    hidden = len(net.layers) - 1
    classes = net.layers[-1].output_shape[0]
    target = F.one_hot(labels, classes).to(torch.float32)
    v_out = net.thresholds[-1]
    traces = {}
    for t in range(steps):
        x = spikes[t]
        for l in range(hidden):
            layer = net.layers[l]
            if layer.has_weights and method == "ottt":
                leak = net.leak
                trace = traces.get(l)
                trace = x.detach() if trace is None else leak * trace + x.detach()
                traces[l] = trace
                mixed = trace + (x - x.detach())
                current = _op(layer, mixed, weights[l]) + (
                    _op(layer, x, weights[l]) - _op(layer, mixed, weights[l])).detach()
            elif layer.has_weights:
                current = _op(layer, x, weights[l])
            else:
                current = _op(layer, x, None)
            node = nodes[l]
            if node is None:
                x = current
                continue
            if isinstance(node.v, torch.Tensor):
                node.v = node.v.detach()
            x = node(current)
        if not goes_back[t]:
            continue
        out = _op(net.layers[hidden], x, weights[hidden]).reshape(batch, classes)
        step_loss = sample_losses(out / v_out, labels, target, loss) / steps
        step_loss.backward()
    return {l: w.grad for l, w in weights.items()}


def rate_gradients(net, spikes, labels, loss):
    """Rate-based BP: the spike pass keeps rates and eligibilities, the rate pass goes back."""
    steps, batch = spikes.shape[0], spikes.shape[1]
    hidden = len(net.layers) - 1
    rates, eligibility = [spikes.mean(0)], {}
    with torch.no_grad():
        x_steps = spikes
        for l in range(hidden):
            layer = net.layers[l]
            currents = [_op(layer, x_steps[t], net.weights.get(l)) for t in range(steps)]
            if not layer.has_neurons:
                x_steps = torch.stack(currents)
                rates.append(x_steps.mean(0))
                continue
            v = net.thresholds[l]
            leak = 1.0 if layer.kind == "avgpool" else net.leak
            u = torch.zeros_like(currents[0])
            e = torch.ones_like(u)
            elig = torch.zeros_like(u)
            outs = []
            for t in range(steps):
                u = leak * u + currents[t]
                s = (u > v).to(u.dtype)
                sg = (((u - v).abs() < v / 2).to(u.dtype)) / v
                elig += e * sg
                e = 1 + e * (leak * (1 - s) - leak * u * sg)
                outs.append(s)
                u = u * (1 - s)
            x_steps = torch.stack(outs)
            rates.append(x_steps.mean(0))
            eligibility[l] = elig / steps
    weights = {l: w.clone().requires_grad_(True) for l, w in net.weights.items()}
    r = rates[0]
    for l in range(hidden):
        layer = net.layers[l]
        x = _op(layer, r, weights.get(l))
        if layer.has_neurons:
            # The value stays the spike pass's rate exactly ((r + xe) − xe would round, and
            # a max pool above would then break ties among equal rates differently).
            r = rates[l + 1] + (x * eligibility[l] - (x * eligibility[l]).detach())
        else:
            # A max pool of rates: the max of the rates, its gradient to their arg-max.
            r = x
    classes = net.layers[-1].output_shape[0]
    mem = _op(net.layers[hidden], r, weights[hidden]).reshape(batch, classes) * steps
    target = F.one_hot(labels, classes).to(torch.float32)
    sample_losses(mem / (net.thresholds[-1] * steps), labels, target, loss).backward()
    return {l: w.grad for l, w in weights.items()}


def main(argv):
    parser = argparse.ArgumentParser(prog="python -m asf_torch.methods_check")
    parser.add_argument("case", help="the case folder the Swift test wrote")
    folder = parser.parse_args(argv).case
    with open(os.path.join(folder, "case.json")) as f:
        case = json.load(f)
    method = case["method"]
    if method in ("ottt", "sltt") and sj_neuron is None:
        print("spikingjelly is not installed", file=sys.stderr)
        return 3
    torch.set_num_threads(max(1, min(2, os.cpu_count() or 1)))
    net = SpikingNetwork.from_checkpoint(read_checkpoint(os.path.join(folder, "network.asfck")))
    batch = case["batch"]
    c, h, w = net.layers[0].input_shape
    with open(os.path.join(folder, "spikes.u8"), "rb") as f:
        raw = bytearray(f.read())
    spikes = torch.frombuffer(raw, dtype=torch.uint8).to(torch.float32)
    spikes = spikes.reshape(batch, net.time_steps, h, w, c).permute(1, 0, 4, 2, 3).contiguous()
    labels = torch.tensor(case["labels"], dtype=torch.int64)
    if method == "rate-bp":
        gradients = rate_gradients(net, spikes, labels, case.get("loss", "sse"))
    else:
        gradients = online_gradients(net, spikes, labels, method, case["goes_back"],
                                     case.get("loss", "sse"))
    out = os.path.join(folder, "methods")
    os.makedirs(out, exist_ok=True)
    for l, grad in gradients.items():
        values = to_swift_layout(net.layers[l], grad).tolist()
        with open(os.path.join(out, f"grad-{l}.f32"), "wb") as f:
            f.write(struct.pack(f"<{len(values)}f", *values))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
