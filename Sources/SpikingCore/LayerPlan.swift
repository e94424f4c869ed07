// What the event-driven forward needs of each layer, laid out once per batch shape: its
// operation and geometry, and lookup tables from an input index to its coordinates.

import Foundation

/// What the forward pass needs of a layer, without strings or enums with payloads, plus lookup
/// tables from an input neuron's index to its coordinates (no divisions per spike). The
/// tables are views of the batch's arena, which the plan keeps alive; all workers share them.
final class LayerPlan: @unchecked Sendable {
  enum Operation { case conv, linear, avgPool, maxPool }
  let operation: Operation
  let outputCount: Int
  let hasNeurons: Bool
  /// conv: geometry; linear: `outChannels` is the row width.
  let outChannels: Int
  let kernel: Int
  let padding: Int
  let outHeight: Int
  let outWidth: Int
  let inChannels: Int
  /// conv: input index → (y, x, channel). pools: input index → output index.
  let rowOf: UnsafeMutablePointer<Int32>
  let columnOf: UnsafeMutablePointer<Int32>
  let channelOf: UnsafeMutablePointer<Int32>
  let target: UnsafeMutablePointer<Int32>
  /// avgPool: the current one input spike adds (1/size²).
  let share: Float
  /// Keeps the arena the tables point into.
  private let arena: BufferArena

  /// The plan of layer `l` of the arena's plan, filling its lookup tables.
  init(layer l: Int, arena: BufferArena) {
    let layer = arena.plan.layers[l]
    let tables = arena.plan.lookups[l]
    self.arena = arena
    let input = layer.inputShape
    let n = input.count
    outputCount = layer.outputShape.count
    hasNeurons = layer.hasNeurons
    inChannels = input.channels
    outHeight = layer.outputShape.height
    outWidth = layer.outputShape.width
    rowOf = arena.integers(tables.row)
    columnOf = arena.integers(tables.column)
    channelOf = arena.integers(tables.channel)
    target = arena.integers(tables.target)
    for i in 0..<n {
      channelOf[i] = Int32(i % input.channels)
      columnOf[i] = Int32((i / input.channels) % input.width)
      rowOf[i] = Int32(i / (input.channels * input.width))
    }
    var size = 1
    switch layer.kind {
    case .conv(let g):
      (operation, outChannels, kernel, padding) = (.conv, g.outChannels, g.kernel, g.padding)
    case .linear:
      (operation, outChannels, kernel, padding) = (.linear, layer.outputShape.count, 0, 0)
    case .avgPool(let s), .maxPool(let s):
      size = s
      let isMax: Bool
      if case .maxPool = layer.kind { isMax = true } else { isMax = false }
      (operation, outChannels, kernel, padding) = (
        isMax ? .maxPool : .avgPool, input.channels, s, 0
      )
    }
    share = 1 / Float(size * size)
    if operation == .avgPool || operation == .maxPool {
      // Inputs outside the last whole window (floor pooling) reach no output: -1.
      for i in 0..<n {
        let (y, x, c) = (Int(rowOf[i]), Int(columnOf[i]), Int(channelOf[i]))
        let inside = y / size < outHeight && x / size < outWidth
        target[i] = inside ? Int32(((y / size) * outWidth + x / size) * input.channels + c) : -1
      }
    }
  }
}

/// Where the forward writes the per-step state of one sample that BPTT keeps (rows of
/// [T][n]): the signed input spikes, each neuron layer's membrane just before the threshold
/// test (input current added), and each hidden layer's output spikes (0/1).
struct ForwardTrace {
  var input: UnsafeMutablePointer<Float>
  /// Per hidden layer; nil for layers without neurons (max pools).
  var membranes: [UnsafeMutablePointer<Float>?]
  /// Per hidden layer.
  var outputs: [UnsafeMutablePointer<Float>]
}
