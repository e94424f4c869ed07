// The per-step state that BPTT must keep, and the backward pass through time over it.
// Legend: B batch, T time steps, n neurons of a layer, P output positions of a conv,
// K its patch size, O its out-channels. Every store is [B][T][n], so the rows (b, t) of a
// worker's samples are contiguous and time folds into the GEMMs (M or K = rows).
//
// Model (hidden layer l with neurons, threshold V, leak λ; I = the layer's op on o^{l−1}):
//   u_t = λ·u_{t−1}·(1 − o_{t−1}) + I_t,   o_t = f(u_t)
// and the output layer accumulates mem = Σ_t W^N·o^{N−1}_t. The backward pass differentiates
// this recurrence exactly, with f' replaced by the boxcar surrogate (1/V)·1[|u − V| < V/2].
// With f = the ramp clamp((u − V)/V + ½, 0, 1) that surrogate is f's true derivative, which
// is how the tests check the backward against finite differences.
// After the backward the stores hold gradients, not states (they are overwritten in place).

import Foundation

/// The spike nonlinearity o = f(u) the backward pass assumes the forward used.
public enum SpikeFunction: Sendable {
  /// The engine's: o = 1[u > V] (strictly above); its derivative is replaced by the boxcar
  /// surrogate, which stays centred on V.
  case heaviside
  /// o = clamp((u − V)/V + ½, 0, 1), whose derivative is exactly the boxcar surrogate; the
  /// smooth model used to check gradients with finite differences.
  case ramp

  @inline(__always)
  func value(_ u: Float, threshold v: Float) -> Float {
    switch self {
    case .heaviside: u > v ? 1 : 0
    case .ramp: min(1, max(0, (u - v) / v + 0.5))
    }
  }
}

/// The surrogate derivative of a spike with respect to its membrane: (1/V)·1[|u − V| < V/2].
@inline(__always)
func surrogateDerivative(_ u: Float, threshold v: Float) -> Float {
  abs(u - v) < 0.5 * v ? 1 / v : 0
}

/// The per-step state of a batch (inputs, membranes, spikes) and the scratch of its
/// backward pass: views of the batch's arena (BufferPlan), laid out once per (batch, T).
final class TimeTrace: @unchecked Sendable {
  let layers: [LayerInfo]
  let batch: Int
  let steps: Int
  let workers: Int
  /// n of activation a: a = 0 the input, a = l+1 the output of layer l.
  let sizes: [Int]
  /// Signed input spikes, [B][T][n_in].
  let input: UnsafeMutablePointer<Float>
  /// Per hidden layer with neurons: u_t before the threshold test, [B][T][n]; nil for max pools.
  let membranes: [UnsafeMutablePointer<Float>?]
  /// Per hidden layer: o_t, [B][T][n].
  let outputs: [UnsafeMutablePointer<Float>]
  /// Per worker: conv columns and their gradients [rows·P][K], small per-sample vectors, arg-max
  /// indices, and partial weight gradients.
  private let columns: [UnsafeMutablePointer<Float>]
  private let columnGradients: [UnsafeMutablePointer<Float>]
  private let sampleVectors: [UnsafeMutablePointer<Float>]
  private let winners: [UnsafeMutablePointer<Int32>]
  private let partialGradients: PartialGradients
  /// Per layer: how many rows (b, t) one conv im2col chunk holds.
  private let chunkRows: [Int]
  /// Keeps the arena the views point into.
  private let arena: BufferArena

  /// Floats of per-step state for `batch` samples over `steps` steps (what grows with T).
  static func stateFloats(layers: [LayerInfo], batch: Int, steps: Int) -> Int {
    var perStep = layers[0].inputShape.count
    for layer in layers.dropLast() {
      perStep += layer.outputShape.count * (layer.hasNeurons ? 2 : 1)
    }
    return perStep * batch * steps
  }

