"""One training step of ASF-BP in PyTorch, with the Swift engine's semantics.

The spiking forward runs all T steps layer by layer: x[t] = W·o[t] (conv and linear as
im2col and matrix products, so that sums of dyadic weights are exact in any order), the
membrane u += x, a spike where u > Vth (strictly), a hard reset to 0, then the leak (conv
and linear neurons of an LIF network only). Average pools are neurons of their own
(current = the window's mean, threshold usually 0.75, no leak); max pools take each step's
window maximum and have no neurons.

The equivalent network then carries the flows: FI = W·FO of the layer below (for the layer
after a max pool, W·(the forward's max-pool counts)), mem = W^N·FO^{N-1}. The scale factors
S = ΣFO/ΣFI over the neurons with FI >= FO (all neurons of a pool; 1 when ΣFI < 1e-3) are
smoothed 0.6·new + 0.4·old. The backward is one autograd pass in which each hidden layer's
FO depends on its FI with slope S·1[FI > 0], and a max pool routes to the first largest
count of its window (row-major order), as the Swift engine does.
"""

from dataclasses import dataclass

import torch
import torch.nn.functional as F

SMOOTHING = 0.6
LOSS_FACTORS = {"sse": 2.0, "half-sse": 1.0}


def _flat_hwc(x):
    """(B, C, H, W) → (B, H·W·C), the Swift engine's channels-last order."""
    return x.permute(0, 2, 3, 1).reshape(x.shape[0], -1)


def _unflat_hwc(x, shape):
    c, h, w = shape
    return x.reshape(x.shape[0], h, w, c).permute(0, 3, 1, 2)


def _current(layer, weight, a):
    """The synaptic current of `layer` for activations `a` (B, C, H, W)."""
    if layer.kind == "conv":
        k, p = layer.kernel, layer.padding
        c, h, w = layer.input_shape
        cols = F.unfold(a, kernel_size=k, padding=p)  # (B, C·K·K, positions)
        out = weight.reshape(weight.shape[0], -1) @ cols  # (B, O, positions)
        return out.reshape(a.shape[0], weight.shape[0], *layer.output_shape[1:])
    if layer.kind == "linear":
        return _unflat_hwc(_flat_hwc(a) @ weight.t(), layer.output_shape)
    if layer.kind == "avgpool":
        return F.avg_pool2d(a, layer.size)
    raise ValueError(layer.kind)


def _as_map(layer, a):
    """Activations shaped for `layer`'s input (a vector becomes (B, n, 1, 1) in HWC order)."""
    c, h, w = layer.input_shape
    if a.shape[1:] == (c, h, w):
        return a
    return _unflat_hwc(_flat_hwc(a), layer.input_shape)


@dataclass
class Flows:
    """Spike counts per activation (0: the input; l+1: hidden layer l's output), NCHW; and,
    when asked, one sample's spike trains per activation."""
    counts: list
    trains: list = None


def spiking_forward(net, spikes, record=None):
    """Runs input spikes (T, B, C, H, W) through the hidden layers; returns the counts.
    With `record` (a sample of the batch), Flows.trains holds that sample's spikes of every
    activation, (T, neurons) in the Swift engine's channels-last order."""
    layers = net.layers
    steps, batch = spikes.shape[0], spikes.shape[1]
    device = spikes.device
    counts = [torch.zeros_like(spikes[0])]
    trains = [[] for _ in layers] if record is not None else None
    membranes = {}
    for l, layer in enumerate(layers[:-1]):
        counts.append(torch.zeros((batch, *layer.output_shape), device=device))
    for t in range(steps):
        a = spikes[t]
        counts[0] += a
        if trains is not None:
            trains[0].append(_flat_hwc(a[record:record + 1])[0] != 0)
        for l, layer in enumerate(layers[:-1]):
            a = _as_map(layer, a)
            if layer.kind == "maxpool":
                a = F.max_pool2d(a, layer.size)
                counts[l + 1] += a
                if trains is not None:
                    trains[l + 1].append(_flat_hwc(a[record:record + 1])[0] != 0)
                continue
            x = _current(layer, net.weights.get(l), a)
            u = membranes.get(l)
            u = x if u is None else u + x
            threshold = net.thresholds[l]
            spiked = u >= threshold if net.switches["spike_rule"] == "inclusive" else u > threshold
            a = spiked.to(x.dtype)
            reset = u - threshold if net.switches["reset"] == "subtract" else torch.zeros_like(u)
            u = torch.where(spiked, reset, u)
            if net.leak != 1 and layer.kind in ("conv", "linear"):
                u = u * net.leak
            membranes[l] = u
            counts[l + 1] += a
            if trains is not None:
                trains[l + 1].append(_flat_hwc(a[record:record + 1])[0] != 0)
    flows = Flows(counts)
    if trains is not None:
        flows.trains = [torch.stack(t) if t else None for t in trains]
    return flows


