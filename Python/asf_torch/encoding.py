"""Input spikes from a counter-based generator: the uniform number behind the spike of pixel
p of sample i at step t is a hash of (seed, stream, i, t, p), not a position in a sequential
random stream. So a sample's spikes are the same on the CPU, on a GPU, on any rank of any
number of processes, in any batch, and in the Swift engine, which computes the same hash.

The definition (all words 32-bit, arithmetic mod 2³²):

  key      = sample_key(seed, stream, i)          (splitmix64-style, 63 bits)
  k0, k1   = key's low and high 32 bits
  step(t)  = mix32(mix32(k0 ^ t) ^ k1)
  word(p)  = p · 0x9E3779B9                        (p: the pixel's index in (h, w, c) order)
  u        = (mix32(step(t) ^ word(p)) >> 8) · 2⁻²⁴  (a float32 in [0, 1), exact)
  spike    = u < prob(x), carrying the sign of x   (prob: min(|x|/2, 1) or min(|x|, 1))

mix32 is a 32-bit integer hash (xor-shift, multiply, xor-shift, multiply, xor-shift) whose
multipliers are below 2³¹, so that every product of a 32-bit word fits in int64: torch
computes it without overflow on any device. The training stream is the epoch; test spikes
use the stream TEST_STREAM with the seed + 7919, the same every epoch.
"""

import math

import torch

M32 = 0xFFFFFFFF
MASK64 = (1 << 64) - 1
PIXEL_MULTIPLIER = 0x9E3779B9
# Test samples: the same spikes in every epoch, apart from the training samples' streams.
TEST_SEED_OFFSET = 7919
TEST_STREAM = 0x7E57
# Elements of one chunk of the (T, B, pixels) hash (int64 temporaries of 8 bytes each).
CHUNK_ELEMENTS = 1 << 24


def sample_key(seed, stream, index):
    """The 63-bit key of sample `index` in `stream` (the epoch, or TEST_STREAM)."""
    z = (seed * 0x9E3779B97F4A7C15 + stream * 0xBF58476D1CE4E5B9
         + index * 0x94D049BB133111EB) & MASK64
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK64
    return (z ^ (z >> 31)) & ((1 << 63) - 1)


def mix32(x):
    """The 32-bit hash of x (a Python int or an int64 tensor of values in [0, 2³²))."""
    x = x ^ (x >> 16)
    x = (x * 0x21F0AAAD) & M32
    x = x ^ (x >> 15)
    x = (x * 0x735A2D97) & M32
    return x ^ (x >> 15)


def probabilities(images, encoder):
    """The per-step firing probability of every pixel, float32 as the Swift engine forms it."""
    if encoder == "poisson-half":
        return torch.clamp(images.abs() / 2, max=1)
    if encoder == "poisson-clamped":
        return torch.clamp(images.abs(), max=1)
    raise ValueError(f"encoder '{encoder}' is not a rate code of images")


def pixel_words(shape, device):
    """word(p) for a (C, H, W) frame, each pixel numbered in (h, w, c) order."""
    c, h, w = shape
    index = torch.arange(h * w * c, dtype=torch.int64, device=device).reshape(h, w, c)
    return ((index * PIXEL_MULTIPLIER) & M32).permute(2, 0, 1).contiguous()


def step_words(keys, steps, first_step=0):
    """step(t) for every sample key (B,) int64 and t in first_step..<first_step+steps: (T, B)."""
    k0 = keys & M32
    k1 = keys >> 32
    t = torch.arange(first_step, first_step + steps, dtype=torch.int64, device=keys.device)
    return mix32(mix32(k0.unsqueeze(0) ^ t.unsqueeze(1)) ^ k1.unsqueeze(0))


def uniforms(keys, steps, shape, device, first_step=0):
    """The uniform numbers (T, B, C, H, W) float32 of samples with `keys` over `steps` steps."""
    words = pixel_words(shape, device)
    u = step_words(keys, steps, first_step).reshape(steps, keys.shape[0], 1, 1, 1) ^ words
    return (mix32(u) >> 8).to(torch.float32) * (1.0 / 16777216.0)


def encode(images, keys, steps, encoder, out=None):
    """Input spikes (T, B, C, H, W) float32 of `images` (B, C, H, W) on their device: pixel x
    fires where its uniform number is below prob(x), carrying the sign of x. `keys` (B,)
    int64 are the samples' keys (sample_key), on the same device. The hash runs in chunks of
    steps so that its int64 temporaries stay under CHUNK_ELEMENTS elements."""
    device = images.device
    batch = images.shape[0]
    shape = tuple(images.shape[1:])
    p = probabilities(images, encoder)
    sign = torch.sign(images)
    if out is None:
        out = torch.empty((steps, *images.shape), dtype=torch.float32, device=device)
    per_step = max(1, batch * math.prod(shape))
    chunk = max(1, CHUNK_ELEMENTS // per_step)
    for first in range(0, steps, chunk):
        count = min(chunk, steps - first)
        u = uniforms(keys, count, shape, device, first)
        torch.mul((u < p).to(torch.float32), sign, out=out[first:first + count])
    return out


def keys_tensor(seed, stream, indices, device):
    """The keys (B,) int64 of the samples `indices` (host ints) on `device`."""
    keys = [sample_key(seed, stream, int(i)) for i in indices]
    return torch.tensor(keys, dtype=torch.int64).to(device, non_blocking=True)


def main(argv):
    """python -m asf_torch.encoding CASE: the input spikes of a case the Swift engine wrote
    (case.json: shape [C, H, W], seed, stream, indices, steps, encoder; images.f32: the
    images, [B][H][W][C] float32) into CASE/spikes.i8 ([B][T][H·W·C], −1, 0 or 1), and the
    crop placements of the samples' keys into CASE/placements.json ([y, x, flip] each)."""
    import json
    import os
    import sys

    from .data import placement

    if len(argv) != 1:
        print("usage: python -m asf_torch.encoding CASE_FOLDER", file=sys.stderr)
        return 64
    folder = argv[0]
    with open(os.path.join(folder, "case.json")) as f:
        case = json.load(f)
    c, h, w = case["shape"]
    with open(os.path.join(folder, "images.f32"), "rb") as f:
        raw = bytearray(f.read())
    images = torch.frombuffer(raw, dtype=torch.float32).reshape(-1, h, w, c).permute(0, 3, 1, 2)
    keys = keys_tensor(case["seed"], case["stream"], case["indices"], "cpu")
    spikes = encode(images.contiguous(), keys, case["steps"], case["encoder"])
    hwc = spikes.permute(1, 0, 3, 4, 2).to(torch.int8).contiguous()  # (B, T, H, W, C)
    with open(os.path.join(folder, "spikes.i8"), "wb") as f:
        f.write(hwc.numpy().tobytes())
    with open(os.path.join(folder, "placements.json"), "w") as f:
        json.dump([list(placement(int(k))) for k in keys.tolist()], f)
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(main(sys.argv[1:]))
