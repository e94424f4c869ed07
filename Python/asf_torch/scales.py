"""ASF-BP's scale factors after a batch, by the switched mode: per layer (ΣFO/ΣFI over the
neurons with FI ≥ FO, smoothed), per neuron (the same per neuron, kept on the device), 1/Vth,
1, or frozen; recomputed only in the epochs the update period names. Also the scales the
batch's backward reads: a number per layer, or the per-neuron factors.
"""

import torch

from .engine import scale_from_sums, smoothed


def update_neuron_scales(net, numbers, vector):
    """One S per neuron: smooths each layer's per-neuron factors (on the device) with the new
    ones from the reduced `vector`; returns their means (for the records) on the device."""
    weight = torch.tensor(net.switches["smoothing"], dtype=torch.float32)
    means = []
    for l, new in numbers.neuron_scales(vector).items():
        old = net.neuron_scale_factors.get(l, torch.ones_like(new))
        net.neuron_scale_factors[l] = weight * new + (1 - weight) * old
        means.append(net.neuron_scale_factors[l].mean().double())
    return torch.stack(means)


def update_scale_factors(net, result, layer_numbers, neuron_means, update):
    """Sets net.scale_factors after this batch and result.scales for its backward, from the
    global batch's numbers (statistics.BatchNumbers.read) and, with one S per neuron, the
    host copy of the means update_neuron_scales returned."""
    mode = net.switches["scale_mode"]
    factors = list(net.scale_factors)
    k = 0
    for l, (layer, numbers) in enumerate(zip(net.layers[:-1], layer_numbers)):
        if layer.kind == "maxpool":
            continue
        if update and mode == "layer":
            new = scale_from_sums(numbers.scale_out, numbers.scale_in)
            factors[l] = smoothed(factors[l], new, net.switches["smoothing"])
        elif update and mode == "neuron":
            factors[l] = float(neuron_means[k])
            k += 1
        elif mode == "fixed":
            factors[l] = float(1 / torch.tensor(net.thresholds[l], dtype=torch.float32))
        elif mode == "none":
            factors[l] = 1.0
        if mode == "neuron" and l in net.neuron_scale_factors:
            result.scales[l] = net.neuron_scale_factors[l].reshape(1, *layer.output_shape)
        else:
            result.scales[l] = factors[l]
    net.scale_factors = factors
