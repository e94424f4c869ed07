"""The data sets the torch backend reads: MNIST from its IDX files (raw or .gz) and the
synthetic digits as asf-tui writes them in the same format (`asf-tui data digits`), with
pixels = byte × (1/255) in float32 as the Swift readers compute them; CIFAR-10's binary
batches; MNIST through the event-camera emulator; CIFAR10-DVS recordings.

Batches come from a torch DataLoader (workers, pinned memory, prefetching) as CPU tensors:
the inputs (images, or event frames), the labels and the samples' keys. The input spikes are
made on the run's device from the keys by the counter-based generator (encoding.py), so
that a sample's spikes depend on (seed, epoch, sample) only. CIFAR-10's crop and flip are
placed from the same key, as the Swift engine places them.
"""

import gzip
import os
import struct

import torch

from .encoding import M32, encode, mix32, sample_key

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


PLACEMENT_WORD = 0xA06DE17A


def placement(key, padding=4):
    """(offset y, offset x, flip) of a training image's crop window in the image padded by
    `padding`, from its sample key: h = mix32(mix32(k0 ^ 0xA06DE17A) ^ k1); y = h mod n,
    x = (h div n) mod n with n = 2·padding + 1; flip = the top bit of h."""
    h = mix32(mix32((key & M32) ^ PLACEMENT_WORD) ^ (key >> 32))
    n = 2 * padding + 1
    return h % n, (h // n) % n, bool(h >> 31)


def augment(images, keys, padding=4):
    """CIFAR-10's training transform per sample: the 32×32 window of the image padded with
    zeros by 4 at the sample's placement, mirrored when it says so, then the normalisation."""
    b, c, h, w = images.shape
    padded = torch.nn.functional.pad(images, (padding, padding, padding, padding))
    out = torch.empty_like(images)
    for k, key in enumerate(keys):
        y, x, flip = placement(int(key), padding)
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
    """Images, rate-coded into spikes on the device (CIFAR-10's training images augmented on
    the host first)."""

    def __init__(self, images, labels, encoder, seed, augmented=False):
        self.images, self.labels = images, labels
        self.encoder, self.seed, self.augmented = encoder, seed, augmented

    def __len__(self):
        return len(self.labels)

    def inputs(self, indices, keys):
        """The images at `indices` (B, C, H, W), CPU, augmented from `keys` when training."""
        x = self.images[indices]
        return augment(x, keys) if self.augmented else x

    def spikes(self, inputs, keys, steps):
        """Input spikes (T, B, C, H, W) on the inputs' device."""
        return encode(inputs, keys, steps, self.encoder)


class EmulatedSamples:
    """Grey images turned into event frames by the event-camera emulator (on the host)."""

    def __init__(self, images, labels, frames, seed):
        self.images, self.labels, self.frames, self.seed = images, labels, frames, seed

    def __len__(self):
        return len(self.labels)

    def inputs(self, indices, keys):
        from .events import emulate

        return emulate(self.images[indices][:, 0], self.frames, self.seed)

    def spikes(self, inputs, keys, steps):
        from .events import event_spikes

        return event_spikes(inputs, steps)


class RecordedSamples:
    """CIFAR10-DVS recordings, read and binned on the host."""

    def __init__(self, paths, labels, frames):
        self.paths, self.labels, self.frames = paths, torch.tensor(labels), frames

    def __len__(self):
        return len(self.labels)

    def inputs(self, indices, keys):
        from .events import bin_events, read_aedat

        try:
            return torch.stack([bin_events(read_aedat(self.paths[i]), self.frames)
                                for i in indices])
        except (OSError, ValueError) as error:
            raise DataError(str(error)) from None

    def spikes(self, inputs, keys, steps):
        from .events import event_spikes

        return event_spikes(inputs, steps)


class Batches(torch.utils.data.Dataset):
    """The batches of one pass over `samples` for a DataLoader: item k is batch k's inputs,
    labels and sample keys (CPU tensors), made in a loader worker."""

    def __init__(self, samples, batches, seed, stream):
        self.samples, self.batches, self.seed, self.stream = samples, batches, seed, stream

    def __len__(self):
        return len(self.batches)

    def __getitem__(self, k):
        indices = self.batches[k]
        keys = torch.tensor([sample_key(self.seed, self.stream, int(i)) for i in indices],
                            dtype=torch.int64)
        return self.samples.inputs(indices, keys), self.samples.labels[indices], keys


def loader(samples, batches, seed, stream, workers=0, pin=False):
    """A DataLoader over `batches` (lists of sample indices), in order, with `workers`
    processes, pinned memory for a GPU and two batches prefetched per worker."""
    return torch.utils.data.DataLoader(
        Batches(samples, batches, seed, stream), batch_size=None, shuffle=False,
        num_workers=workers, pin_memory=pin, prefetch_factor=2 if workers > 0 else None,
        persistent_workers=False)


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
