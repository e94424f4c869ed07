"""A training batch's numbers in one vector: everything the processes sum after a batch (the
loss, the correct answers, the samples, each layer's ΣFO and ΣFI for its scale factor, the
statistics the screen shows, the control flags) is laid out in one float64 tensor on the
device, reduced over the processes in one collective, and copied to the host in one copy.
So the statistics are those of the global batch, whatever the number of processes.

Per hidden layer: ΣFO, the silent neurons (FO = 0) and the saturated ones (FO ≥ T); for a
layer with neurons (not a max pool) also ΣFI, and ΣFO and ΣFI over the neurons that count
for the scale factor (FI ≥ FO; all of them for a spiking pool). With one S per neuron, the
per-neuron sums follow, reduced but kept on the device.
"""

from dataclasses import dataclass

import torch

from .engine import flow_sums, neuron_flow_sums, neuron_scales

# The run-wide entries at the end of the scalar part.
GLOBALS = ("input_spikes", "loss", "correct", "samples", "commands", "stop")


@dataclass
class LayerNumbers:
    """One hidden layer's numbers over the global batch."""
    spikes: float
    silent: float
    saturated: float
    input_flow: float = None
    scale_out: float = None
    scale_in: float = None


class BatchNumbers:
    """The layout of the vector: build() on the device, read() on the host."""

    def __init__(self, net, per_neuron):
        self.layers = net.layers[:-1]
        self.per_neuron = per_neuron
        self.scalars = sum(3 if layer.kind == "maxpool" else 6 for layer in self.layers)
        self.scalars += len(GLOBALS)

    def build(self, net, counts, input_flows, loss, correct, samples, commands, stop):
        """The vector (float64, on the device of `counts`) of this process's share."""
        steps = net.time_steps
        device = counts[0].device
        parts = []
        neuron_parts = []
        for l, layer in enumerate(self.layers):
            fo = counts[l + 1].double()
            parts += [fo.sum(), (fo == 0).sum().double(), (fo >= steps).sum().double()]
            if layer.kind == "maxpool":
                continue
            fi = input_flows[l]
            masked = layer.kind != "avgpool"
            parts.append(fi.double().sum())
            parts += list(flow_sums(counts[l + 1], fi, masked))
            if self.per_neuron:
                neuron_parts.append(neuron_flow_sums(counts[l + 1], fi, masked).reshape(-1))
        parts += [counts[0].double().abs().sum(), loss.double(), correct.double()]
        flags = torch.tensor([float(samples), float(commands), 1.0 if stop else 0.0],
                             dtype=torch.float64)
        vector = torch.cat([torch.stack(parts), flags.to(device, non_blocking=True)]
                           + neuron_parts)
        return vector

    def read(self, values):
        """(per-layer LayerNumbers, the globals as a dict) from the host copy of the scalars."""
        layers = []
        k = 0
        for layer in self.layers:
            numbers = LayerNumbers(*values[k:k + 3])
            k += 3
            if layer.kind != "maxpool":
                numbers.input_flow, numbers.scale_out, numbers.scale_in = values[k:k + 3]
                k += 3
            layers.append(numbers)
        totals = dict(zip(GLOBALS, values[k:k + len(GLOBALS)]))
        return layers, totals

    def neuron_scales(self, vector):
        """Per layer with neurons: S_new of every neuron (C, H, W) from the reduced per-neuron
        sums of `vector` (on the device)."""
        scales = {}
        k = self.scalars
        for l, layer in enumerate(self.layers):
            if layer.kind == "maxpool":
                continue
            n = layer.output_shape[0] * layer.output_shape[1] * layer.output_shape[2]
            sums = vector[k:k + 2 * n].reshape(2, *layer.output_shape)
            scales[l] = neuron_scales(sums)
            k += 2 * n
        return scales
