// The equivalent network of ASF-BP for one batch: from the accumulated spike counts FO it
// recovers the accumulated input currents FI = W·FO (exact, since currents are linear in
// spikes), updates the scale factors, and back-propagates once through
// FO^n ≈ S^n · 1[FI^n > 0] · FI^n. Legend: B batch, n neurons of a layer, P positions,
// K patch size, O out-channels. Activations are [B][n] channels-last; buffers are sized
// once per batch size and reused.

import Foundation

/// The loss L = c · ½ Σ_b Σ_j (mem_bj / (Vth·T) − Y_bj)², summed over the batch.
public enum LossScale: String, Codable, Sendable, CaseIterable {
  /// c = 2: the plain sum of squares of the reference code (the default).
  case sse
  /// c = 1: the paper's ½‖Y − out‖².
  case halfSSE = "half-sse"

  /// The factor c.
  public var factor: Float { self == .sse ? 2 : 1 }
}

/// Batch buffers and passes of the equivalent network. The batch is split into contiguous
/// sample ranges, one per worker thread; each worker runs single-threaded GEMMs on its range
/// with its own scratch, and the weight gradients of the ranges are summed at the end.
public final class EquivalentNetwork: @unchecked Sendable {
  public let layers: [LayerInfo]
  public let batch: Int
  public let workers: Int
  /// act[0]: signed input spike counts; act[l+1]: output spike counts of layer l as the
  /// spiking forward counted them (for max pools Σ_t maxpool(o[t])). Each [B][n].
  private let activations: [UnsafeMutablePointer<Float>]
  /// fi[l]: accumulated input current of layer l, [B][n_out]; for the output layer, mem; for
  /// a max pool, maxpool(Σ_t o[t]), the max of the counts, which the layer after it uses for
  /// its weight gradient and routes δ through (its FI comes from act[l+1]).
  private let inputFlows: [UnsafeMutablePointer<Float>]
  /// Conv layers: im2col of their input, [B·P][K].
  private let columns: [UnsafeMutablePointer<Float>]
  /// Max pools: index into act[l] of each output's arg-max, [B][n_out].
  private let argMax: [UnsafeMutablePointer<Int32>]
  /// Per worker: two ping-pong gradient buffers [chunk][max n], one [chunk·P][K] for conv,
  /// and its partial weight gradients.
  private let deltaA: [UnsafeMutablePointer<Float>]
  private let deltaB: [UnsafeMutablePointer<Float>]
  private let deltaColumns: [UnsafeMutablePointer<Float>]
  private let partialGradients: PartialGradients
  private let sizes: [Int]

  public init(layers: [LayerInfo], batch: Int, workers: Int = 1) {
    self.layers = layers
    self.batch = batch
    self.workers = max(1, min(workers, batch))
    sizes = [layers[0].inputShape.count] + layers.map { $0.outputShape.count }
    activations = sizes.map { .allocate(capacity: batch * $0) }
    for (a, n) in sizes.enumerated() { activations[a].initialize(repeating: 0, count: batch * n) }
    inputFlows = layers.map { .allocate(capacity: batch * $0.outputShape.count) }
    var maxColumns = 1
    columns = layers.map { layer in
      if case .conv(let g) = layer.kind {
        maxColumns = max(maxColumns, g.positions * g.patchSize)
        return .allocate(capacity: batch * g.positions * g.patchSize)
      }
      return .allocate(capacity: 1)
    }
    argMax = layers.map { layer in
      if case .maxPool = layer.kind { return .allocate(capacity: batch * layer.outputShape.count) }
      return .allocate(capacity: 1)
    }
    let chunk = (batch + self.workers - 1) / self.workers
    let maxActivation = sizes.max() ?? 1
    deltaA = (0..<self.workers).map { _ in .allocate(capacity: chunk * maxActivation) }
    deltaB = (0..<self.workers).map { _ in .allocate(capacity: chunk * maxActivation) }
    deltaColumns = (0..<self.workers).map { _ in .allocate(capacity: chunk * maxColumns) }
    partialGradients = PartialGradients(layers: layers, workers: self.workers)
  }

