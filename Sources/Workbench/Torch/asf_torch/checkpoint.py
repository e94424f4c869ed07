"""Reading and writing asf-tui checkpoints (.asfck, version 2; version 1 is read too).

Layout, little-endian: the magic b"ASFCKPT\\n"; a uint32 header length H; H bytes of JSON
(version, epoch, batchesInEpoch, spec, neuronModel, timeSteps, thresholds, scaleFactors,
adamStep, learningRate, preset, tensors); the float32 tensors in header order (for every
layer with weights: its weights, Adam's first moments, Adam's second moments); from
version 2, a uint32 CRC-32 (zlib's) of every byte before it. Weights are kept exactly as
the Swift engine stores them (conv [K][K][C][O], linear [in][out], row-major).
"""

import json
import struct
import zlib
from dataclasses import dataclass, field

MAGIC = b"ASFCKPT\n"
VERSION = 2


class CheckpointError(Exception):
    """A checkpoint that cannot be read or written, with the path and the reason."""


@dataclass
class Checkpoint:
    header: dict
    # Per runtime layer index: the flat float32 values (lists of Python floats or tensors).
    weights: dict = field(default_factory=dict)
    first_moments: dict = field(default_factory=dict)
    second_moments: dict = field(default_factory=dict)


def _floats(data, offset, count, path):
    end = offset + 4 * count
    if end > len(data):
        raise CheckpointError(f"{path}: the file ends inside its tensors (cut short?)")
    return list(struct.unpack_from(f"<{count}f", data, offset)), end


def read_checkpoint(path):
    """Reads `path`; checks the magic, the version, the CRC and that every value is finite."""
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as error:
        raise CheckpointError(f"cannot read {path}: {error.strerror}") from None
    if data[:8] != MAGIC:
        raise CheckpointError(f"{path} is not an asf-tui checkpoint (no ASFCKPT magic)")
    (length,) = struct.unpack_from("<I", data, 8)
    try:
        header = json.loads(data[12 : 12 + length].decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise CheckpointError(f"{path}: the header is not JSON ({error})") from None
    version = header.get("version")
    if version not in (1, 2):
        raise CheckpointError(f"{path}: version {version}; versions 1 and 2 can be read")
    body_end = len(data) - (4 if version == 2 else 0)
    if version == 2:
        (stored,) = struct.unpack_from("<I", data, body_end)
        if zlib.crc32(data[:body_end]) & 0xFFFFFFFF != stored:
            raise CheckpointError(f"{path}: the checksum does not match (damaged file)")
    checkpoint = Checkpoint(header=header)
    offset = 12 + length
    roles = {"weights": checkpoint.weights, "adam-m": checkpoint.first_moments,
             "adam-v": checkpoint.second_moments}
    for tensor in header["tensors"]:
        values, offset = _floats(data, offset, tensor["count"], path)
        if any(v != v or v in (float("inf"), float("-inf")) for v in values):
            raise CheckpointError(f"{path}: layer {tensor['layer']} {tensor['role']} is not finite")
        roles[tensor["role"]][tensor["layer"]] = values
    if offset != body_end:
        raise CheckpointError(f"{path}: {body_end - offset} bytes after the last tensor")
    return checkpoint


def write_checkpoint(checkpoint, path):
    """Writes version 2 atomically (a temporary file, then a rename)."""
    import os

    header = dict(checkpoint.header)
    header["version"] = VERSION
    tensors = []
    payload = bytearray()
    for layer in sorted(checkpoint.weights):
        parts = [("weights", checkpoint.weights[layer]),
                 ("adam-m", checkpoint.first_moments.get(layer)),
                 ("adam-v", checkpoint.second_moments.get(layer))]
        count = len(checkpoint.weights[layer])
        for role, values in parts:
            values = [0.0] * count if values is None else [float(v) for v in values]
            tensors.append({"layer": layer, "role": role, "count": count})
            payload += struct.pack(f"<{count}f", *values)
    header["tensors"] = tensors
    text = json.dumps(header, sort_keys=True, separators=(",", ":")).encode("utf-8")
    body = MAGIC + struct.pack("<I", len(text)) + text + bytes(payload)
    body += struct.pack("<I", zlib.crc32(body) & 0xFFFFFFFF)
    temporary = f"{path}.tmp-{os.getpid()}"
    with open(temporary, "wb") as f:
        f.write(body)
    os.replace(temporary, path)


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
