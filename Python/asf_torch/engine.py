"""The spiking forward and one step of ASF-BP in PyTorch, with the Swift engine's semantics,
laid out for accelerators.

Forward, layer by layer (as SpikingJelly's multi-step layers fold time into the batch): one
convolution, matrix product or pooling computes a layer's input current x for all T steps
and the whole batch at once ((T·B, C, H, W) in one call), then the neurons run over T in a
tight loop of in-place operations: u += x[t]; o[t] = u > Vth (strictly; ≥ with the
inclusive rule); u ← 0 where o[t] (or u − Vth with the subtract reset); u ← λ·u (conv and
linear neurons of an LIF network). Average pools are neurons of their own (current = the
window's mean, threshold usually 0.75, no leak); max pools take each step's window maximum
and have no neurons. When (T·B × a layer's outputs) is larger than forward_chunk_elements,
the steps are taken in chunks (one call per chunk), so that memory stays bounded.

The equivalent network then carries the flows in one pass: FI = W·FO of the layer below (for
the layer after a max pool, W·(the forward's max-pool counts)), mem = W^N·FO^{N-1}; each
hidden FO has the value of its counts and, in the backward, the slope S·1[FI > 0] with
respect to its FI, S being read when the backward runs. So the flows, the loss and every
statistic are known before the scale factors: one reduction over the processes carries them
all (ΣFO and ΣFI of every layer, the loss, the correct answers, the statistics), one copy to
the host brings them back, the scale factors follow, and then the backward.
"""

import math
from dataclasses import dataclass, field

import torch
import torch.nn.functional as F

SMOOTHING = 0.6
LOSS_FACTORS = {"sse": 2.0, "half-sse": 1.0}
# Elements of a layer's input current computed in one call: on a GPU up to 512 MiB (one call
# per layer for VGG7 at T=100, batch 16); on a CPU 4 MiB, which stays in the caches and in the
# allocator's reused memory (measured 1.7× faster for LeNet at T=30, batch 32, on 2 cores).
FORWARD_CHUNK_ELEMENTS = {"cuda": 1 << 27, "cpu": 1 << 20}


def _flat_hwc(x):
    """(N, C, H, W) → (N, H·W·C), the Swift engine's channels-last order."""
    return x.permute(0, 2, 3, 1).reshape(x.shape[0], math.prod(x.shape[1:]))


def _unflat_hwc(x, shape):
    c, h, w = shape
    return x.reshape(x.shape[0], h, w, c).permute(0, 3, 1, 2)


def current(layer, weight, a):
    """The synaptic current of `layer` for activations `a` (N, C, H, W): one call."""
    if layer.kind == "conv":
        return F.conv2d(a, weight, padding=layer.padding)
    if layer.kind == "linear":
        c, h, w = layer.input_shape
        flat = a.reshape(a.shape[0], c * h * w) if h * w == 1 else _flat_hwc(a)
        return (flat @ weight.t()).reshape(a.shape[0], *layer.output_shape)
    if layer.kind == "avgpool":
        if layer.size in (1, 2, 4):  # 1/s² exact: a strided depthwise convolution, faster
            return F.conv2d(a, _pool_weight(a, layer.size), stride=layer.size, groups=a.shape[1])
        return F.avg_pool2d(a, layer.size)
    raise ValueError(layer.kind)


_pool_weights = {}


def _pool_weight(a, size):
    """The (C, 1, s, s) weights 1/s² of an average pool as a depthwise convolution."""
    key = (a.shape[1], size, a.device, a.dtype)
    if key not in _pool_weights:
        _pool_weights[key] = torch.full((a.shape[1], 1, size, size), 1.0 / (size * size),
                                        dtype=a.dtype, device=a.device)
    return _pool_weights[key]


def as_map(layer, a):
    """Activations (N, …) shaped for `layer`'s input (a vector becomes (N, n, 1, 1) in HWC
    order)."""
    c, h, w = layer.input_shape
    if tuple(a.shape[1:]) == (c, h, w):
        return a
    return _unflat_hwc(_flat_hwc(a) if a.dim() == 4 else a, layer.input_shape)


