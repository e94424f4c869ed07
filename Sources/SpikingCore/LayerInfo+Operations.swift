// How much work a layer does: the synaptic operations (SOPs) one input spike causes in the
// event-driven forward, and the multiply-accumulates (MACs) the same layer needs per sample
// as a non-spiking network. SOPs per sample are the input spikes times their fan-out.

extension LayerInfo {
  /// For every input neuron (channels-last index), the membranes one of its spikes reaches:
  /// conv, the kernel positions that land inside the output times the out channels; linear,
  /// the out features; pools, 1 inside the last whole window, else 0.
  public func fanOut() -> [Float] {
    let input = inputShape
    var result = [Float](repeating: 0, count: input.count)
    switch kind {
    case .conv(let g):
      let (outH, outW) = (outputShape.height, outputShape.width)
      // Kernel offsets k with 0 ≤ y + P − k < out: the same rule as the scatter kernel's.
      func reach(_ y: Int, _ out: Int) -> Int {
        max(0, min(g.kernel - 1, y + g.padding) - max(0, y + g.padding - out + 1) + 1)
      }
      for y in 0..<input.height {
        for x in 0..<input.width {
          let value = Float(reach(y, outH) * reach(x, outW) * g.outChannels)
          let base = (y * input.width + x) * input.channels
          for c in 0..<input.channels { result[base + c] = value }
        }
      }
    case .linear:
      result = [Float](repeating: Float(outputShape.count), count: input.count)
    case .avgPool(let s), .maxPool(let s):
      for y in 0..<input.height where y / s < outputShape.height {
        for x in 0..<input.width where x / s < outputShape.width {
          let base = (y * input.width + x) * input.channels
          for c in 0..<input.channels { result[base + c] = 1 }
        }
      }
    }
    return result
  }

  /// Multiply-accumulates per sample of this layer in a non-spiking network with the same
  /// weights (conv: output positions × out channels × kernel² × in channels; linear: in ×
  /// out); pools count none.
  public var denseMACs: Double {
    switch kind {
    case .conv(let g):
      Double(outputShape.count) * Double(g.kernel * g.kernel * inputShape.channels)
    case .linear: Double(inputShape.count) * Double(outputShape.count)
    case .avgPool, .maxPool: 0
    }
  }
}
