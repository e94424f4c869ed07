"""python -m asf_torch.check CASE: one training step of a case the Swift engine wrote, for
comparing the two backends. CASE holds network.asfck (weights, spec, thresholds, scale
factors, neuron model, T), case.json ({"batch", "labels", "loss", "update_scale_factors", and optionally
"learning_rate" and "weight_decay" for one Adam step})
and spikes.u8 (input spikes, [batch][T][H][W][C] bytes, 0 or 1). Writes CASE/torch/:
result.json (loss, correct, scale factors) and float32 files in the Swift engine's order:
fi-L.f32 (the input flow of runtime layer L, [batch][H·W·C]), fo-A.f32 (the counts of
activation A), grad-L.f32 (∂L/∂W of layer L, Swift layout) and weights-L.f32 (after the
Adam step).
"""

import json
import os
import struct
import sys

import torch

from .adam import Adam
from .checkpoint import read_checkpoint
from .engine import _flat_hwc, equivalent_step, spiking_forward
from .network import SpikingNetwork, to_swift_layout


def _write(path, values):
    with open(path, "wb") as f:
        f.write(struct.pack(f"<{len(values)}f", *values))


def main(argv):
    if len(argv) != 1:
        print("usage: python -m asf_torch.check CASE_FOLDER", file=sys.stderr)
        return 64
    folder = argv[0]
    torch.set_num_threads(max(1, min(2, os.cpu_count() or 1)))
    checkpoint = read_checkpoint(os.path.join(folder, "network.asfck"))
    net = SpikingNetwork.from_checkpoint(checkpoint)
    with open(os.path.join(folder, "case.json")) as f:
        case = json.load(f)
    batch = case["batch"]
    net.switches.update(case.get("switches", {}))
    c, h, w = net.layers[0].input_shape
    steps = net.time_steps
    with open(os.path.join(folder, "spikes.u8"), "rb") as f:
        raw = f.read()
    spikes = torch.tensor(list(raw), dtype=torch.float32).reshape(batch, steps, h, w, c)
    spikes = spikes.permute(1, 0, 4, 2, 3).contiguous()  # (T, B, C, H, W)
    flows = spiking_forward(net, spikes)
    result = equivalent_step(
        net, flows, case["labels"], case.get("loss", "sse"), case.get("update_scale_factors", True))
    out = os.path.join(folder, "torch")
    os.makedirs(out, exist_ok=True)
    for a, counts in enumerate(flows.counts):
        _write(os.path.join(out, f"fo-{a}.f32"), _flat_hwc(counts).reshape(-1).tolist())
    for l, fi in result.input_flows.items():
        _write(os.path.join(out, f"fi-{l}.f32"), _flat_hwc(fi).reshape(-1).tolist())
    for l, grad in result.gradients.items():
        _write(os.path.join(out, f"grad-{l}.f32"), to_swift_layout(net.layers[l], grad))
    # One Adam step from the network's weights, with the case's rate and decay.
    if "learning_rate" in case:
        adam = Adam(net.weights, case["learning_rate"], case.get("weight_decay", 0.0))
        adam.update(net.weights, result.gradients)
        for l, w in net.weights.items():
            _write(os.path.join(out, f"weights-{l}.f32"), to_swift_layout(net.layers[l], w))
    with open(os.path.join(out, "result.json"), "w") as f:
        json.dump({"loss": result.loss, "correct": result.correct,
                   "scale_factors": result.scale_factors}, f)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
