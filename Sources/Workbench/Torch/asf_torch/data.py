"""The data sets the torch backend reads: MNIST from its IDX files (raw or .gz) and the
synthetic digits as asf-tui writes them in the same format (`asf-tui data digits`), with
pixels = byte × (1/255) in float32 as the Swift readers compute them; and the rate coding
of pixels into input spikes, from one random stream per sample (seed, epoch, index), so
that a sample's spikes do not depend on the batch or the process that draws them.
"""

import gzip
import os
import struct

import torch

FILES = {
    "train": ("train-images-idx3-ubyte", "train-labels-idx1-ubyte"),
    "test": ("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"),
}


class DataError(Exception):
    """Data that cannot be found or read, naming the file and what was expected."""


def _read(folder, name):
    for candidate in (os.path.join(folder, name), os.path.join(folder, name + ".gz")):
        if os.path.exists(candidate):
            opener = gzip.open if candidate.endswith(".gz") else open
            try:
                with opener(candidate, "rb") as f:
                    return f.read(), candidate
            except (OSError, EOFError) as error:
                raise DataError(f"cannot read {candidate}: {error}") from None
    raise DataError(f"{name} (or {name}.gz) is not in {folder}")


def read_idx(folder, split):
    """(images (N, 1, H, W) float32 in [0, 1], labels (N,) int64) of an IDX split."""
    images_name, labels_name = FILES[split]
    data, path = _read(folder, images_name)
    magic, count, rows, columns = struct.unpack_from(">IIII", data, 0)
    if magic != 0x00000803 or len(data) != 16 + count * rows * columns:
        raise DataError(f"{path} is not an IDX images file of its stated size")
    pixels = torch.frombuffer(bytearray(data[16:]), dtype=torch.uint8).to(torch.float32)
    images = (pixels * torch.tensor(1.0 / 255.0, dtype=torch.float32)).reshape(count, 1, rows, columns)
    data, path = _read(folder, labels_name)
    magic, label_count = struct.unpack_from(">II", data, 0)
    if magic != 0x00000801 or label_count != count or len(data) != 8 + count:
        raise DataError(f"{path} does not hold {count} labels")
    labels = torch.frombuffer(bytearray(data[8:]), dtype=torch.uint8).to(torch.int64)
    return images, labels


CIFAR_MEAN = (0.4914, 0.4822, 0.4465)
CIFAR_STD = (0.557, 0.549, 0.5534)
CIFAR_FILES = {"train": [f"data_batch_{n}.bin" for n in range(1, 6)], "test": ["test_batch.bin"]}


def read_cifar(folder, split):
    """(images (N, 3, 32, 32) float32 in [0, 1], labels (N,)) of the CIFAR-10 binary batches
    present (the training split takes every data_batch_N there is, in order)."""
    images, labels = [], []
    for name in CIFAR_FILES[split]:
        try:
            data, path = _read(folder, name)
        except DataError:
            continue
        if len(data) % 3073 != 0:
            raise DataError(f"{path} is not a whole number of 3073-byte CIFAR-10 records")
        records = torch.frombuffer(bytearray(data), dtype=torch.uint8).reshape(-1, 3073)
        labels.append(records[:, 0].to(torch.int64))
        pixels = records[:, 1:].to(torch.float32) * torch.tensor(1.0 / 255.0, dtype=torch.float32)
        images.append(pixels.reshape(-1, 3, 32, 32))
    if not images:
        raise DataError(f"no CIFAR-10 {split} batch ({', '.join(CIFAR_FILES[split])}) in {folder}")
    return torch.cat(images), torch.cat(labels)


def normalise(images):
    """(x − mean[c]) / std[c] per channel, in float32 as the Swift engine computes it."""
    mean = torch.tensor(CIFAR_MEAN, dtype=torch.float32).reshape(1, 3, 1, 1)
    std = torch.tensor(CIFAR_STD, dtype=torch.float32).reshape(1, 3, 1, 1)
    return (images - mean) / std


def augment(images, indices, seed, epoch, padding=4):
    """CIFAR-10's training transform per sample: a random 32×32 window of the image padded
    with zeros by 4, a horizontal flip with probability 0.5, then the normalisation; each
    sample from its own stream (seed, epoch, index)."""
    b, c, h, w = images.shape
    padded = torch.nn.functional.pad(images, (padding, padding, padding, padding))
    out = torch.empty_like(images)
    for k, index in enumerate(indices):
        generator = torch.Generator().manual_seed(sample_seed(seed ^ 0xA5A5, epoch, int(index)))
        y, x = torch.randint(0, 2 * padding + 1, (2,), generator=generator).tolist()
        flip = bool(torch.rand((), generator=generator) < 0.5)
        crop = padded[k, :, y:y + h, x:x + w]
        out[k] = crop.flip(-1) if flip else crop
    return normalise(out)


def data_folder(dataset, data_dir):
    """The folder of `dataset` under the data directory (--data-dir, else $ASF_DATA_DIR,
    else ../shared/datasets)."""
    root = data_dir or os.environ.get("ASF_DATA_DIR") or os.path.join("..", "shared", "datasets")
    # The data set's own folder may be given too (it holds the files itself).
    first = CIFAR_FILES["test"][0] if dataset == "cifar10" else FILES["train"][0]
    if any(os.path.exists(os.path.join(root, first + suffix)) for suffix in ("", ".gz")):
        return root
    folder = os.path.join(root, dataset)
    if not os.path.isdir(folder):
        hint = ("write them with 'asf-tui data digits --out " + folder + "'"
                if dataset == "digits" else f"fetch them with 'asf-tui data fetch {dataset}'")
        raise DataError(f"no {dataset} data in {folder}: {hint}")
    return folder


