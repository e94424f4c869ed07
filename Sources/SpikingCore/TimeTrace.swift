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
  let columns: [UnsafeMutablePointer<Float>]
  let columnGradients: [UnsafeMutablePointer<Float>]
  let sampleVectors: [UnsafeMutablePointer<Float>]
  let winners: [UnsafeMutablePointer<Int32>]
  let partialGradients: PartialGradients
  /// Per layer: how many rows (b, t) one conv im2col chunk holds.
  let chunkRows: [Int]
  /// OTTT and SLTT keep a window of rows per worker instead of the batch's [B][T] rows:
  /// worker w's block of G samples × `BufferPlan.onlineWindow` rows, and per hidden layer the
  /// block's membranes between windows [G][n] (`saved`); OTTT per layer also the presynaptic
  /// traces carried between windows [G][n_l] (`carries`, nil where no trace is read).
  let blockRows: Int
  let saved: [[UnsafeMutablePointer<Float>]]
  let carries: [[UnsafeMutablePointer<Float>?]]
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

  /// Views of `arena`, whose plan must be one of a method that keeps rows (BPTT, OTTT, SLTT).
  init(arena: BufferArena, partials: PartialGradients) {
    let plan = arena.plan
    guard let slices = plan.trace else {
      preconditionFailure("TimeTrace: the buffer plan is for \(plan.method), which keeps no rows")
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
    blockRows = plan.chunk * BufferPlan.onlineWindow
    saved = slices.saved.map { $0.map(arena.floats) }
    carries = slices.carries.map { $0.map { $0.map(arena.floats) } }
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
    rows(first: s, end: s + 1).sample(0)
  }

  /// Back-propagates the loss through every time step of the first `labels.count` samples and
  /// adds ∂L/∂W to `gradients` (callers zero them).
  ///
  /// - Parameters:
  ///   - mem: the output membranes mem = W^N·Σ_t o^{N−1}_t, [B][classes].
  ///   - spike: the spike function of the forward that filled the stores.
  ///   - perStep: the mean over T of each step's loss instead of the loss on mem.
  func backward(
    network: Network, mem: UnsafePointer<Float>, labels: [Int], loss scale: LossScale,
    spike: SpikeFunction, perStep: Bool = false, gradients: inout [[Float]]
  ) {
    network.weights.withUnsafePointers { weights in
      nonisolated(unsafe) let weights = weights
      nonisolated(unsafe) let mem = mem
      partialGradients.accumulate(samples: labels.count, into: &gradients) {
        w, block, first, end in
        self.backward(
          rows: self.rows(first: first, end: end), network: network, weights: weights,
          loss: perStep ? .perStep : .accumulated(mem: mem + first * network.classCount),
          labels: labels[first..<end],
          scale: scale, rule: TraceRule(temporal: true, spike: spike), worker: w, block: block)
      }
    }
  }

  /// OTTT and SLTT: worker w's window of `samples` samples × `steps` rows (steps ≤ the window).
  func rows(worker w: Int, samples: Int, steps: Int) -> TraceRows {
    TraceRows(
      input: input + w * blockRows * sizes[0],
      membranes: membranes.enumerated().map { l, pointer in
        pointer.map { $0 + w * blockRows * sizes[l + 1] }
      },
      outputs: outputs.enumerated().map { l, pointer in pointer + w * blockRows * sizes[l + 1] },
      samples: samples, steps: steps, sizes: sizes)
  }

  /// Where the forward writes the rows of sample `s` (its place in the block) of a window of
  /// `steps` rows that worker w keeps.
  func forwardTrace(worker w: Int, sample s: Int, steps: Int) -> ForwardTrace {
    rows(worker: w, samples: s + 1, steps: steps).sample(s)
  }

  /// The rows of samples first..<end in the batch's stores.
  func rows(first: Int, end: Int) -> TraceRows {
    TraceRows(
      input: input + first * steps * sizes[0],
      membranes: membranes.enumerated().map { l, pointer in
        pointer.map { $0 + first * steps * sizes[l + 1] }
      },
      outputs: outputs.enumerated().map { l, pointer in pointer + first * steps * sizes[l + 1] },
      samples: end - first, steps: steps, sizes: sizes)
  }
}
