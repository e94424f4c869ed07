"""Testing a network with the spiking forward: the accuracy on the test samples (each
process of a data-parallel run its share of every batch), and the latency curve — the
accuracy at T/20, T/10, T/5, T/2 and T on the first test samples — as the Swift engine
records it after each epoch."""

import torch

from .engine import equivalent_step, spiking_forward


def latency_windows(steps):
    """T/20, T/10, T/5, T/2 and T (at least 1, each once), as the Swift engine picks them."""
    return sorted({max(1, w) for w in (steps // 20, steps // 10, steps // 5, steps // 2, steps)})


def latency_curve(net, samples, preset, epoch, device, world=None):
    """Test accuracy of the first `latency-samples` test samples at each latency window."""
    limit = min(preset.get("latency-samples", 500), len(samples))
    if limit <= 0:
        return None
    trained = net.time_steps
    curve = []
    try:
        for window in latency_windows(trained):
            net.time_steps = window
            accuracy = evaluate(net, samples, preset, epoch, device, world, limit)
            curve.append({"T": window, "accuracy": accuracy})
    finally:
        net.time_steps = trained
    return curve


def evaluate(net, samples, preset, epoch, device, world=None, limit=None):
    """Test accuracy of the spiking forward (the class of the largest mem) on the first
    `limit` samples (all by default); with several processes each takes its share of every
    batch and the counts are summed."""
    correct = 0
    size = preset["batch-size"]
    count = len(samples) if limit is None else min(limit, len(samples))
    for start in range(0, count, size):
        batch = list(range(start, min(start + size, count)))
        indices = world.share(batch) if world else batch
        if indices:
            spikes = samples.spikes(indices, epoch, net.time_steps, device, stream=7919)
            flows = spiking_forward(net, spikes)
            with torch.no_grad():
                result = equivalent_step(net, flows, samples.labels[indices].tolist(),
                                         preset["loss"], False, backward=False)
            correct += result.correct
    if world:
        correct = int(world.sum(torch.tensor([float(correct)], dtype=torch.float64))[0])
    return correct / max(1, count)
