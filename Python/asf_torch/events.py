"""Event data for the torch backend, with the Swift engine's semantics.

MNIST events: the event-camera emulator moves each grey image along three saccades
(right-down to (1.5, 1.5), left-down to (0, 3), back up to (0, 0)), renders it with bilinear
interpolation (black outside), and lets each pixel emit ⌊D/C⌋ ON or OFF events when its log
intensity log(I + 0.1) has moved by D from its reference, which then moves by ±C per event.
The thresholds C = 0.15 · max(0.25, 1 + 0.03·n) per pixel come from the seed's normal draws
(the Swift engine's xoshiro256** stream, ported here). Output: (F, 2, H, W) counts, channel 0
OFF and channel 1 ON.

CIFAR10-DVS: jAER AEDAT 2.0 recordings ('#' header lines, then big-endian uint32 pairs
address, timestamp; x = (address >> 1) & 0x7F, y = (address >> 8) & 0x7F, polarity = bit 0),
binned into F equal time bins per polarity and summed over 3×3 blocks of the 128×128 sensor
to 42×42. The classes' folders split 90 % / 10 % into training and test, by file name.
Step t of the time window uses frame t mod F; a pixel with a count fires once.
"""

import os
import struct

import torch

MASK = (1 << 64) - 1


def _libm(name):
    """A float function of the C library (what Swift's Float log and cos call on Linux)."""
    import ctypes
    import ctypes.util

    function = getattr(ctypes.CDLL(ctypes.util.find_library("m") or "libm.so.6"), name)
    function.restype = ctypes.c_float
    function.argtypes = [ctypes.c_float]
    return function


_logf = _libm("logf")
_cosf = _libm("cosf")


def _log(values):
    """The C library's logf of every value (torch.log differs from it in the last bit of
    about one value in twelve, which moves an event now and then)."""
    flat = values.reshape(-1).tolist()
    return torch.tensor([_logf(v) for v in flat], dtype=torch.float32).reshape(values.shape)
CLASS_NAMES = ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship",
               "truck"]


class RandomSource:
    """The Swift engine's RandomSource: xoshiro256** seeded by splitmix64."""

    def __init__(self, seed):
        x = seed & MASK
        state = []
        for _ in range(4):
            x = (x + 0x9E3779B97F4A7C15) & MASK
            z = x
            z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
            z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
            state.append(z ^ (z >> 31))
        self.s = state

    def next(self):
        s0, s1, s2, s3 = self.s
        rotated = (((s1 * 5) & MASK) << 7 | ((s1 * 5) & MASK) >> 57) & MASK
        result = (rotated * 9) & MASK
        t = (s1 << 17) & MASK
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = ((s3 << 45) | (s3 >> 19)) & MASK
        self.s = [s0, s1, s2, s3]
        return result

    def unit(self):
        """A float32 in [0, 1) from the top 24 bits."""
        return float(torch.tensor(self.next() >> 40, dtype=torch.float32)
                     * torch.tensor(1.0 / 16777216.0, dtype=torch.float32))

    def normal(self):
        """Box-Muller in float32 with the C library's logf and cosf, as the Swift engine
        draws it (torch's own log and cos may differ in the last bit)."""
        u1 = max(self.unit(), 1e-12)
        u2 = self.unit()
        f32 = torch.float32
        radius = torch.sqrt(torch.tensor(-2.0, dtype=f32) * torch.tensor(_logf(u1), dtype=f32))
        # Swift's Float.pi is π rounded toward zero (0x40490FDA), and 2·π·u2 is (2·π)·u2.
        pi = torch.tensor(struct.unpack("<f", bytes.fromhex("da0f4940"))[0], dtype=f32)
        angle = (2 * pi) * torch.tensor(u2, dtype=f32)
        return float(radius * torch.tensor(_cosf(float(angle)), dtype=f32))


SACCADES = [(0.0, 0.0), (1.5, 1.5), (0.0, 3.0), (0.0, 0.0)]