class ImageSamples:
    """Images, rate-coded into spikes per batch (CIFAR-10's training images augmented)."""

    def __init__(self, images, labels, encoder, seed, augmented=False):
        self.images, self.labels = images, labels
        self.encoder, self.seed, self.augmented = encoder, seed, augmented

    def __len__(self):
        return len(self.labels)

    def spikes(self, indices, epoch, steps, device=None, stream=0):
        x = self.images[indices]
        if self.augmented:
            x = augment(x, indices, self.seed, epoch)
        return encode(x.to(device), indices, steps, self.encoder, self.seed + stream, epoch, device)


class EmulatedSamples:
    """Grey images turned into event frames by the event-camera emulator, per batch."""

    def __init__(self, images, labels, frames, seed):
        self.images, self.labels, self.frames, self.seed = images, labels, frames, seed

    def __len__(self):
        return len(self.labels)

    def spikes(self, indices, epoch, steps, device=None, stream=0):
        from .events import emulate, event_spikes

        frames = emulate(self.images[indices][:, 0], self.frames, self.seed)
        return event_spikes(frames, steps).to(device)


class RecordedSamples:
    """CIFAR10-DVS recordings, read and binned per batch."""

    def __init__(self, paths, labels, frames):
        self.paths, self.labels, self.frames = paths, torch.tensor(labels), frames

    def __len__(self):
        return len(self.labels)

    def spikes(self, indices, epoch, steps, device=None, stream=0):
        from .events import bin_events, event_spikes, read_aedat

        try:
            frames = torch.stack([bin_events(read_aedat(self.paths[i]), self.frames)
                                  for i in indices])
        except (OSError, ValueError) as error:
            raise DataError(str(error)) from None
        return event_spikes(frames, steps).to(device)


def load_splits(preset, data_dir=None):
    """The training and test samples of a preset, with its limits applied."""
    dataset = preset["dataset"]
    if dataset == "cifar10-dvs":
        from .events import dvs_split, evenly_spaced

        root = _dvs_root(data_dir)
        splits = []
        for split, limit in (("train", preset["train-limit"]), ("test", preset["test-limit"])):
            try:
                paths, labels = evenly_spaced(*dvs_split(root, split), limit)
            except ValueError as error:
                raise DataError(str(error)) from None
            splits.append(RecordedSamples(paths, labels, preset["event-frames"]))
        return splits[0], splits[1]
    folder = data_folder("mnist" if dataset == "mnist-events" else dataset, data_dir)
    if dataset == "cifar10":
        train = read_cifar(folder, "train")
        test = read_cifar(folder, "test")
        test = (normalise(test[0]), test[1])
    else:
        train = read_idx(folder, "train")
        test = read_idx(folder, "test")
    if preset["train-limit"] > 0:
        train = (train[0][: preset["train-limit"]], train[1][: preset["train-limit"]])
    if preset["test-limit"] > 0:
        test = (test[0][: preset["test-limit"]], test[1][: preset["test-limit"]])
    if dataset == "mnist-events":
        return (EmulatedSamples(*train, preset["event-frames"], preset["seed"]),
                EmulatedSamples(*test, preset["event-frames"], preset["seed"]))
    return (ImageSamples(*train, preset["encoder"], preset["seed"], dataset == "cifar10"),
            ImageSamples(*test, preset["encoder"], preset["seed"]))


def _dvs_root(data_dir):
    root = data_dir or os.environ.get("ASF_DATA_DIR") or os.path.join("..", "shared", "datasets")
    for candidate in (root, os.path.join(root, "cifar10-dvs"), os.path.join(root, "CIFAR10-DVS")):
        if os.path.isdir(os.path.join(candidate, "airplane")):
            return candidate
    raise DataError(f"no CIFAR10-DVS class folders (airplane, …, truck) in {root} or its "
                    "cifar10-dvs folder: see 'asf-tui data fetch cifar10-dvs'")


def sample_seed(seed, epoch, index):
    """The seed of one sample's random stream: splitmix64 of (seed, epoch, index)."""
    z = (seed * 0x9E3779B97F4A7C15 + epoch * 0xBF58476D1CE4E5B9 + index * 0x94D049BB133111EB)
    z &= (1 << 64) - 1
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & ((1 << 64) - 1)
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & ((1 << 64) - 1)
    return (z ^ (z >> 31)) & ((1 << 63) - 1)


def encode(images, indices, steps, encoder, seed, epoch, device=None):
    """Input spikes (T, B, C, H, W) of `images` (B, C, H, W): each pixel x fires with
    probability min(|x|/2, 1) (poisson-half) or min(|x|, 1) (poisson-clamped) per step and
    carries its sign; every sample draws from its own stream."""
    if encoder == "poisson-half":
        p = torch.clamp(images.abs() / 2, max=1)
    elif encoder == "poisson-clamped":
        p = torch.clamp(images.abs(), max=1)
    else:
        raise DataError(f"encoder '{encoder}' is not a rate code of images")
    sign = torch.sign(images)
    spikes = torch.empty((steps, *images.shape), dtype=torch.float32, device=device)
    for k, index in enumerate(indices):
        generator = torch.Generator(device=device or "cpu")
        generator.manual_seed(sample_seed(seed, epoch, int(index)))
        uniform = torch.rand((steps, *images.shape[1:]), generator=generator, device=device)
        spikes[:, k] = (uniform < p[k]).to(torch.float32) * sign[k]
    return spikes
