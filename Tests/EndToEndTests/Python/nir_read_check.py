"""Compares a NIR graph, read with the `nir` package, with an asf-tui checkpoint, node for
node and weight for weight, and prints the result as JSON.

    nir_read_check.py GRAPH CHECKPOINT

The layouts are worked out here with numpy from their definitions: the engine keeps a
convolution's weights as (kh, kw, in, out) and a linear layer's as (in, out) with inputs
flattened channels-last (h, w, c); NIR has (out, in, kh, kw) and (out, in) with inputs
flattened channels-first (c, h, w).
"""

import json
import sys

import nir
import numpy as np
from asf_torch.checkpoint import read_checkpoint
from asf_torch.network import runtime_layers


def chain(graph):
    """Node names from the Input node along the edges."""
    name = next(k for k, n in graph.nodes.items() if isinstance(n, nir.Input))
    names = [name]
    while True:
        after = [b for a, b in graph.edges if a == name]
        if len(after) != 1:
            return names
        name = after[0]
        names.append(name)


def main(graph_path, checkpoint_path):
    graph = nir.read(graph_path)
    saved = read_checkpoint(checkpoint_path)
    header = saved.header
    layers = runtime_layers(header["spec"])
    names = chain(graph)
    nodes = [graph.nodes[n] for n in names]
    mismatches, expected = [], ["Input"]
    shape = None  # the map a linear layer's inputs come from (c, h, w)
    position = 1
    for l, layer in enumerate(layers):
        w = np.array(saved.weights.get(l, []), dtype=np.float32)
        if layer.kind == "conv":
            expected.append("Conv2d")
            k, (c, _, _), o = layer.kernel, layer.input_shape, layer.output_shape[0]
            want = w.reshape(k, k, c, o).transpose(3, 2, 0, 1)
        elif layer.kind == "linear":
            c, h, wd = shape if shape is not None else layer.input_shape
            # A map is flattened first; a vector input or a linear layer's output is not.
            if (layers[l - 1].kind != "linear") if l > 0 else (h, wd) != (1, 1):
                expected.append("Flatten")
            expected.append("Linear")
            o = layer.output_shape[0]
            want = w.reshape(h, wd, c, o).transpose(3, 2, 0, 1).reshape(o, c * h * wd)
        elif layer.kind == "avgpool":
            expected.append("AvgPool2d")
            want = None
        else:
            mismatches.append(f"layer {layer.name}: {layer.kind} has no NIR node")
            want = None
        while position < len(nodes) and type(nodes[position]).__name__ == "Flatten":
            position += 1
        node = nodes[position] if position < len(nodes) else None
        if want is not None:
            got = None if node is None else np.asarray(node.weight, dtype=np.float32)
            if got is None or got.shape != want.shape or not np.array_equal(got, want):
                mismatches.append(f"weights of {layer.name} differ from node {names[position]}")
            if hasattr(node, "bias") and np.any(np.asarray(node.bias) != 0):
                mismatches.append(f"node {names[position]} has a bias")
        position += 1
        if layer.has_neurons:
            expected.append("LIF" if header["neuronModel"] == "lif" and layer.kind != "avgpool"
                            else "IF")
            neuron = nodes[position]
            if not np.all(np.asarray(neuron.v_threshold) == np.float32(header["thresholds"][l])):
                mismatches.append(f"thresholds of {layer.name} differ in {names[position]}")
            if np.asarray(neuron.v_threshold).size != int(np.prod(layer.output_shape)):
                mismatches.append(f"{names[position]} has the wrong number of neurons")
            if np.any(np.asarray(neuron.v_reset) != 0):
                mismatches.append(f"{names[position]} does not reset to 0")
            position += 1
        shape = layer.output_shape
    expected.append("Output")
    # An Affine with zero bias (checked above) is a Linear.
    types = [type(n).__name__.replace("Affine", "Linear") for n in nodes]
    if types != expected:
        mismatches.append(f"node types {types}, expected {expected}")
    out = nodes[-1]
    if isinstance(out, nir.Output) and int(np.prod(out.output_type["output"])) != 10:
        mismatches.append(f"output shape {out.output_type['output']}")
    print(json.dumps({"types": types, "nodes": len(graph.nodes), "mismatches": mismatches,
                      "time_steps": int(graph.metadata.get("asf_time_steps", -1))}))


if __name__ == "__main__":
    main(*sys.argv[1:])
