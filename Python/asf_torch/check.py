"""python -m asf_torch.check CASE [--device D] [--method asf-bp|bptt]: one training step of a case the Swift engine wrote, for
comparing the two backends. CASE holds network.asfck (weights, spec, thresholds, scale
factors, neuron model, T), case.json ({"batch", "labels", "loss", "update_scale_factors", and optionally
"learning_rate" and "weight_decay" for one Adam step})
and spikes.u8 (input spikes, [batch][T][H][W][C] bytes, 0 or 1). Writes CASE/torch/:
result.json (loss, correct, scale factors) and float32 files in the Swift engine's order:
fi-L.f32 (the input flow of runtime layer L, [batch][H·W·C]), fo-A.f32 (the counts of
activation A), grad-L.f32 (∂L/∂W of layer L, Swift layout) and weights-L.f32 (after the
Adam step).
"""

import argparse
import json
import os
import struct
import sys

import torch

from .adam import Adam
from .checkpoint import read_checkpoint
from .distributed import World
from .engine import _flat_hwc
from .gradients import GradientBuckets
from .network import SpikingNetwork, to_swift_layout
from .step import training_step


def _write(path, values):
    with open(path, "wb") as f:
        f.write(struct.pack(f"<{len(values)}f", *values))


def main(argv):
    parser = argparse.ArgumentParser(prog="python -m asf_torch.check")
    parser.add_argument("case", help="the case folder the Swift engine wrote")
    parser.add_argument("--device", default="cpu", help="cpu, cuda, … (the result is copied back)")
    parser.add_argument("--method", default="asf-bp", choices=["asf-bp", "bptt"])
    args = parser.parse_args(argv)
    folder = args.case
    device = torch.device(args.device)
    torch.set_num_threads(max(1, min(2, os.cpu_count() or 1)))
    if device.type == "cuda":
        torch.backends.cudnn.allow_tf32 = False
        torch.backends.cuda.matmul.allow_tf32 = False
    checkpoint = read_checkpoint(os.path.join(folder, "network.asfck"))
    net = SpikingNetwork.from_checkpoint(checkpoint, device)
    with open(os.path.join(folder, "case.json")) as f:
        case = json.load(f)
    batch = case["batch"]
    net.switches.update(case.get("switches", {}))
    c, h, w = net.layers[0].input_shape
    steps = net.time_steps
    with open(os.path.join(folder, "spikes.u8"), "rb") as f:
        raw = bytearray(f.read())
    spikes = torch.frombuffer(raw, dtype=torch.uint8).to(torch.float32)
    spikes = spikes.reshape(batch, steps, h, w, c).permute(1, 0, 4, 2, 3).contiguous().to(device)
    labels = torch.tensor(case["labels"], dtype=torch.int64, device=device)
    world = World(device)
    step = training_step(net, world, GradientBuckets(net, world), spikes, labels, None,
                         args.method, case.get("loss", "sse"),
                         case.get("update_scale_factors", True))
    result, counts = step.result, step.counts
    out = os.path.join(folder, "torch")
    os.makedirs(out, exist_ok=True)
    for a, count in enumerate(counts):
        _write(os.path.join(out, f"fo-{a}.f32"), _flat_hwc(count).reshape(-1).cpu().tolist())
    for l, fi in result.input_flows.items():
        _write(os.path.join(out, f"fi-{l}.f32"), _flat_hwc(fi).reshape(-1).cpu().tolist())
    gradients = step.gradients
    for l, grad in gradients.items():
        _write(os.path.join(out, f"grad-{l}.f32"), to_swift_layout(net.layers[l], grad).tolist())
    # One Adam step from the network's weights, with the case's rate and decay.
    if "learning_rate" in case:
        adam = Adam(net.weights, case["learning_rate"], case.get("weight_decay", 0.0))
        adam.update(net.weights, gradients)
        for l, w in net.weights.items():
            _write(os.path.join(out, f"weights-{l}.f32"), to_swift_layout(net.layers[l], w).tolist())
    with open(os.path.join(out, "result.json"), "w") as f:
        json.dump({"loss": float(result.loss), "correct": int(result.correct),
                   "scale_factors": net.scale_factors, "device": str(device)}, f)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
