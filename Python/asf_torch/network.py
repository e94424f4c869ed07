"""A spiking network as the Swift engine describes it: runtime layers from a NetworkSpec
(flatten layers dropped; storage is channels-last there), thresholds, scale factors, the
neuron model and the time window, with the weights as torch tensors in torch's layout
(conv [O][C][K][K], linear [out][in]). Conversions to and from the Swift layout
(conv [K][K][C][O], linear [in][out], row-major) are exact.
"""

from dataclasses import dataclass

import torch

LEAKS = {"if": 1.0, "lif": 0.99}


@dataclass
class Layer:
    kind: str  # "conv", "linear", "avgpool", "maxpool"
    name: str
    input_shape: tuple  # (C, H, W); a vector is (n, 1, 1)
    output_shape: tuple
    is_output: bool
    kernel: int = 0
    padding: int = 0
    size: int = 0

    @property
    def has_neurons(self):
        return not self.is_output and self.kind in ("conv", "linear", "avgpool")

    @property
    def has_weights(self):
        return self.kind in ("conv", "linear")

    def swift_shape(self):
        """(rows, columns) of the Swift weight matrix."""
        c, h, w = self.input_shape
        if self.kind == "conv":
            return (self.kernel * self.kernel * c, self.output_shape[0])
        return (c * h * w, self.output_shape[0] * self.output_shape[1] * self.output_shape[2])


def runtime_layers(spec):
    """The runtime layers of a NetworkSpec (as JSON: {"input": {...}, "layers": [...]})."""
    shape = (spec["input"]["channels"], spec["input"]["height"], spec["input"]["width"])
    layers = []
    counters = {}

    def name(base):
        counters[base] = counters.get(base, 0) + 1
        return f"{base}{counters[base]}"

    entries = spec["layers"]
    for index, entry in enumerate(entries):
        ((kind, values),) = entry.items()
        last = index == len(entries) - 1
        if kind == "flatten":
            shape = (shape[0] * shape[1] * shape[2], 1, 1)
        elif kind == "conv":
            k, p, o = values["kernel"], values["padding"], values["outChannels"]
            out = (o, shape[1] + 2 * p - k + 1, shape[2] + 2 * p - k + 1)
            layers.append(Layer("conv", "output" if last else name("conv"), shape, out, last,
                                kernel=k, padding=p))
            shape = out
        elif kind == "linear":
            out = (values["outFeatures"], 1, 1)
            layers.append(Layer("linear", "output" if last else name("fc"), shape, out, last))
            shape = out
        elif kind in ("avgPool", "maxPool"):
            s = values["size"]
            out = (shape[0], shape[1] // s, shape[2] // s)
            short = "avgpool" if kind == "avgPool" else "maxpool"
            layers.append(Layer(short, name(short), shape, out, last, size=s))
            shape = out
        else:
            raise ValueError(f"unknown layer kind {kind!r} in the network description")
    return layers


def to_torch_layout(layer, values, device=None):
    """A Swift weight matrix (flat, row-major: a float32 tensor or a list) as a torch tensor
    in torch's layout on `device`."""
    rows, columns = layer.swift_shape()
    matrix = torch.as_tensor(values, dtype=torch.float32).to(device or "cpu")
    matrix = matrix.reshape(rows, columns)
    if layer.kind == "conv":
        c = layer.input_shape[0]
        k = layer.kernel
        return matrix.reshape(k, k, c, columns).permute(3, 2, 0, 1).contiguous()
    return matrix.t().contiguous()


def to_swift_layout(layer, tensor):
    """The inverse of `to_torch_layout`: a flat float32 CPU tensor in the Swift engine's
    order (copied to the host: for checkpoints and checks only)."""
    if layer.kind == "conv":
        return tensor.detach().permute(2, 3, 1, 0).reshape(-1).cpu().contiguous()
    return tensor.detach().t().reshape(-1).cpu().contiguous()


class SpikingNetwork:
    """Layers, weights (torch layout), thresholds, scale factors, neuron model and T."""

    def __init__(self, spec, weights, thresholds, scale_factors, neuron_model, time_steps,
                 device=None):
        self.spec = spec
        self.layers = runtime_layers(spec)
        self.device = device
        self.weights = {
            l: to_torch_layout(layer, weights[l], device)
            for l, layer in enumerate(self.layers) if layer.has_weights
        }
        self.thresholds = [float(v) for v in thresholds]
        self.scale_factors = [float(v) for v in scale_factors]
        self.neuron_model = neuron_model
        self.leak = LEAKS[neuron_model]
        self.time_steps = int(time_steps)
        # ASF-BP's switches (the paper's by default) and, with one S per neuron, each
        # neuron's S per layer.
        self.switches = {"scale_mode": "layer", "smoothing": 0.6, "mask": True, "reset": "hard",
                         "spike_rule": "strict"}
        self.neuron_scale_factors = {}

    @classmethod
    def from_checkpoint(cls, checkpoint, device=None):
        h = checkpoint.header
        return cls(h["spec"], checkpoint.weights, h["thresholds"], h["scaleFactors"],
                   h["neuronModel"], h["timeSteps"], device)

    def swift_weights(self):
        return {l: to_swift_layout(self.layers[l], w) for l, w in self.weights.items()}
