// Small NIR graphs for the tests, built by hand: a valid chain that each import test
// changes in one place.

import NIR

enum NIRTestGraphs {
  /// Deterministic values of `count` weights, varied in sign and size.
  static func values(_ count: Int, seed: Int) -> [Float] {
    (0..<count).map { Float(((($0 + 1) * (seed + 7) * 37) % 61) - 30) / 64 }
  }

  static func tensor(_ shape: [Int], seed: Int) -> NIRTensor {
    NIRTensor(shape: shape, values: values(shape.reduce(1, *), seed: seed))
  }

  static func neurons(_ shape: [Int], threshold: Float) -> NIRNode {
    .integrateAndFire(
      r: NIRTensor(shape: shape, repeating: 1),
      threshold: NIRTensor(shape: shape, repeating: threshold),
      reset: NIRTensor(shape: shape, repeating: 0))
  }

  /// input (1, 6, 6) → conv 2×3×3 p1 → IF → avgpool 2 → IF → flatten → linear 4 → IF →
  /// linear 3 → output.
  static func chain() -> NIRGraph {
    var graph = NIRGraph()
    graph.nodes = [
      "in": .input(shape: [1, 6, 6]),
      "c": .conv2d(
        weight: tensor([2, 1, 3, 3], seed: 1), bias: NIRTensor(shape: [2], repeating: 0),
        stride: [1, 1], padding: [1, 1], dilation: [1, 1], groups: 1, inputSize: [6, 6]),
      "c_if": neurons([2, 6, 6], threshold: 0.5),
      "p": .avgPool2d(kernel: [2, 2], stride: [2, 2], padding: [0, 0]),
      "p_if": neurons([2, 3, 3], threshold: 0.75),
      "f": .flatten(inputShape: [2, 3, 3], startDim: 0, endDim: -1),
      "l": .linear(weight: tensor([4, 18], seed: 2)),
      "l_if": neurons([4], threshold: 1.5),
      "r": .linear(weight: tensor([3, 4], seed: 3)),
      "out": .output(shape: [3]),
    ]
    let order = ["in", "c", "c_if", "p", "p_if", "f", "l", "l_if", "r", "out"]
    graph.edges = zip(order, order.dropFirst()).map { ($0, $1) }
    return graph
  }
}
