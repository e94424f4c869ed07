"""Back-propagation through time in PyTorch: the baseline of the paper's Figure 3, with the
Swift BPTT trainer's semantics, so that the training-time study can be measured on a GPU.

The same forward as ASF-BP (engine.spiking_forward: one call per layer for a layer's
current over all T steps, then the neurons over T), here with the graph kept: the membrane
follows u_t = λ·u_{t−1}·(1 − o_{t−1}) + I_t (λ = 1 for IF neurons and spiking pools), the
spike o_t = 1[u_t > V] has the boxcar surrogate (1/V)·1[|u_t − V| < V/2] as its derivative,
and the gradient also flows through the reset (∂u_t/∂o_{t−1} = −λ·u_{t−1}). Max pools route
each step's gradient to the first largest spike of the window. The output layer accumulates
mem = W^N·Σ_t o^{N−1}_t; the loss is ASF-BP's. Scale factors are not used. Memory grows
with T: that is what the study measures.
"""

import torch

from .engine import _first_max_pool, _flat_hwc, as_map, current, equivalent_pass, output_loss


class _Spike(torch.autograd.Function):
    """o = 1[u > V] (or u ≥ V); the derivative (1/V)·1[|u − V| < V/2]."""

    @staticmethod
    def forward(ctx, u, threshold, inclusive):
        ctx.save_for_backward(u)
        ctx.threshold = threshold
        return (u >= threshold if inclusive else u > threshold).to(u.dtype)

    @staticmethod
    def backward(ctx, grad):
        (u,) = ctx.saved_tensors
        v = ctx.threshold
        # 1/V as float32 division, as the Swift engine computes it.
        slope = torch.tensor(1.0, dtype=torch.float32) / torch.tensor(v, dtype=torch.float32)
        inside = ((u - v).abs() < v / 2).to(u.dtype)
        return grad * inside * slope.to(u.device), None, None


def bptt_forward(net, spikes, leaves, record=None):
    """The spiking forward with the graph through every step; returns the counts (the last
    one, FO^{N−1}, carries the graph) and, with `record`, that sample's spike trains."""
    layers = net.layers
    steps, batch = spikes.shape[0], spikes.shape[1]
    inclusive = net.switches["spike_rule"] == "inclusive"
    a = spikes
    counts = [a.sum(0)]
    trains = [] if record is not None else None

    def keep(activation):
        counts.append(activation.sum(0))
        if trains is not None:
            trains.append(_flat_hwc(activation.detach()[:, record]) != 0)

    if trains is not None:
        trains.append(_flat_hwc(a[:, record]) != 0)
    for l, layer in enumerate(layers[:-1]):
        flat = as_map(layer, a.reshape(steps * batch, *a.shape[2:]))
        if layer.kind == "maxpool":
            out = _first_max_pool(flat, layer.size)
            a = out.reshape(steps, batch, *layer.output_shape)
            keep(a)
            continue
        x = current(layer, leaves.get(l), flat).reshape(steps, batch, *layer.output_shape)
        threshold = net.thresholds[l]
        leak = net.leak if layer.kind in ("conv", "linear") else 1.0
        u = torch.zeros_like(x[0])
        steps_out = []
        for t in range(steps):
            u = u + x[t]
            o = _Spike.apply(u, threshold, inclusive)
            steps_out.append(o)
            if net.switches["reset"] == "subtract":
                u = u - threshold * o
            else:
                u = u * (1 - o)
            if leak != 1:
                u = u * leak
        a = torch.stack(steps_out)
        keep(a)
    return counts, trains


def bptt_pass(net, spikes, labels, loss="sse", record=None):
    """The forward with its graph, the flows and statistics of its counts (engine.Pass), and
    the loss on mem = W^N·Σ_t o^{N−1}_t with the graph: its backward gives BPTT's gradients
    in Pass.leaves. Returns the pass, the counts and the recorded sample's trains."""
    leaves = {l: w.detach().requires_grad_(True) for l, w in net.weights.items()}
    counts, trains = bptt_forward(net, spikes, leaves, record)
    detached = [c.detach() for c in counts]
    result = equivalent_pass(net, detached, labels, loss, requires_grad=False)
    output = len(net.layers) - 1
    layer = net.layers[output]
    mem = current(layer, leaves[output], as_map(layer, counts[-1]))
    result.loss = output_loss(net, mem, labels, loss)
    result.leaves = leaves
    return result, detached, trains