def neuron_step(u, x, spikes, counts, threshold, leak, reset, inclusive):
    """One time step of a layer's neurons, in place (float32 throughout): u += x; the spikes
    o = 1[u > Vth] (or ≥) written into `spikes`; the reset u − u·o (to 0, exact for o ∈ {0, 1})
    or u − Vth·o; the leak u·λ; counts += o. Four operations for IF neurons, five with the
    leak."""
    u.add_(x)
    (torch.ge if inclusive else torch.gt)(u, threshold, out=spikes)
    if reset == "subtract":
        u.sub_(spikes, alpha=threshold)
    else:
        u.addcmul_(u, spikes, value=-1.0)
    if leak != 1:
        u.mul_(leak)
    counts.add_(spikes)


def _fused_step(u, x, counts, threshold, leak, subtract, inclusive):
    """The same step as one expression, for torch.compile to fuse into one kernel."""
    u = u + x
    spikes = (u >= threshold if inclusive else u > threshold).to(u.dtype)
    u = u - threshold * spikes if subtract else u - u * spikes
    return (u * leak if leak != 1 else u), spikes, counts + spikes


_compiled_step = None


def compiled_step():
    """_fused_step compiled (once per process; each layer's shapes compile on first use)."""
    global _compiled_step
    if _compiled_step is None:
        _compiled_step = torch.compile(_fused_step, dynamic=False)
    return _compiled_step


@dataclass
class Flows:
    """Spike counts per activation (0: the input; l+1: hidden layer l's output), NCHW; and,
    when asked, one sample's spike trains per activation ((T, neurons) bool, HWC order)."""
    counts: list
    trains: list = None


