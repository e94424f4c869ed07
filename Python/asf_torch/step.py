"""One training step of a batch, as the trainer, the equivalence check and the benchmark all
take it: the forward (without a graph for ASF-BP; with one through every step for BPTT), the
equivalent network's flows, the batch's numbers in one vector reduced over the processes in
one collective and copied to the host once, the scale factors, the backward with its
gradients reduced in buckets while it runs, and Adam. Nothing else waits for the device.
"""

import math
from dataclasses import dataclass

import torch

from .bptt import bptt_pass
from .engine import Pass, equivalent_pass, spiking_forward
from .scales import update_neuron_scales, update_scale_factors
from .statistics import BatchNumbers


@dataclass
class Step:
    """What a step leaves for the records: the pass (FI, mem, loss, the weight leaves and
    their gradients), the counts, the recorded sample's trains, the batch's numbers (per
    layer, and the run-wide totals), whether the loss was finite, ∂L/∂W per layer."""
    result: Pass
    counts: list
    trains: list
    layers: list
    totals: dict
    finite: bool
    gradients: dict


def training_step(net, world, buckets, spikes, labels, adam=None, method="asf-bp", loss="sse",
                  update=True, record=None, commands=0, stop=False):
    """One batch of `spikes` (T, B, C, H, W) and `labels` (B,) on the run's device. With
    `adam` the weights take a step when the loss is finite. `commands` and `stop` are this
    process's control flags, summed with the others' in the batch's vector."""
    if method == "bptt":
        result, counts, trains = bptt_pass(net, spikes, labels, loss, record)
    else:
        with torch.no_grad():
            flows = spiking_forward(net, spikes, record)
        counts, trains = flows.counts, flows.trains
        result = equivalent_pass(net, counts, labels, loss)
    per_neuron = method == "asf-bp" and update and net.switches["scale_mode"] == "neuron"
    numbers = BatchNumbers(net, per_neuron)
    vector = numbers.build(net, counts, result.input_flows, result.loss.detach(), result.correct,
                           len(labels), commands, stop)
    world.reduce(vector)
    means = update_neuron_scales(net, numbers, vector) if per_neuron else None
    scalars = vector[:numbers.scalars]
    host = world.host(scalars if means is None else torch.cat([scalars, means]))
    layers, totals = numbers.read(host)
    if method == "asf-bp":
        update_scale_factors(net, result, layers, host[numbers.scalars:], update)
    finite = math.isfinite(totals["loss"])
    gradients = {}
    if finite:
        buckets.attach(result.leaves)
        result.loss.backward()
        gradients = buckets.gradients(result.leaves)
        if adam is not None:
            adam.update(net.weights, gradients)
    return Step(result, counts, trains, layers, totals, finite, gradients)