  /// Views of `arena`, whose plan must be a BPTT plan.
  init(arena: BufferArena, partials: PartialGradients) {
    let plan = arena.plan
    guard let slices = plan.trace else {
      preconditionFailure("TimeTrace: the buffer plan is for \(plan.method), not BPTT")
    }
    self.arena = arena
    layers = plan.layers
    batch = plan.batch
    steps = plan.steps
    workers = plan.workers
    sizes = plan.sizes
    input = arena.floats(slices.input)
    membranes = slices.membranes.map { $0.map(arena.floats) }
    outputs = slices.outputs.map(arena.floats)
    columns = slices.columns.map(arena.floats)
    columnGradients = slices.columnGradients.map(arena.floats)
    sampleVectors = slices.sampleVectors.map(arena.floats)
    winners = slices.winners.map(arena.integers)
    chunkRows = slices.chunkRows
    partialGradients = partials
  }

  /// A trace with an arena of its own for `batch` samples over `steps` steps.
  convenience init(layers: [LayerInfo], batch: Int, steps: Int, workers: Int) {
    let arena = BufferArena(
      plan: BufferPlan(layers: layers, batch: batch, steps: steps, method: .bptt, workers: workers))
    self.init(arena: arena, partials: PartialGradients(arena: arena))
  }

  /// Activation a's store: the input (a = 0) or hidden layer a−1's spikes, [B][T][n_a].
  func activation(_ a: Int) -> UnsafeMutablePointer<Float> {
    a == 0 ? input : outputs[a - 1]
  }

  /// Where the forward writes sample `s`'s per-step state.
  func forwardTrace(sample s: Int) -> ForwardTrace {
    ForwardTrace(
      input: input + s * steps * sizes[0],
      membranes: membranes.enumerated().map { l, pointer in
        pointer.map { $0 + s * steps * sizes[l + 1] }
      },
      outputs: outputs.enumerated().map { l, pointer in pointer + s * steps * sizes[l + 1] })
  }

  /// Back-propagates the loss through every time step of the first `labels.count` samples and
  /// adds ∂L/∂W to `gradients` (callers zero them).
  ///
  /// - Parameters:
  ///   - mem: the output membranes mem = W^N·Σ_t o^{N−1}_t, [B][classes].
  ///   - spike: the spike function of the forward that filled the stores.
  func backward(
    network: Network, mem: UnsafePointer<Float>, labels: [Int], loss scale: LossScale,
    spike: SpikeFunction, gradients: inout [[Float]]
  ) {
    network.weights.withUnsafePointers { weights in
      nonisolated(unsafe) let weights = weights
      nonisolated(unsafe) let mem = mem
      partialGradients.accumulate(samples: labels.count, into: &gradients) {
        w, block, first, end in
        self.backward(
          network: network, weights: weights, mem: mem, labels: labels, scale: scale,
          spike: spike, worker: w, block: block, first: first, end: end)
      }
    }
  }