  deinit {
    for pointer in activations { pointer.deallocate() }
    for pointer in inputFlows { pointer.deallocate() }
    for pointer in columns { pointer.deallocate() }
    for pointer in argMax { pointer.deallocate() }
    for pointer in deltaA { pointer.deallocate() }
    for pointer in deltaB { pointer.deallocate() }
    for pointer in deltaColumns { pointer.deallocate() }
  }

  /// Activation a (0 = input counts, l+1 = output counts of layer l), [B][n].
  public func activation(_ a: Int) -> UnsafeMutableBufferPointer<Float> {
    UnsafeMutableBufferPointer(start: activations[a], count: batch * sizes[a])
  }

  /// The accumulated input current FI of layer l ([B][n_out]); the output layer's is mem.
  public func inputFlow(_ l: Int) -> UnsafeMutableBufferPointer<Float> {
    UnsafeMutableBufferPointer(start: inputFlows[l], count: batch * sizes[l + 1])
  }

  /// Computes FI of every layer from the counts: FI^l = op_l(act[l]) with GEMMs for conv and
  /// linear. A max pool gets maxpool(act[l]) and its arg-max. The layer after a max pool takes
  /// its FI from the forward's max-pool spike counts, Σ_t W·maxpool(o[t]) (the current it
  /// really received), but keeps the max of the counts for its weight gradient.
  public func forward(weights: [[Float]], samples: Int? = nil) {
    let b = samples ?? batch
    weights.withUnsafePointers { w in
      nonisolated(unsafe) let w = w
      splitSamples(b, workers: workers) { _, first, end in
        forward(weights: w, first: first, end: end)
      }
    }
  }

  private func forward(weights: [UnsafePointer<Float>], first: Int, end: Int) {
    let b = end - first
    guard b > 0 else { return }
    for (l, layer) in layers.enumerated() {
      let input = UnsafePointer(activations[l] + first * sizes[l])
      let fi = inputFlows[l] + first * sizes[l + 1]
      switch layer.kind {
      case .conv(let g):
        let col = columns[l] + first * g.positions * g.patchSize
        g.im2col(input, batch: b, into: col)
        BLAS.gemm(
          m: b * g.positions, n: g.outChannels, k: g.patchSize, a: col, b: weights[l], c: fi)
        if l > 0, case .maxPool = layers[l - 1].kind {
          g.im2col(gradientInput(layer: l, first: first), batch: b, into: col)
        }
      case .linear:
        let (rows, cols) = layer.weightShape
        BLAS.gemm(m: b, n: cols, k: rows, a: input, b: weights[l], c: fi)
      case .avgPool(let size):
        averagePool(layer, size: size, input: input, output: fi, samples: b)
      case .maxPool(let size):
        maxPool(
          layer, size: size, input: input, output: fi, argMax: argMax[l] + first * sizes[l + 1],
          samples: b)
      }
    }
  }

  /// The input of layer l's weight gradient for samples from `first`: its input counts act[l],
  /// or after a max pool the max of the counts below it (the pool's fi).
  private func gradientInput(layer l: Int, first: Int) -> UnsafePointer<Float> {
    if l > 0, case .maxPool = layers[l - 1].kind {
      return UnsafePointer(inputFlows[l - 1] + first * sizes[l])
    }
    return UnsafePointer(activations[l] + first * sizes[l])
  }

  /// Recomputes and smooths the scale factor of every layer with neurons from this batch.
  public func updateScaleFactors(_ network: inout Network, samples: Int? = nil) {
    let b = samples ?? batch
    for (l, layer) in layers.enumerated() where layer.hasScaleFactor {
      let n = b * layer.outputShape.count
      var masked = true
      if case .avgPool = layer.kind { masked = false }
      let new = ScaleFactorRule.measure(
        outputFlow: UnsafeBufferPointer(start: activations[l + 1], count: n),
        inputFlow: UnsafeBufferPointer(start: inputFlows[l], count: n), masked: masked)
      network.scaleFactors[l] = ScaleFactorRule.smoothed(old: network.scaleFactors[l], new: new)
    }
  }

