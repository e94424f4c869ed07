"""The "batch" and "sample" lines of metrics.jsonl as the Swift engine writes them, from the
numbers of the global batch (statistics.BatchNumbers).

A batch line: loss, accuracy, learning rate, T, speed, and per hidden layer S, the spike
rate, Vth, the mean FI/(T·Vth) and the shares of silent and saturated neurons, with the
switches in force. A sample line: per hidden layer its name, neuron count and the histograms
of FI/(T·Vth) (24 bins over [-1, 2]) and FO/T (20 bins over [0, 1]) over the global batch;
and the batch's first sample's spike rasters (every stride-th neuron of a layer with more
than 256, bits packed 8 a byte, least significant first, base64). The histograms and the
rasters are made on the device, reduced in one collective and copied to the host once.
"""

import base64
import math

import torch

MAXIMUM_ROWS = 256
FI_BINS, FO_BINS = 24, 20


def histogram(values, lower, upper, bins):
    """Counts (float32, on the device) in equal bins; values below the range (or NaN) in the
    first bin, above it in the last."""
    x = values.reshape(-1).to(torch.float32) * (bins / (upper - lower)) - lower * (
        bins / (upper - lower))
    index = torch.nan_to_num(x, nan=-1.0).clamp(0, bins - 1).floor().to(torch.int64)
    counts = torch.zeros(bins, dtype=torch.float32, device=values.device)
    return counts.index_add_(0, index, torch.ones_like(x))


def _stride(total):
    return max(1, math.ceil(total / MAXIMUM_ROWS))


def sample_vector(net, counts, input_flows, trains):
    """This process's part of a sample line, as one float32 vector on the device: per hidden
    layer the FI and FO histograms, then (rank 0's first sample) each activation's raster
    rows, row-major, 0/1; empty rasters on the other ranks (`trains` None) are zeros."""
    steps = net.time_steps
    parts = []
    for l, layer in enumerate(net.layers[:-1]):
        fi = input_flows.get(l)
        if fi is not None:
            parts.append(histogram(fi / (steps * net.thresholds[l]), -1, 2, FI_BINS))
        else:
            parts.append(torch.zeros(FI_BINS, device=counts[0].device))
        parts.append(histogram(counts[l + 1] / steps, 0, 1, FO_BINS))
    for a, size in enumerate(activation_sizes(net)):
        rows = len(range(0, size, _stride(size)))
        if trains is not None:
            parts.append(trains[a][:, ::_stride(size)].t().reshape(-1).to(torch.float32))
        else:
            parts.append(torch.zeros(rows * steps, device=counts[0].device))
    return torch.cat(parts)


def activation_sizes(net):
    """Neurons per sample of each activation: the input, then each hidden layer's output."""
    sizes = [math.prod(net.layers[0].input_shape)]
    return sizes + [math.prod(layer.output_shape) for layer in net.layers[:-1]]


def _packed(bits):
    packed = bytearray((len(bits) + 7) // 8)
    for i, bit in enumerate(bits):
        if bit:
            packed[i // 8] |= 1 << (i % 8)
    return base64.b64encode(bytes(packed)).decode("ascii")


def sample_line(net, values, epoch, batch, input_rate):
    """The sample line from the host copy of the reduced sample vector."""
    steps = net.time_steps
    layers = []
    k = 0
    for layer in net.layers[:-1]:
        fi = [int(v) for v in values[k:k + FI_BINS]]
        fo = [int(v) for v in values[k + FI_BINS:k + FI_BINS + FO_BINS]]
        k += FI_BINS + FO_BINS
        layers.append({"name": layer.name, "neurons": math.prod(layer.output_shape), "fi": fi,
                       "fo": fo})
    names = ["input"] + [layer.name for layer in net.layers[:-1]]
    rasters = []
    for a, size in enumerate(activation_sizes(net)):
        rows = len(range(0, size, _stride(size)))
        bits = [v > 0.5 for v in values[k:k + rows * steps]]
        k += rows * steps
        rasters.append({"name": names[a], "total": size, "steps": steps, "bits": _packed(bits),
                        "sample": 0})
    return {"type": "sample", "epoch": epoch, "batch": batch, "input_rate": input_rate,
            "layers": layers, "rasters": rasters}


def _finite(x):
    return x if x is not None and math.isfinite(x) else None


def batch_line(net, layer_numbers, totals, scale_factors, epoch, batch, lr, speed):
    """The batch line of the global batch from its numbers (statistics.BatchNumbers.read)."""
    steps = net.time_steps
    samples = max(1.0, totals["samples"])
    scale, rate, vth, fi_mean, silent, saturated = [], [], [], [], [], []
    for l, (layer, numbers) in enumerate(zip(net.layers[:-1], layer_numbers)):
        n = math.prod(layer.output_shape) * samples
        scale.append(scale_factors[l])
        rate.append(numbers.spikes / (n * steps))
        vth.append(net.thresholds[l])
        fi_mean.append(None if numbers.input_flow is None
                       else numbers.input_flow / (n * steps * net.thresholds[l]))
        silent.append(numbers.silent / n)
        saturated.append(numbers.saturated / n)
    line = {
        "type": "batch", "epoch": epoch, "batch": batch, "loss": _finite(totals["loss"]),
        "accuracy": totals["correct"] / samples, "lr": lr, "T": steps, "samples_per_s": speed,
        "scale": scale, "spike_rate": rate, "vth": vth, "fi_mean": fi_mean, "silent": silent,
        "saturated": saturated, "scale_mode": net.switches["scale_mode"],
        "smoothing": net.switches["smoothing"], "mask": net.switches["mask"],
        "reset": net.switches["reset"], "spike_rule": net.switches["spike_rule"],
    }
    return line
