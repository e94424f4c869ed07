"""python -m asf_torch.bench [--arch vgg7] [--T 100] [--batch 16] [--batches 3]
[--device cuda|cpu] [--methods asf-bp,bptt] [--check] [--json FILE]: the backend's GPU check
(`asf-tui bench torch` runs it). It trains a network on synthetic images (no data files) for
a few batches with each method and prints seconds per batch, samples per second and the peak
memory; it counts, in one training batch, the convolutions and matrix products of the
spiking forward (one per layer), the operations per layer and time step of the neuron loop
(from the forward at T and at T + 1), and the waits for the device; with --check it runs a
training step of each method on the device and on the CPU from the same weights and the
same input spikes and compares every count, flow and gradient (≤ 1e-5 relative).
"""

import argparse
import collections
import json
import math
import resource
import sys
import time
import warnings

import torch
from torch.utils._python_dispatch import TorchDispatchMode

from .adam import Adam
from .distributed import World
from .encoding import encode, keys_tensor
from . import engine
from .engine import FORWARD_CHUNK_ELEMENTS, spiking_forward
from .gradients import GradientBuckets
from .network import SpikingNetwork, runtime_layers
from .presets import LENET, VGG7
from .step import training_step
from .tuning import tune

ARCHITECTURES = {
    # spec, threshold, encoder, input (C, H, W)
    "lenet": (LENET, 1.0, "poisson-half", (1, 28, 28)),
    "vgg7": (VGG7, 2.0, "poisson-clamped", (3, 32, 32)),
}
PRODUCTS = {"convolution", "mm", "addmm", "bmm", "matmul"}


class OperationCounter(TorchDispatchMode):
    """Counts the operations that reach the device's kernels, by name (views, which move no
    data and launch no kernel, aside)."""

    def __init__(self):
        super().__init__()
        self.counts = collections.Counter()

    def __torch_dispatch__(self, func, types, args=(), kwargs=None):
        if not func.is_view:
            self.counts[func.overloadpacket.__name__] += 1
        return func(*args, **(kwargs or {}))


def build(arch, steps, neuron, device, seed=1):
    spec, threshold, encoder, shape = ARCHITECTURES[arch]
    layers = runtime_layers(spec)
    generator = torch.Generator().manual_seed(seed)
    weights = {}
    for l, layer in enumerate(layers):
        if layer.has_weights:
            rows, columns = layer.swift_shape()
            weights[l] = torch.randn(rows * columns, generator=generator) * math.sqrt(2 / rows)
    thresholds = [0.75 if layer.kind == "avgpool" else threshold for layer in layers]
    net = SpikingNetwork(spec, weights, thresholds, [1.0] * len(layers), neuron, steps, device)
    return net, encoder, shape


def batch_inputs(shape, batch, encoder, steps, device, index=0):
    """Synthetic images (uniform in [0, 1], or standard normal for a signed code) and their
    input spikes on `device`, with labels."""
    generator = torch.Generator().manual_seed(1000 + index)
    images = torch.rand((batch, *shape), generator=generator)
    if encoder == "poisson-clamped":
        images = torch.randn((batch, *shape), generator=generator)
    keys = keys_tensor(1, index, range(index * batch, (index + 1) * batch), device)
    labels = torch.randint(0, 10, (batch,), generator=generator).to(device)
    return encode(images.to(device), keys, steps, encoder), labels


def synchronise(device):
    if device.type == "cuda":
        torch.cuda.synchronize(device)


