"""Testing a network with the spiking forward: the accuracy on the test samples (each process
of a data-parallel run its share of every batch), and the latency curve — the accuracy at
T/20, T/10, T/5, T/2 and T on the first test samples — as the Swift engine records it after
each epoch. Test spikes come from the test stream (the seed + 7919, the same every epoch);
the spikes of a window w are the first w steps of the spikes of T, so one encoding serves
every window. A stop (a command, a signal) is honoured at every test batch: the functions
then return None.
"""

import torch

from .data import loader
from .encoding import TEST_SEED_OFFSET, TEST_STREAM
from .engine import equivalent_pass, spiking_forward


def latency_windows(steps):
    """T/20, T/10, T/5, T/2 and T (at least 1, each once), as the Swift engine picks them."""
    return sorted({max(1, w) for w in (steps // 20, steps // 10, steps // 5, steps // 2, steps)})


def accuracies(run, samples, windows, limit=None):
    """{w: test accuracy at window w} on the first `limit` test samples (all by default), or
    None when the run was told to stop. `run` gives net, world, preset, device, workers and
    should_stop() (a Trainer)."""
    net, world = run.net, run.world
    size = run.preset["batch-size"]
    count = len(samples) if limit is None else min(limit, len(samples))
    batches = [world.share(list(range(start, min(start + size, count))))
               for start in range(0, count, size)]
    correct = torch.zeros(len(windows), dtype=torch.float64, device=run.device)
    trained = net.time_steps
    try:
        data = loader(samples, batches, run.preset["seed"] + TEST_SEED_OFFSET, TEST_STREAM,
                      run.workers, run.device.type == "cuda")
        for inputs, labels, keys in data:
            if run.should_stop():
                return None
            if len(labels) == 0:
                continue
            inputs = inputs.to(run.device, non_blocking=True)
            labels = labels.to(run.device, non_blocking=True)
            keys = keys.to(run.device, non_blocking=True)
            spikes = samples.spikes(inputs, keys, max(windows))
            with torch.no_grad():
                for j, window in enumerate(windows):
                    net.time_steps = window
                    flows = spiking_forward(net, spikes[:window])
                    correct[j] += equivalent_pass(net, flows.counts, labels,
                                                  requires_grad=False).correct
    finally:
        net.time_steps = trained
    values = world.host(world.reduce(correct))
    return {w: v / max(1, count) for w, v in zip(windows, values)}


def evaluate(run, samples):
    """Test accuracy at the trained T on every test sample (None when stopped)."""
    result = accuracies(run, samples, [run.net.time_steps])
    return None if result is None else result[run.net.time_steps]


def latency_curve(run, samples):
    """[{"T": w, "accuracy": a}] on the first `latency-samples` test samples ([] when there
    are none; None when stopped)."""
    limit = min(run.preset.get("latency-samples", 500), len(samples))
    if limit <= 0:
        return []
    result = accuracies(run, samples, latency_windows(run.net.time_steps), limit)
    if result is None:
        return None
    return [{"T": w, "accuracy": a} for w, a in result.items()]