  /// The loss of the batch against one-hot `labels`, and the number of correct predictions
  /// (arg-max of mem). Requires `forward` first.
  public func lossAndCorrect(network: Network, labels: [Int], loss scale: LossScale) -> (
    loss: Float, correct: Int
  ) {
    let out = layers[layers.count - 1].outputShape.count
    let mem = inputFlows[layers.count - 1]
    let norm = 1 / (network.outputThreshold * Float(network.timeSteps))
    var loss: Float = 0
    var correct = 0
    for b in 0..<labels.count {
      var best = 0
      for j in 0..<out {
        let diff = mem[b * out + j] * norm - (j == labels[b] ? 1 : 0)
        loss += diff * diff
        if mem[b * out + j] > mem[b * out + best] { best = j }
      }
      if best == labels[b] { correct += 1 }
    }
    return (loss * scale.factor / 2, correct)
  }

  /// Back-propagates the loss once through the equivalent network and adds ∂L/∂W to
  /// `gradients` (callers zero them). Uses the scale factors in `network` and the FI masks.
  public func backward(
    network: Network, labels: [Int], loss scale: LossScale, gradients: inout [[Float]]
  ) {
    network.weights.withUnsafePointers { weights in
      nonisolated(unsafe) let weights = weights
      partialGradients.accumulate(samples: labels.count, into: &gradients) { w, first, end in
        backward(
          network: network, weights: weights, labels: labels, scale: scale, worker: w,
          first: first, end: end)
      }
    }
  }

  private func backward(
    network: Network, weights: [UnsafePointer<Float>], labels: [Int], scale: LossScale,
    worker: Int, first: Int, end: Int
  ) {
    let b = end - first
    guard b > 0 else { return }
    let last = layers.count - 1
    let out = sizes[last + 1]
    let mem = inputFlows[last] + first * out
    var delta = deltaA[worker]
    var spare = deltaB[worker]
    outputGradient(
      network: network, mem: mem, labels: labels[first..<end], scale: scale, into: delta)
    for l in stride(from: last, through: 0, by: -1) {
      let layer = layers[l]
      let n = sizes[l + 1]
      let input = gradientInput(layer: l, first: first)
      let needInputGradient = l > 0
      let dw = partialGradients.of(worker: worker, layer: l)
      if layer.hasScaleFactor {
        // ∂L/∂FI = ∂L/∂FO · S · 1[FI > 0]
        let s = network.scaleFactors[l]
        let fi = inputFlows[l] + first * n
        for i in 0..<(b * n) { delta[i] = fi[i] > 0 ? delta[i] * s : 0 }
      }
      switch layer.kind {
      case .conv(let g):
        let col = columns[l] + first * g.positions * g.patchSize
        BLAS.gemm(
          m: g.patchSize, n: g.outChannels, k: b * g.positions, a: col, transposeA: true,
          b: delta, c: dw, beta: 1)
        if needInputGradient {
          BLAS.gemm(
            m: b * g.positions, n: g.patchSize, k: g.outChannels, a: delta, b: weights[l],
            transposeB: true, c: deltaColumns[worker])
          spare.update(repeating: 0, count: b * sizes[l])
          g.col2im(deltaColumns[worker], batch: b, into: spare)
        }
      case .linear:
        let (rows, cols) = layer.weightShape
        BLAS.gemm(m: rows, n: cols, k: b, a: input, transposeA: true, b: delta, c: dw, beta: 1)
        if needInputGradient {
          BLAS.gemm(m: b, n: rows, k: cols, a: delta, b: weights[l], transposeB: true, c: spare)
        }
      case .avgPool(let size):
        averagePoolBackward(layer, size: size, gradient: delta, into: spare, samples: b)
      case .maxPool:
        spare.update(repeating: 0, count: b * sizes[l])
        let index = argMax[l] + first * n
        let inCount = sizes[l]
        for s in 0..<b {
          for j in 0..<n { spare[s * inCount + Int(index[s * n + j])] += delta[s * n + j] }
        }
      }
      swap(&delta, &spare)
    }
  }
}

