"""Reading and writing asf-tui checkpoints (.asfck, version 2; version 1 is read too).

Layout, little-endian: the magic b"ASFCKPT\\n"; a uint32 header length H; H bytes of JSON
(version, epoch, batchesInEpoch, spec, neuronModel, timeSteps, thresholds, scaleFactors,
adamStep, learningRate, preset, tensors); the float32 tensors in header order (for every
layer with weights: its weights, Adam's first moments, Adam's second moments); from
version 2, a uint32 CRC-32 (zlib's) of every byte before it. Weights are kept exactly as
the Swift engine stores them (conv [K][K][C][O], linear [in][out], row-major).
"""

import json
import os
import struct
import zlib
from dataclasses import dataclass, field

import torch

MAGIC = b"ASFCKPT\n"
VERSION = 2


class CheckpointError(Exception):
    """A checkpoint that cannot be read or written, with the path and the reason."""


@dataclass
class Checkpoint:
    header: dict
    # Per runtime layer index: the flat float32 values (CPU tensors; lists are taken too).
    weights: dict = field(default_factory=dict)
    first_moments: dict = field(default_factory=dict)
    second_moments: dict = field(default_factory=dict)


ROLES = ("weights", "adam-m", "adam-v")


def read_checkpoint(path):
    """Reads `path`; checks the magic, the version, the CRC, the tensor table against the
    file's size and that every value is finite. The tensors are float32 views of the file's
    bytes (no Python lists)."""
    try:
        with open(path, "rb") as f:
            data = bytearray(f.read())
    except OSError as error:
        raise CheckpointError(f"cannot read {path}: {error.strerror}") from None
    if data[:8] != MAGIC or len(data) < 12:
        raise CheckpointError(f"{path} is not an asf-tui checkpoint (no ASFCKPT magic)")
    (length,) = struct.unpack_from("<I", data, 8)
    if 12 + length > len(data):
        raise CheckpointError(f"{path}: the header runs past the end of the file (cut short?)")
    try:
        header = json.loads(data[12 : 12 + length].decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise CheckpointError(f"{path}: the header is not JSON ({error})") from None
    if not isinstance(header, dict):
        raise CheckpointError(f"{path}: the header is not a JSON object")
    version = header.get("version")
    if version not in (1, 2):
        raise CheckpointError(f"{path}: version {version}; versions 1 and 2 can be read")
    body_end = len(data) - (4 if version == 2 else 0)
    if version == 2:
        (stored,) = struct.unpack_from("<I", data, body_end)
        if zlib.crc32(memoryview(data)[:body_end]) & 0xFFFFFFFF != stored:
            raise CheckpointError(f"{path}: the checksum does not match (damaged file)")
    checkpoint = Checkpoint(header=header)
    offset = 12 + length
    roles = dict(zip(ROLES, (checkpoint.weights, checkpoint.first_moments,
                             checkpoint.second_moments)))
    tensors = header.get("tensors")
    if not isinstance(tensors, list):
        raise CheckpointError(f"{path}: the header has no tensor table")
    for tensor in tensors:
        try:
            layer, role, count = int(tensor["layer"]), roles[tensor["role"]], int(tensor["count"])
        except (KeyError, TypeError, ValueError):
            raise CheckpointError(f"{path}: a tensor entry is not layer, role, count") from None
        if count < 0 or offset + 4 * count > body_end:
            raise CheckpointError(f"{path}: the file ends inside its tensors (cut short?)")
        values = torch.frombuffer(data, dtype=torch.float32, count=count, offset=offset)
        if not bool(torch.isfinite(values).all()):
            raise CheckpointError(f"{path}: layer {layer} {tensor['role']} is not finite")
        role[layer] = values
        offset += 4 * count
    if offset != body_end:
        raise CheckpointError(f"{path}: {body_end - offset} bytes after the last tensor")
    return checkpoint


def _raw(values, count):
    """The little-endian float32 bytes of `values` (a tensor or a list; None: zeros)."""
    if values is None:
        return bytes(4 * count)
    tensor = torch.as_tensor(values, dtype=torch.float32).detach().reshape(-1).cpu()
    if tensor.numel() != count:
        raise CheckpointError(f"a tensor of {tensor.numel()} values where {count} belong")
    return tensor.contiguous().numpy().astype("<f4", copy=False).tobytes()


def write_checkpoint(checkpoint, path):
    """Writes version 2 atomically (a temporary file, then a rename), from raw tensor bytes."""
    header = dict(checkpoint.header)
    header["version"] = VERSION
    tensors = []
    payload = []
    for layer in sorted(checkpoint.weights):
        count = torch.as_tensor(checkpoint.weights[layer]).numel()
        parts = [checkpoint.weights[layer], checkpoint.first_moments.get(layer),
                 checkpoint.second_moments.get(layer)]
        for role, values in zip(ROLES, parts):
            tensors.append({"layer": layer, "role": role, "count": count})
            payload.append(_raw(values, count))
    header["tensors"] = tensors
    text = json.dumps(header, sort_keys=True, separators=(",", ":")).encode("utf-8")
    head = MAGIC + struct.pack("<I", len(text)) + text
    crc = zlib.crc32(head)
    for part in payload:
        crc = zlib.crc32(part, crc)
    temporary = f"{path}.tmp-{os.getpid()}"
    try:
        with open(temporary, "wb") as f:
            f.write(head)
            for part in payload:
                f.write(part)
            f.write(struct.pack("<I", crc & 0xFFFFFFFF))
            f.flush()
            os.fsync(f.fileno())
        os.replace(temporary, path)
    except OSError:
        try:
            os.remove(temporary)
        except OSError:
            pass
        raise


def main(argv):
    """python -m asf_torch.checkpoint IN OUT: reads a checkpoint and writes it again (the
    round trip the tests check); prints what it holds."""
    import sys

    if len(argv) != 2:
        print("usage: python -m asf_torch.checkpoint IN.asfck OUT.asfck", file=sys.stderr)
        return 64
    try:
        checkpoint = read_checkpoint(argv[0])
        write_checkpoint(checkpoint, argv[1])
    except (CheckpointError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    h = checkpoint.header
    print(f"{argv[1]}: epoch {h['epoch']}, {len(checkpoint.weights)} weight tensors, "
          f"T={h['timeSteps']}, {h['neuronModel']}")
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(main(sys.argv[1:]))
