"""The "batch" and "sample" lines of metrics.jsonl as the Swift engine writes them. A batch
line: loss, accuracy, learning rate, T, speed, and per hidden layer S, the spike rate, Vth,
the mean FI/(T·Vth) and the shares of silent and saturated neurons, with the switches in
force. A sample line: per hidden layer its
name, neuron count and the histograms of FI/(T·Vth) (24 bins over [-1, 2]) and FO/T (20 bins
over [0, 1]); and the first sample's spike rasters (every stride-th neuron of a layer with
more than 256, bits packed 8 a byte, least significant first, base64)."""

import base64
import math

import torch

MAXIMUM_ROWS = 256


def histogram(values, lower, upper, bins):
    """Counts in equal bins; values below the range (or NaN) in the first, above in the last."""
    x = values.reshape(-1).to(torch.float32) * (bins / (upper - lower)) - lower * (bins / (upper - lower))
    index = torch.where(x >= 0, torch.where(x < bins, x.floor(), torch.tensor(bins - 1.0)),
                        torch.tensor(0.0))
    index = torch.nan_to_num(index, nan=0.0).to(torch.int64)
    return torch.bincount(index, minlength=bins)[:bins].tolist()


def raster(name, train):
    """A raster of a (T, n) spike train: every stride-th neuron when n > 256."""
    steps, total = train.shape
    stride = max(1, math.ceil(total / MAXIMUM_ROWS))
    rows = train[:, ::stride].t().reshape(-1).to(torch.uint8).tolist()  # row-major rows × T
    packed = bytearray((len(rows) + 7) // 8)
    for i, bit in enumerate(rows):
        if bit:
            packed[i // 8] |= 1 << (i % 8)
    return {"name": name, "total": total, "steps": steps,
            "bits": base64.b64encode(bytes(packed)).decode("ascii"), "sample": 0}


def sample_line(net, flows, input_flows, epoch, batch):
    steps = net.time_steps
    layers = []
    for l, layer in enumerate(net.layers[:-1]):
        fo = flows.counts[l + 1]
        fi = input_flows.get(l)
        fi_counts = (histogram(fi / (steps * net.thresholds[l]), -1, 2, 24) if fi is not None
                     else [0] * 24)
        c, h, w = layer.output_shape
        layers.append({"name": layer.name, "neurons": c * h * w, "fi": fi_counts,
                       "fo": histogram(fo / steps, 0, 1, 20)})
    names = ["input"] + [layer.name for layer in net.layers[:-1]]
    rasters = [raster(names[a], t) for a, t in enumerate(flows.trains or []) if t is not None]
    inputs = flows.counts[0]
    rate = float(inputs.abs().sum()) / max(1, inputs.numel() * steps)
    return {"type": "sample", "epoch": epoch, "batch": batch, "input_rate": rate,
            "layers": layers, "rasters": rasters}


def _finite(x):
    return x if x is not None and math.isfinite(x) else None


def batch_line(net, counts, flows, result, epoch, batch, samples, lr, speed):
    """The "batch" line of metrics.jsonl, with the fields the Swift engine writes."""
    steps = net.time_steps
    hidden = net.layers[:-1]
    scale, rate, vth, fi_mean, silent, saturated = [], [], [], [], [], []
    for l, layer in enumerate(hidden):
        fo = counts[l + 1]
        n = fo.numel()
        scale.append(result.scale_factors[l])
        rate.append(float(fo.sum()) / (n * steps))
        vth.append(net.thresholds[l])
        fi = flows.get(l)
        fi_mean.append(None if fi is None else float(fi.double().sum()) / (n * steps * net.thresholds[l]))
        silent.append(float((fo == 0).sum()) / n)
        saturated.append(float((fo >= steps).sum()) / n)
    return {
        "type": "batch", "epoch": epoch, "batch": batch, "loss": _finite(result.loss),
        "accuracy": result.correct / samples, "lr": lr, "T": steps, "samples_per_s": speed,
        "scale": scale, "spike_rate": rate, "vth": vth, "fi_mean": fi_mean, "silent": silent,
        "saturated": saturated, "scale_mode": net.switches["scale_mode"],
        "smoothing": net.switches["smoothing"], "mask": net.switches["mask"],
        "reset": net.switches["reset"], "spike_rule": net.switches["spike_rule"],
    }