  /// One block of samples first..<end (with worker `worker`'s scratch): the output layer, then every hidden layer from the top:
  /// its recurrence backwards in time (neurons), then its op (weights, input gradient).
  private func backward(
    network: Network, weights: [UnsafePointer<Float>], mem: UnsafePointer<Float>,
    labels: [Int], scale: LossScale, spike: SpikeFunction, worker: Int, block: Int,
    first: Int, end: Int
  ) {
    let b = end - first
    guard b > 0 else { return }
    let rows = b * steps
    let last = layers.count - 1
    let classes = sizes[last + 1]
    let below = sizes[last]
    // Output layer: mem = W^N·FO, FO = Σ_t o_t. δmem, dW^N = FOᵀ·δmem, and ∂L/∂o_t = W^N·δmem
    // for every t, written over the spikes of the layer below.
    let flow = sampleVectors[worker]
    let deltaMem = flow + b * max(below, classes)
    let spikes = activation(last) + first * steps * below
    flow.update(repeating: 0, count: b * below)
    for s in 0..<b {
      for t in 0..<steps {
        let row = spikes + (s * steps + t) * below
        for i in 0..<below { flow[s * below + i] += row[i] }
      }
    }
    outputGradient(
      network: network, mem: mem + first * classes, labels: labels[first..<end], scale: scale,
      into: deltaMem)
    BLAS.gemm(
      m: below, n: classes, k: b, a: flow, transposeA: true, b: deltaMem,
      c: partialGradients.of(block: block, layer: last), beta: 1)
    if last > 0 {
      BLAS.gemm(
        m: b, n: below, k: classes, a: deltaMem, b: weights[last], transposeB: true, c: flow)
      for s in 0..<b {
        for t in 0..<steps {
          (spikes + (s * steps + t) * below).update(from: flow + s * below, count: below)
        }
      }
    }

    for l in stride(from: last - 1, through: 0, by: -1) {
      let layer = layers[l]
      let n = sizes[l + 1]
      let gradient = outputs[l] + first * steps * n
      // δ: ∂L/∂(the current the layer's op produces), rows × n.
      var delta = gradient
      if let membrane = membranes[l] {
        delta = membrane + first * steps * n
        backwardThroughTime(
          membrane: delta, gradient: gradient, samples: b, count: n,
          threshold: network.thresholds[l], leak: network.leak(ofLayer: l), spike: spike)
      }
      let x = activation(l) + first * steps * sizes[l]
      let inputCount = sizes[l]
      switch layer.kind {
      case .conv(let g):
        let chunk = chunkRows[l]
        var row = 0
        while row < rows {
          let count = min(chunk, rows - row)
          let xChunk = x + row * inputCount
          let dChunk = delta + row * n
          g.im2col(xChunk, batch: count, into: columns[worker])
          BLAS.gemm(
            m: g.patchSize, n: g.outChannels, k: count * g.positions, a: columns[worker],
            transposeA: true, b: dChunk, c: partialGradients.of(block: block, layer: l), beta: 1)
          if l > 0 {
            BLAS.gemm(
              m: count * g.positions, n: g.patchSize, k: g.outChannels, a: dChunk,
              b: weights[l], transposeB: true, c: columnGradients[worker])
            xChunk.update(repeating: 0, count: count * inputCount)
            g.col2im(columnGradients[worker], batch: count, into: xChunk)
          }
          row += count
        }
      case .linear:
        let (r, c) = layer.weightShape
        BLAS.gemm(
          m: r, n: c, k: rows, a: x, transposeA: true, b: delta,
          c: partialGradients.of(block: block, layer: l),
          beta: 1)
        if l > 0 {
          BLAS.gemm(m: rows, n: r, k: c, a: delta, b: weights[l], transposeB: true, c: x)
        }
      case .avgPool(let size):
        if l > 0 { averagePoolBackward(layer, size: size, gradient: delta, into: x, samples: rows) }
      case .maxPool(let size):
        // Each step's spikes pass their own window maxima: route row by row, in place.
        if l > 0 {
          for r in 0..<rows {
            let xr = x + r * inputCount
            maxPool(
              layer, size: size, input: xr, output: nil, winners: winners[worker], rows: 1)
            maxPoolBackward(
              layer, gradient: delta + r * n, winners: winners[worker], into: xr, rows: 1)
          }
        }
      }
    }
  }

  /// The recurrence of one layer backwards in time, in place: on entry `gradient` holds
  /// ∂L/∂o_t from the layers above and `membrane` holds u_t; on exit `membrane` holds
  /// δ_t = ∂L/∂u_t = ∂L/∂I_t:
  ///   ∂L/∂o_t = g_t − λ·u_t·δ_{t+1},  δ_t = ∂L/∂o_t · f'(u_t) + λ·(1 − o_t)·δ_{t+1}.
  private func backwardThroughTime(
    membrane: UnsafeMutablePointer<Float>, gradient: UnsafePointer<Float>, samples: Int,
    count n: Int, threshold v: Float, leak: Float, spike: SpikeFunction
  ) {
    for s in 0..<samples {
      let base = s * steps * n
      for t in stride(from: steps - 1, through: 0, by: -1) {
        let u = membrane + base + t * n
        let g = gradient + base + t * n
        if t == steps - 1 {
          for i in 0..<n { u[i] = g[i] * surrogateDerivative(u[i], threshold: v) }
          continue
        }
        let next = UnsafePointer(membrane + base + (t + 1) * n)
        for i in 0..<n {
          let ui = u[i]
          let carried = leak * next[i]
          let o = spike.value(ui, threshold: v)
          u[i] = (g[i] - ui * carried) * surrogateDerivative(ui, threshold: v) + (1 - o) * carried
        }
      }
    }
  }
}