def _displacement(time):
    """The saccades' displacement (dx, dy) at `time` in [0, 1], in float32 as Swift has it."""
    f32 = torch.float32
    segments = len(SACCADES) - 1
    position = torch.clamp(torch.tensor(time, dtype=f32), 0, 1) * segments
    segment = min(int(position), segments - 1)
    fraction = position - segment
    start = torch.tensor(SACCADES[segment], dtype=f32)
    end = torch.tensor(SACCADES[segment + 1], dtype=f32)
    return start + (end - start) * fraction


def _render(images, shift):
    """Images (B, H, W) moved by `shift` (dx, dy) with bilinear interpolation, black outside;
    the source coordinates and weights per row and column in float32, as the Swift engine
    computes them."""
    b, h, w = images.shape
    source_x = torch.arange(w, dtype=torch.float32) - shift[0]
    source_y = torch.arange(h, dtype=torch.float32) - shift[1]
    x0 = torch.floor(source_x)
    y0 = torch.floor(source_y)
    fx = (source_x - x0).reshape(1, 1, w)
    fy = (source_y - y0).reshape(1, h, 1)
    pad = 4
    padded = torch.nn.functional.pad(images, (pad, pad, pad, pad))
    xs = x0.to(torch.int64) + pad
    ys = y0.to(torch.int64) + pad

    def pixels(ex, ey):
        rows = (ys + ey).clamp(0, h + 2 * pad - 1)
        columns = (xs + ex).clamp(0, w + 2 * pad - 1)
        return padded[:, rows][:, :, columns]

    top = pixels(0, 0) * (1 - fx) + pixels(1, 0) * fx
    bottom = pixels(0, 1) * (1 - fx) + pixels(1, 1) * fx
    return top * (1 - fy) + bottom * fy


_THRESHOLDS = {}


def pixel_thresholds(seed, h, w, contrast=0.15, mismatch=0.03):
    """The per-pixel contrast thresholds of the camera `seed` (computed once per camera)."""
    key = (seed, h, w, contrast, mismatch)
    if key not in _THRESHOLDS:
        random = RandomSource(seed)
        c = torch.tensor(contrast, dtype=torch.float32)
        m = torch.tensor(mismatch, dtype=torch.float32)
        normals = torch.tensor([random.normal() for _ in range(h * w)], dtype=torch.float32)
        _THRESHOLDS[key] = (c * torch.clamp(1 + m * normals, min=0.25)).reshape(h, w)
    return _THRESHOLDS[key]


def emulate(images, frame_count, seed, contrast=0.15, mismatch=0.03, offset=0.1):
    """Event frames (B, F, 2, H, W) of grey images (B, H, W) in [0, 1]."""
    b, h, w = images.shape
    thresholds = pixel_thresholds(seed, h, w, contrast, mismatch)
    eps = torch.tensor(offset, dtype=torch.float32)
    reference = _log(_render(images, _displacement(0.0)) + eps)
    frames = torch.zeros((b, frame_count, 2, h, w), dtype=torch.float32)
    for step in range(frame_count):
        time = float(torch.tensor(step + 1, dtype=torch.float32)
                     / torch.tensor(frame_count, dtype=torch.float32))
        change = _log(_render(images, _displacement(time)) + eps) - reference
        on = change >= thresholds
        off = (~on) & (change <= -thresholds)
        on_events = torch.where(on, torch.floor(change / thresholds), torch.zeros_like(change))
        off_events = torch.where(off, torch.floor(-change / thresholds), torch.zeros_like(change))
        frames[:, step, 1] = on_events
        frames[:, step, 0] = off_events
        reference = reference + on_events * thresholds - off_events * thresholds
    return frames


def read_aedat(path):
    """The events of an AEDAT 2.0 file: (x, y, polarity, timestamp) int64 tensors."""
    with open(path, "rb") as f:
        data = f.read()
    offset = 0
    while offset < len(data) and data[offset:offset + 1] == b"#":
        end = data.find(b"\n", offset)
        end = len(data) - 1 if end < 0 else end
        line = data[offset:end].rstrip(b"\r")
        if line.startswith(b"#!AER-DAT") and not line[len(b"#!AER-DAT"):].startswith(b"2."):
            raise ValueError(f"{path}: AEDAT 2.0 expected, found {line.decode(errors='replace')}")
        offset = end + 1
    payload = data[offset:]
    count = len(payload) // 8
    if count == 0 or len(payload) % 8:
        raise ValueError(f"{path}: the events are not whole 8-byte records")
    values = struct.unpack(f">{2 * count}I", payload[: 8 * count])
    address = torch.tensor(values[0::2], dtype=torch.int64)
    timestamp = torch.tensor(values[1::2], dtype=torch.int64)
    return ((address >> 1) & 0x7F, (address >> 8) & 0x7F, address & 1, timestamp)