def _chunks(steps, per_step, budget):
    size = max(1, budget // max(1, per_step))
    return [(first, min(steps, first + size)) for first in range(0, steps, size)]


def _channels_last(a):
    """A (T, B, C, H, W) tensor laid out channels-last per (T·B) image: the layout in which
    the convolutions run fastest, and in which a flattened map is the Swift engine's (h, w, c)
    order without a copy."""
    t, b = a.shape[:2]
    flat = a.reshape(t * b, *a.shape[2:])
    if flat.stride(1) == 1:  # channels-last already (a one-channel map must say so too)
        return a
    copy = torch.empty_like(flat, memory_format=torch.channels_last)
    return copy.copy_(flat).reshape(a.shape)


def _workspace(net, layer, shape, like):
    """Layer `layer`'s spike buffer, kept on the network from batch to batch (a fresh one
    would cost its pages again on every batch), in `like`'s layout (channels-last or not)."""
    layout = torch.channels_last if like[0].dim() == 4 and like[0].is_contiguous(
        memory_format=torch.channels_last) else torch.contiguous_format
    buffers = net.__dict__.setdefault("spike_buffers", {})
    key = (layer, tuple(shape), like.device, like.dtype, layout)
    if key not in buffers:
        for old in [k for k in buffers if k[0] == layer]:
            del buffers[old]
        buffers[key] = torch.empty(shape, dtype=like.dtype, device=like.device,
                                   memory_format=layout)
    return buffers[key]


def spiking_forward(net, spikes, record=None):
    """Runs input spikes (T, B, C, H, W) through the hidden layers; returns the counts (and,
    with `record` a sample of the batch, that sample's spike trains)."""
    layers = net.layers
    steps, batch = spikes.shape[0], spikes.shape[1]
    budget = getattr(net, "forward_chunk_elements", None) or FORWARD_CHUNK_ELEMENTS.get(
        spikes.device.type, FORWARD_CHUNK_ELEMENTS["cuda"])
    fused = compiled_step() if getattr(net, "compile", False) else None
    a = _channels_last(spikes) if layers[0].kind == "conv" else spikes
    counts = [spikes.sum(0)]
    trains = [] if record is not None else None
    if trains is not None:
        trains.append(_flat_hwc(spikes[:, record]) != 0)
    for l, layer in enumerate(layers[:-1]):
        a = as_map(layer, a.reshape(steps * batch, *a.shape[2:])).reshape(
            steps, batch, *layer.input_shape)
        if layer.kind == "maxpool":
            a = F.max_pool2d(a.reshape(steps * batch, *layer.input_shape), layer.size).reshape(
                steps, batch, *layer.output_shape)
            counts.append(a.sum(0))
        else:
            weight = net.weights.get(l)
            threshold = net.thresholds[l]
            leak = net.leak if layer.kind in ("conv", "linear") else 1.0
            reset = net.switches["reset"]
            inclusive = net.switches["spike_rule"] == "inclusive"
            per_step = batch * math.prod(layer.output_shape)
            out = None
            for first, end in _chunks(steps, per_step, budget):
                x = current(layer, weight, a[first:end].reshape(-1, *layer.input_shape))
                x = x.reshape(end - first, batch, *layer.output_shape)
                if out is None:  # the spikes and the state in the current's layout
                    out = _workspace(net, l, (steps * batch, *layer.output_shape), x)
                    out = out.reshape(steps, batch, *layer.output_shape)
                    u = torch.zeros_like(x[0])
                    total = torch.zeros_like(x[0])
                for t in range(end - first):
                    if fused is not None:
                        u, out[first + t], total = fused(u, x[t], total, threshold, leak,
                                                         reset == "subtract", inclusive)
                    else:
                        neuron_step(u, x[t], out[first + t], total, threshold, leak, reset,
                                    inclusive)
                del x
            a = out
            counts.append(total)
        if trains is not None:
            trains.append(_flat_hwc(a[:, record]) != 0)
    return Flows(counts, trains)


def _first_max_pool(x, size):
    """Max pooling that routes the gradient to the first largest value of each window in
    row-major window order (torch.argmax returns the first maximum)."""
    b, c, h, w = x.shape
    windows = x.unfold(2, size, size).unfold(3, size, size)  # (B, C, H/s, W/s, s, s)
    windows = windows.reshape(b, c, h // size, w // size, size * size)
    index = windows.argmax(dim=-1, keepdim=True)
    return windows.gather(-1, index).squeeze(-1)


class _Flow(torch.autograd.Function):
    """A hidden layer's FO in the equivalent network: the value of its spike counts; in the
    backward, the slope S·1[FI > 0] with respect to its FI, S read from `scales` when the
    backward runs (after the batch's statistics have come back)."""

    @staticmethod
    def forward(ctx, fi, counts, gate, scales, layer):
        ctx.save_for_backward(gate)
        ctx.scales, ctx.layer = scales, layer
        return counts.clone()

    @staticmethod
    def backward(ctx, grad):
        (gate,) = ctx.saved_tensors
        slope = grad * ctx.scales[ctx.layer]
        if gate is not None:
            slope = slope * gate
        return slope, None, None, None, None


@dataclass
class Pass:
    """The equivalent network of a batch, before its scale factors: FI per runtime layer
    (the output layer's is mem), the loss (float32, on the device), the correct answers,
    the weight leaves, and the scales the backward will read."""
    input_flows: dict
    mem: torch.Tensor
    loss: torch.Tensor
    correct: torch.Tensor
    leaves: dict
    scales: dict = field(default_factory=dict)


def equivalent_pass(net, counts, labels, loss="sse", requires_grad=True):
    """FI and mem from the counts, the loss and the correct answers, with the graph of the
    backward (unless `requires_grad` is False); `labels` (B,) int64 on the run's device."""
    layers = net.layers
    leaves = {l: w.detach().requires_grad_(requires_grad) for l, w in net.weights.items()}
    result = Pass({}, None, None, None, leaves)
    with torch.set_grad_enabled(requires_grad):
        eq = counts[0]
        for l, layer in enumerate(layers):
            a = as_map(layer, eq)
            if layer.kind == "maxpool":
                eq = _first_max_pool(a, layer.size)
                continue
            fi = current(layer, leaves.get(l), a)
            if l > 0 and layers[l - 1].kind == "maxpool":
                # The value from the forward's max-pool counts; the gradient through the max
                # of the counts (where the routed δ and the weight gradient come from).
                with torch.no_grad():
                    value = current(layer, net.weights.get(l), as_map(layer, counts[l]))
                fi = fi + (value - fi).detach()
            result.input_flows[l] = fi.detach()
            if layer.is_output:
                result.mem = fi
                break
            gate = (fi.detach() > 0).to(fi.dtype) if net.switches["mask"] else None
            eq = _Flow.apply(fi, counts[l + 1], gate, result.scales, l) if requires_grad \
                else counts[l + 1]
        result.loss = output_loss(net, result.mem, labels, loss)
    classes = layers[-1].output_shape[0]
    result.mem = result.mem.detach()
    result.correct = (result.mem.reshape(-1, classes).argmax(dim=1) == labels).sum()
    return result


def output_loss(net, mem, labels, loss="sse"):
    """The loss of mem (B, classes, 1, 1) against one-hot labels on z = mem/(Vth·T):
    Σ (z − Y)² times 1 (sse, the reference code's) or ½ (half-sse, the paper's), or the
    softmax cross-entropy of z (cross-entropy), summed over the batch."""
    classes = net.layers[-1].output_shape[0]
    mem = mem.reshape(mem.shape[0], classes)
    norm = 1.0 / (net.thresholds[-1] * net.time_steps)
    if loss == "cross-entropy":
        return F.cross_entropy(mem * norm, labels, reduction="sum")
    # The one-hot targets by a scatter (F.one_hot checks the labels' range on the host: a
    # wait for the device on every batch).
    target = torch.zeros_like(mem).scatter_(1, labels.reshape(-1, 1), 1.0)
    difference = mem * norm - target
    return (difference * difference).sum() * (LOSS_FACTORS[loss] / 2)


def hidden_layers_with_flows(net):
    """The hidden layers that have neurons (conv, linear, spiking pools): their FI counts."""
    return [l for l, layer in enumerate(net.layers[:-1]) if layer.kind != "maxpool"]


def flow_sums(fo, fi, masked):
    """(Σ FO, Σ FI) in double over the neurons that count for the scale factor: those with
    FI >= FO, or all of them for a pool."""
    fo = fo.reshape(-1).double()
    fi = fi.reshape(-1).double()
    if masked:
        keep = (fi >= fo).double()
        return torch.stack([(fo * keep).sum(), (fi * keep).sum()])
    return torch.stack([fo.sum(), fi.sum()])


def neuron_flow_sums(fo, fi, masked):
    """Per neuron (C·H·W): Σ FO and Σ FI over the batch's samples with FI >= FO (all of them
    for a pool), in double: (2, C, H, W)."""
    fo = fo.double()
    fi = fi.double()
    keep = (fi >= fo).double() if masked else torch.ones_like(fi)
    return torch.stack([(fo * keep).sum(0), (fi * keep).sum(0)])


def scale_from_sums(total_out, total_in):
    """S_new of a layer from its sums: ΣFO/ΣFI rounded to float32, 1 when ΣFI < 1e-3."""
    if total_in < 1e-3:
        return 1.0
    return float(torch.tensor(total_out / total_in, dtype=torch.float32))


def smoothed(old, new, weight=SMOOTHING):
    """weight·new + (1 − weight)·old in float32, as the Swift engine forms it."""
    s = torch.tensor(weight, dtype=torch.float32)
    value = s * torch.tensor(new, dtype=torch.float32) + (1 - s) * torch.tensor(
        old, dtype=torch.float32)
    return float(value)


def neuron_scales(sums):
    """S_new per neuron from reduced per-neuron sums (2, C, H, W), float32."""
    ratio = torch.where(sums[1] < 1e-3, torch.ones_like(sums[1]), sums[0] / sums[1])
    return ratio.to(torch.float32)