def peak_memory(device):
    """Peak bytes: the device's allocator on a GPU, else the process's peak resident set."""
    if device.type == "cuda":
        return torch.cuda.max_memory_allocated(device)
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def time_method(args, method, device):
    net, encoder, shape = build(args.arch, args.T, args.neuron, device)
    world = World(device)
    adam = Adam(net.weights, 5e-4, 5e-4)
    buckets = GradientBuckets(net, world)
    if device.type == "cuda":
        torch.cuda.reset_peak_memory_stats(device)
    seconds = []
    for b in range(args.batches + 1):  # the first one warms up
        spikes, labels = batch_inputs(shape, args.batch, encoder, args.T, device, b)
        synchronise(device)
        start = time.perf_counter()
        training_step(net, world, buckets, spikes, labels, adam, method)
        synchronise(device)
        if b > 0:
            seconds.append(time.perf_counter() - start)
    per_batch = sorted(seconds)[len(seconds) // 2]
    return {"method": method, "seconds_per_batch": per_batch,
            "samples_per_second": args.batch / per_batch, "peak_bytes": peak_memory(device)}


def count_operations(args, device):
    """Operations of the spiking forward (its convolutions and products; each neuron step's
    operations, counted inside engine.neuron_step) and the waits of a training batch."""
    net, encoder, shape = build(args.arch, args.T, args.neuron, device)
    net.forward_chunk_elements = args.chunk_elements
    spikes, _ = batch_inputs(shape, args.batch, encoder, args.T, device)
    steps = collections.Counter()
    plain_step = engine.neuron_step

    def counted_step(*step_args):
        with OperationCounter() as counter:
            plain_step(*step_args)
        steps["calls"] += 1
        steps["operations"] += sum(counter.counts.values())

    with torch.no_grad():
        spiking_forward(net, spikes)  # fills the caches and the spike buffers
        engine.neuron_step = counted_step
        try:
            with OperationCounter() as counter:
                spiking_forward(net, spikes)
        finally:
            engine.neuron_step = plain_step
    neuron_layers = sum(1 for layer in net.layers[:-1] if layer.kind != "maxpool")
    products = sum(n for name, n in counter.counts.items() if name in PRODUCTS)
    per_step = steps["operations"] / max(1, steps["calls"])
    net.time_steps = args.T
    world = World(device)
    buckets = GradientBuckets(net, world)
    adam = Adam(net.weights, 5e-4, 5e-4)
    spikes, labels = batch_inputs(shape, args.batch, encoder, args.T, device)
    training_step(net, world, buckets, spikes, labels, adam)  # warm-up
    before = world.host_copies
    device_syncs = None
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        if device.type == "cuda":
            torch.cuda.set_sync_debug_mode("warn")
        try:
            training_step(net, world, buckets, spikes, labels, adam)
        finally:
            if device.type == "cuda":
                torch.cuda.set_sync_debug_mode(0)
                device_syncs = sum(1 for w in caught if "synchroniz" in str(w.message))
    return {"layers_with_currents": neuron_layers,
            "forward_products": products, "forward_operations": sum(counter.counts.values()),
            "neuron_layers": neuron_layers,
            "operations_per_layer_step": per_step,
            "host_copies_per_batch": world.host_copies - before,
            "device_syncs_per_batch": device_syncs}


def chunk_text(args, device):
    budget = args.chunk_elements or FORWARD_CHUNK_ELEMENTS.get(device.type,
                                                               FORWARD_CHUNK_ELEMENTS["cuda"])
    return f"{budget * 4 / 2**20:g} MiB"


def relative(a, b):
    a, b = a.double().cpu(), b.double().cpu()
    norm = float(b.norm())
    return float((a - b).norm()) / norm if norm > 0 else float((a - b).norm())


def check(args, device):
    """A training step of each method on `device` and on the CPU, from the same weights and
    the same input spikes (drawn on each device by the counter-based generator)."""
    cpu = torch.device("cpu")
    report = {}
    for method in args.methods:
        results = {}
        for where in (device, cpu):
            net, encoder, shape = build(args.arch, args.T, args.neuron, where)
            spikes, labels = batch_inputs(shape, min(args.batch, 4), encoder, args.T, where)
            world = World(where)
            step = training_step(net, world, GradientBuckets(net, world), spikes, labels, None,
                                 method)
            results[where.type] = (spikes, step)
        (spikes_d, step_d), (spikes_c, step_c) = results[device.type], results["cpu"]
        worst = {"input spikes": relative(spikes_d, spikes_c)}
        for a, (x, y) in enumerate(zip(step_d.counts, step_c.counts)):
            worst[f"FO {a}"] = relative(x, y)
        for l in step_c.result.input_flows:
            worst[f"FI {l}"] = relative(step_d.result.input_flows[l], step_c.result.input_flows[l])
        for l in step_c.gradients:
            worst[f"dL/dW {l}"] = relative(step_d.gradients[l], step_c.gradients[l])
        largest = max(worst, key=worst.get)
        report[method] = {"largest": largest, "difference": worst[largest],
                          "passed": worst[largest] <= 1e-5}
    return report


def main(argv):
    parser = argparse.ArgumentParser(prog="python -m asf_torch.bench")
    parser.add_argument("--arch", choices=sorted(ARCHITECTURES), default="vgg7")
    parser.add_argument("--T", type=int, default=100)
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--batches", type=int, default=3)
    parser.add_argument("--neuron", choices=["if", "lif"], default="if")
    parser.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    parser.add_argument("--methods", default="asf-bp,bptt")
    parser.add_argument("--check", action="store_true", help="compare the device with the CPU")
    parser.add_argument("--no-timing", action="store_true", help="count and check only")
    parser.add_argument("--json", help="write the figures to this file too")
    parser.add_argument("--chunk-elements", type=int, default=None,
                        help="elements of a layer's current per call (default: the device's)")
    args = parser.parse_args(argv)
    args.methods = [m for m in args.methods.split(",") if m]
    device = torch.device(args.device)
    tune()
    if device.type == "cuda":
        if not torch.cuda.is_available():
            print(f"error: --device {args.device}: this PyTorch sees no CUDA device",
                  file=sys.stderr)
            return 1
        torch.backends.cudnn.allow_tf32 = False
        torch.backends.cuda.matmul.allow_tf32 = False
    name = torch.cuda.get_device_name(device) if device.type == "cuda" else "CPU, " + \
        f"{torch.get_num_threads()} threads"
    print(f"{args.arch}, T={args.T}, batch {args.batch}, {args.neuron.upper()}, on {device} "
          f"({name}), torch {torch.__version__}")
    figures = {"arch": args.arch, "T": args.T, "batch": args.batch, "device": str(device),
               "device_name": name, "methods": []}
    if not args.no_timing:
        print(f"{'method':<8} {'s/batch':>9} {'samples/s':>10} {'peak memory':>12}")
        for method in args.methods:
            row = time_method(args, method, device)
            figures["methods"].append(row)
            print(f"{method:<8} {row['seconds_per_batch']:>9.3f} "
                  f"{row['samples_per_second']:>10.1f} {row['peak_bytes'] / 2**20:>9.0f} MiB")
        if len(figures["methods"]) == 2:
            a, b = figures["methods"]
            print(f"{b['method']} / {a['method']}: "
                  f"{b['seconds_per_batch'] / a['seconds_per_batch']:.2f}× the time")
    counted = count_operations(args, device)
    figures["operations"] = counted
    syncs = counted["device_syncs_per_batch"]
    print(f"spiking forward: {counted['forward_products']} convolutions and matrix products "
          f"for the currents of {counted['layers_with_currents']} layers (pools included; "
          f"chunks of {chunk_text(args, device)}); "
          f"{counted['operations_per_layer_step']:.1f} operations per layer and time step "
          f"({counted['forward_operations']} in all)")
    print(f"one training batch: {counted['host_copies_per_batch']} copies to the host"
          + (f", {syncs} waits for the device (CUDA's sync debug mode)" if syncs is not None
             else " (the waits for the device on a GPU)"))
    status = 0
    if args.check:
        report = check(args, device)
        figures["check"] = report
        for method, row in report.items():
            verdict = "passed" if row["passed"] else "FAILED"
            print(f"check {method} on {device} against the CPU: largest difference "
                  f"{row['difference']:.2e} ({row['largest']}), {verdict}")
            status |= 0 if row["passed"] else 1
    if args.json:
        with open(args.json, "w") as f:
            json.dump(figures, f, indent=1)
    return status


def cli():
    sys.exit(main(sys.argv[1:]))


if __name__ == "__main__":
    cli()
