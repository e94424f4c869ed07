"""Writes a NIR graph with the `nir` package, as another tool would: a small convolutional
network for 28×28 digits with seeded random weights, Affine layers with zero bias, IF
neurons, an average pool with IF neurons of its own, and a Flatten.

    nir_foreign.py OUT.nir
"""

import json
import sys

import nir
import numpy as np


def main(path):
    rng = np.random.default_rng(5)

    def weights(*shape):
        return (rng.standard_normal(shape) * 0.2).astype(np.float32)

    def neurons(shape, threshold):
        return nir.IF(r=np.ones(shape, np.float32),
                      v_threshold=np.full(shape, threshold, np.float32),
                      v_reset=np.zeros(shape, np.float32))

    nodes = {
        "in": nir.Input(input_type=np.array([1, 28, 28])),
        "conv": nir.Conv2d(input_shape=(28, 28), weight=weights(6, 1, 5, 5), stride=1,
                           padding=2, dilation=1, groups=1, bias=np.zeros(6, np.float32)),
        "conv_spikes": neurons((6, 28, 28), 1.0),
        "pool": nir.AvgPool2d(kernel_size=np.array([4, 4]), stride=np.array([4, 4]),
                              padding=np.array([0, 0])),
        "pool_spikes": neurons((6, 7, 7), 0.5),
        "flat": nir.Flatten(input_type={"input": np.array([6, 7, 7])}, start_dim=0, end_dim=-1),
        "dense": nir.Affine(weight=weights(32, 294), bias=np.zeros(32, np.float32)),
        "dense_spikes": neurons((32,), 1.25),
        "head": nir.Affine(weight=weights(10, 32), bias=np.zeros(10, np.float32)),
        "out": nir.Output(output_type=np.array([10])),
    }
    order = list(nodes)
    nir.write(path, nir.NIRGraph(nodes=nodes, edges=list(zip(order, order[1:]))))
    print(json.dumps({"written": path, "nodes": len(nodes)}))


if __name__ == "__main__":
    main(sys.argv[1])