def bin_events(events, frame_count, side=42, block=3):
    """(F, 2, 42, 42) counts: F equal time bins, 3×3 blocks of the sensor (edges dropped)."""
    x, y, polarity, timestamp = events
    frames = torch.zeros((frame_count, 2, side, side), dtype=torch.float32)
    if timestamp.numel() == 0:
        return frames
    first, last = int(timestamp.min()), int(timestamp.max())
    span = last - first + 1
    keep = (x < side * block) & (y < side * block)
    x, y, polarity, timestamp = x[keep], y[keep], polarity[keep], timestamp[keep]
    frame = (timestamp - first) * frame_count // span
    index = ((frame * 2 + polarity) * side + y // block) * side + x // block
    frames.view(-1).index_add_(0, index, torch.ones(index.numel()))
    return frames


def dvs_split(root, split):
    """(paths, labels) of a CIFAR10-DVS split: 90 % of each class for training, by name."""
    paths, labels = [], []
    for label, name in enumerate(CLASS_NAMES):
        folder = os.path.join(root, name)
        if not os.path.isdir(folder):
            raise ValueError(f"{root}: the class folder '{name}' is missing")
        files = sorted((f for f in os.listdir(folder) if f.lower().endswith(".aedat")),
                       key=lambda f: f.encode())
        cut = len(files) * 9 // 10
        chosen = files[:cut] if split == "train" else files[cut:]
        paths += [os.path.join(folder, f) for f in chosen]
        labels += [label] * len(chosen)
    return paths, labels


def evenly_spaced(paths, labels, limit):
    if limit <= 0 or limit >= len(paths):
        return paths, labels
    kept = [k * len(paths) // limit for k in range(limit)]
    return [paths[k] for k in kept], [labels[k] for k in kept]


def event_spikes(frames, steps):
    """Input spikes (T, B, 2, H, W) of event frames (B, F, 2, H, W): step t uses frame t mod F."""
    count = frames.shape[1]
    order = [t % count for t in range(steps)]
    return (frames[:, order] > 0).to(torch.float32).permute(1, 0, 2, 3, 4).contiguous()


def main(argv):
    """python -m asf_torch.events random SEED N | emulate IMAGES.f32 COUNT H W F SEED OUT.f32 |
    bin FILE.aedat F OUT.f32: the pieces above on their own, for comparing with the Swift
    engine (float32 files in the Swift layout: frames [F][H][W][2])."""
    import sys

    if argv[:1] == ["random"]:
        r = RandomSource(int(argv[1]))
        values = [r.next() for _ in range(int(argv[2]))]
        r = RandomSource(int(argv[1]))
        print(" ".join(str(v) for v in values))
        print(" ".join(repr(r.normal()) for _ in range(int(argv[2]))))
        return 0
    if argv[:1] == ["emulate"]:
        path, count, h, w, frames, seed, out = argv[1:8]
        count, h, w, frames, seed = int(count), int(h), int(w), int(frames), int(seed)
        with open(path, "rb") as f:
            images = torch.tensor(struct.unpack(f"<{count * h * w}f", f.read()))
        result = emulate(images.reshape(count, h, w), frames, seed)
        values = result.permute(0, 1, 3, 4, 2).reshape(-1).tolist()
        with open(out, "wb") as f:
            f.write(struct.pack(f"<{len(values)}f", *values))
        return 0
    if argv[:1] == ["bin"]:
        frames = bin_events(read_aedat(argv[1]), int(argv[2]))
        values = frames.permute(0, 2, 3, 1).reshape(-1).tolist()
        with open(argv[3], "wb") as f:
            f.write(struct.pack(f"<{len(values)}f", *values))
        return 0
    print(main.__doc__, file=sys.stderr)
    return 64


if __name__ == "__main__":
    import sys

    sys.exit(main(sys.argv[1:]))