/// ∂L/∂mem = c · (mem·norm − Y) · norm with norm = 1/(Vth·T), for the samples of `labels`
/// (`mem` and `delta`: [labels.count][classes]).
func outputGradient(
  network: Network, mem: UnsafePointer<Float>, labels: ArraySlice<Int>, scale: LossScale,
  into delta: UnsafeMutablePointer<Float>
) {
  let out = network.classCount
  let norm = 1 / (network.outputThreshold * Float(network.timeSteps))
  for (s, label) in labels.enumerated() {
    for j in 0..<out {
      let target: Float = j == label ? 1 : 0
      delta[s * out + j] = scale.factor * (mem[s * out + j] * norm - target) * norm
    }
  }
}

/// y = mean of each size×size window of x, per channel (channels-last).
func averagePool(
  _ layer: LayerInfo, size: Int, input x: UnsafePointer<Float>,
  output y: UnsafeMutablePointer<Float>,
  samples: Int
) {
  let (h, w, c) = (layer.inputShape.height, layer.inputShape.width, layer.inputShape.channels)
  let (oh, ow) = (h / size, w / size)
  let share = 1 / Float(size * size)
  y.update(repeating: 0, count: samples * oh * ow * c)
  for b in 0..<samples {
    for iy in 0..<(oh * size) {
      for ix in 0..<(ow * size) {
        let src = x + ((b * h + iy) * w + ix) * c
        let dst = y + ((b * oh + iy / size) * ow + ix / size) * c
        for ch in 0..<c { dst[ch] += share * src[ch] }
      }
    }
  }
}

/// dx[window] = dy / size² (the transpose of `averagePool`); overwrites dx (inputs outside
/// every whole window get 0).
func averagePoolBackward(
  _ layer: LayerInfo, size: Int, gradient dy: UnsafePointer<Float>,
  into dx: UnsafeMutablePointer<Float>, samples: Int
) {
  let (h, w, c) = (layer.inputShape.height, layer.inputShape.width, layer.inputShape.channels)
  let (oh, ow) = (h / size, w / size)
  let share = 1 / Float(size * size)
  for b in 0..<samples {
    for iy in 0..<h {
      for ix in 0..<w {
        let dst = dx + ((b * h + iy) * w + ix) * c
        guard iy / size < oh, ix / size < ow else {
          dst.update(repeating: 0, count: c)
          continue
        }
        let src = dy + ((b * oh + iy / size) * ow + ix / size) * c
        for ch in 0..<c { dst[ch] = share * src[ch] }
      }
    }
  }
}

/// y = max of each window per channel; argMax holds the winning input index (first on ties).
func maxPool(
  _ layer: LayerInfo, size: Int, input x: UnsafePointer<Float>,
  output y: UnsafeMutablePointer<Float>,
  argMax: UnsafeMutablePointer<Int32>, samples: Int
) {
  let (h, w, c) = (layer.inputShape.height, layer.inputShape.width, layer.inputShape.channels)
  let (oh, ow) = (h / size, w / size)
  let inCount = h * w * c
  let outCount = oh * ow * c
  for b in 0..<samples {
    for oy in 0..<oh {
      for ox in 0..<ow {
        for ch in 0..<c {
          var best = -Float.infinity
          var bestIndex = 0
          for dy in 0..<size {
            for dx in 0..<size {
              let i = ((oy * size + dy) * w + ox * size + dx) * c + ch
              let v = x[b * inCount + i]
              if v > best {
                best = v
                bestIndex = i
              }
            }
          }
          let o = (oy * ow + ox) * c + ch
          y[b * outCount + o] = best
          argMax[b * outCount + o] = Int32(bestIndex)
        }
      }
    }
  }
}