def _first_max_pool(x, size):
    """Max pooling that routes the gradient to the first largest value of each window in
    row-major window order (torch.argmax returns the first maximum)."""
    b, c, h, w = x.shape
    windows = x.unfold(2, size, size).unfold(3, size, size)  # (B, C, H/s, W/s, s, s)
    windows = windows.reshape(b, c, h // size, w // size, size * size)
    index = windows.argmax(dim=-1, keepdim=True)
    return windows.gather(-1, index).squeeze(-1)


@dataclass
class StepResult:
    loss: float
    correct: int
    mem: torch.Tensor
    input_flows: dict  # runtime layer → FI (NCHW), the output layer's is mem
    gradients: dict  # runtime layer with weights → ∂L/∂W (torch layout)
    scale_factors: list


def flow_sums(fo, fi, masked):
    """(Σ FO, Σ FI) in double over the neurons that count for the scale factor: those with
    FI >= FO, or all of them for a pool."""
    fo = fo.reshape(-1).double()
    fi = fi.reshape(-1).double()
    if masked:
        keep = fi >= fo
        fo, fi = fo[keep], fi[keep]
    return torch.stack([fo.sum(), fi.sum()])


def measure_scale(fo, fi, masked, all_reduce=None):
    """S_new of a layer from its counts and input flows (all neurons of the batch; with
    `all_reduce`, of the global batch of every process)."""
    sums = flow_sums(fo, fi, masked)
    if all_reduce is not None:
        sums = all_reduce(sums)
    total_out, total_in = float(sums[0]), float(sums[1])
    if total_in < 1e-3:
        return 1.0
    return float(torch.tensor(total_out / total_in, dtype=torch.float32))


def neuron_scales(fo, fi, masked, all_reduce=None):
    """S_new of every neuron (C, H, W) by the layer rule over the batch's samples: sums of
    the samples with FI >= FO (all of them for a pool); 1 where that Σ FI < 1e-3."""
    fo = fo.double()
    fi = fi.double()
    keep = (fi >= fo).double() if masked else torch.ones_like(fi)
    sums = torch.stack([(fo * keep).sum(0), (fi * keep).sum(0)])
    if all_reduce is not None:
        sums = all_reduce(sums)
    ratio = torch.where(sums[1] < 1e-3, torch.ones_like(sums[1]), sums[0] / sums[1])
    return ratio.to(torch.float32)


def smoothed(old, new, weight=SMOOTHING):
    s = torch.tensor(weight, dtype=torch.float32)
    value = s * torch.tensor(new, dtype=torch.float32) + (1 - s) * torch.tensor(
        old, dtype=torch.float32)
    return float(value)


def _updated_scale(net, l, layer, counts, input_flows, scale_factors, all_reduce):
    """Layer l's scale factor after this batch, by the switched mode (per layer, per neuron
    — kept in net.neuron_scale_factors —, 1/Vth, 1, or frozen)."""
    mode = net.switches["scale_mode"]
    weight = net.switches["smoothing"]
    masked = layer.kind != "avgpool"
    if mode == "layer":
        new = measure_scale(counts[l + 1], input_flows[l], masked, all_reduce)
        return smoothed(scale_factors[l], new, weight)
    if mode == "neuron":
        per_neuron = neuron_scales(counts[l + 1], input_flows[l], masked, all_reduce)
        old = net.neuron_scale_factors.get(l, torch.ones_like(per_neuron))
        w = torch.tensor(weight, dtype=torch.float32)
        net.neuron_scale_factors[l] = w * per_neuron + (1 - w) * old
        return float(net.neuron_scale_factors[l].mean())
    if mode == "fixed":
        return float(1 / torch.tensor(net.thresholds[l], dtype=torch.float32))
    if mode == "none":
        return 1.0
    return scale_factors[l]


def equivalent_step(net, flows, labels, loss="sse", update_scale_factors=True, backward=True,
                    all_reduce=None):
    """FI and mem from the counts, the scale factors (when asked), the loss and (unless
    `backward` is False, for inference) ∂L/∂W."""
    layers = net.layers
    counts = flows.counts
    # Leaves of their own that share the weights' storage (Adam steps after the backward).
    weights = {l: w.detach().requires_grad_(backward) for l, w in net.weights.items()}
    scale_factors = list(net.scale_factors)
    mode = net.switches["scale_mode"]
    # One pass up the layers. Each hidden FO has the value of its counts and the slope
    # S·1[FI > 0], so each FI's value is W·(the counts below) and one computation serves the
    # flows, the scale factors and the graph.
    input_flows = {}
    eq = counts[0]
    for l, layer in enumerate(layers):
        a = _as_map(layer, eq)
        if layer.kind == "maxpool":
            eq = _first_max_pool(a, layer.size)
            continue
        fi = _current(layer, weights.get(l), a)
        if l > 0 and layers[l - 1].kind == "maxpool":
            # The value from the forward's max-pool counts; the gradient through the max
            # of the counts (where the routed δ and the weight gradient come from).
            with torch.no_grad():
                value = _current(layer, net.weights.get(l), _as_map(layer, counts[l]))
            fi = fi + (value - fi).detach()
        input_flows[l] = fi.detach()
        if layer.is_output:
            mem = fi
            break
        if update_scale_factors:
            scale_factors[l] = _updated_scale(net, l, layer, counts, input_flows, scale_factors,
                                              all_reduce)
        if mode == "neuron" and l in net.neuron_scale_factors:
            scale = net.neuron_scale_factors[l].reshape(1, *layer.output_shape)
        else:
            scale = scale_factors[l]
        gate = (input_flows[l] > 0).to(fi.dtype) if net.switches["mask"] else 1.0
        eq = counts[l + 1] + (scale * gate) * (fi - fi.detach())
    classes = layers[-1].output_shape[0]
    mem_flat = mem.reshape(mem.shape[0], classes)
    norm = 1.0 / (net.thresholds[-1] * net.time_steps)
    target = F.one_hot(torch.as_tensor(labels), classes).to(mem_flat.dtype)
    difference = mem_flat * norm - target
    factor = LOSS_FACTORS[loss]
    total = (difference * difference).sum() * (factor / 2)
    gradients = {}
    if backward:
        total.backward()
        gradients = {l: w.grad.detach() for l, w in weights.items()}
    predictions = mem_flat.detach().argmax(dim=1)
    correct = int((predictions == torch.as_tensor(labels)).sum())
    input_flows[len(layers) - 1] = mem.detach()
    return StepResult(float(total.detach()), correct, mem.detach(), input_flows, gradients, scale_factors)
