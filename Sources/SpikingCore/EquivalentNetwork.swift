// The equivalent network of ASF-BP for one batch: from the accumulated spike counts FO (in
// BatchActivations) it recovers the accumulated input currents FI = W·FO (exact, since
// currents are linear in spikes), updates the scale factors, and back-propagates once
// through FO^n ≈ S^n · 1[FI^n > 0] · FI^n. Legend: B batch, n neurons of a layer,
// P positions, K patch size, O out-channels. Activations are [B][n] channels-last; every
// buffer is a view of the batch's arena (BufferPlan), sized once per batch shape.

import Foundation

/// Batch buffers and passes of the equivalent network. The batch is split into fixed blocks
/// of `BufferPlan.gradientBlock` samples, spread over the worker threads; each block runs
/// single-threaded GEMMs with its worker's scratch, and the blocks' weight gradients are
/// summed in block order, so the result does not depend on the number of workers.
public final class EquivalentNetwork: @unchecked Sendable {
  public let layers: [LayerInfo]
  public let batch: Int
  public let workers: Int
  /// The batch's counts and flows this network reads and fills.
  public let flows: BatchActivations
  /// Conv layers: im2col of their input, [B·P][K].
  private let columns: [UnsafeMutablePointer<Float>]
  /// Max pools: index into act[l] of each output's arg-max, [B][n_out].
  private let argMax: [UnsafeMutablePointer<Int32>]
  /// Per worker: two ping-pong gradient buffers [block][max n] and one [block·P][K] for conv.
  private let deltaA: [UnsafeMutablePointer<Float>]
  private let deltaB: [UnsafeMutablePointer<Float>]
  private let deltaColumns: [UnsafeMutablePointer<Float>]
  private let partialGradients: PartialGradients
  private let sizes: [Int]
  /// Keeps the arena the views point into.
  private let arena: BufferArena
  /// The plan gave the backward's scratch (plans for BPTT leave it out).
  private let canPropagate: Bool

  /// Views of `arena` (laid out by its plan) over the counts and flows in `flows`.
  init(arena: BufferArena, flows: BatchActivations, partials: PartialGradients) {
    let plan = arena.plan
    self.arena = arena
    layers = plan.layers
    batch = plan.batch
    workers = plan.workers
    self.flows = flows
    sizes = plan.sizes
    columns = plan.columns.map(arena.floats)
    argMax = plan.argMax.map(arena.integers)
    deltaA = plan.deltaA.map(arena.floats)
    deltaB = plan.deltaB.map(arena.floats)
    deltaColumns = plan.deltaColumns.map(arena.floats)
    partialGradients = partials
    canPropagate = plan.method.goesBackThroughFlows
  }

  /// An equivalent network with buffers of its own for `batch` samples.
  public convenience init(layers: [LayerInfo], batch: Int, workers: Int = 1) {
    let arena = BufferArena(
      plan: BufferPlan(layers: layers, batch: batch, steps: 1, method: .asfBP, workers: workers))
    self.init(
      arena: arena, flows: BatchActivations(arena: arena), partials: PartialGradients(arena: arena))
  }

  /// Computes FI of every layer from the counts: FI^l = op_l(act[l]) with GEMMs for conv and
  /// linear. A max pool gets maxpool(act[l]) and its arg-max. The layer after a max pool takes
  /// its FI from the forward's max-pool spike counts, Σ_t W·maxpool(o[t]) (the current it
  /// really received), but keeps the max of the counts for its weight gradient.
  public func forward(weights: [[Float]], samples: Int? = nil) {
    let b = samples ?? batch
    precondition(
      b <= batch && weights.count == layers.count,
      "EquivalentNetwork.forward: \(b) samples and \(weights.count) weight tensors for buffers of \(batch) samples and \(layers.count) layers"
    )
    weights.withUnsafePointers { w in
      nonisolated(unsafe) let w = w
      forEachBlock(b, workers: workers) { _, _, first, end in
        forward(weights: w, first: first, end: end)
      }
    }
  }

  private func forward(weights: [UnsafePointer<Float>], first: Int, end: Int) {
    let b = end - first
    guard b > 0 else { return }
    for (l, layer) in layers.enumerated() {
      let input = UnsafePointer(flows.activations[l] + first * sizes[l])
      let fi = flows.inputFlows[l] + first * sizes[l + 1]
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
          layer, size: size, input: input, output: fi, winners: argMax[l] + first * sizes[l + 1],
          rows: b)
      }
    }
  }

  /// The input of layer l's weight gradient for samples from `first`: its input counts act[l],
  /// or after a max pool the max of the counts below it (the pool's fi).
  private func gradientInput(layer l: Int, first: Int) -> UnsafePointer<Float> {
    if l > 0, case .maxPool = layers[l - 1].kind {
      return UnsafePointer(flows.inputFlows[l - 1] + first * sizes[l])
    }
    return UnsafePointer(flows.activations[l] + first * sizes[l])
  }

  /// Recomputes and smooths the scale factor of every layer with neurons from this batch.
  public func updateScaleFactors(_ network: inout Network, samples: Int? = nil) {
    let b = samples ?? batch
    let switches = network.switches
    if switches.scaleMode == .neuron, network.neuronScaleFactors.count != layers.count {
      network.neuronScaleFactors = layers.map {
        $0.hasScaleFactor ? [Float](repeating: 1, count: $0.outputShape.count) : []
      }
    }
    for (l, layer) in layers.enumerated() where layer.hasScaleFactor {
      let neurons = layer.outputShape.count
      let n = b * neurons
      var masked = true
      if case .avgPool = layer.kind { masked = false }
      let fo = UnsafeBufferPointer(start: flows.activations[l + 1], count: n)
      let fi = UnsafeBufferPointer(start: flows.inputFlows[l], count: n)
      switch switches.scaleMode {
      case .layer:
        let new = ScaleFactorRule.measure(outputFlow: fo, inputFlow: fi, masked: masked)
        network.scaleFactors[l] = ScaleFactorRule.smoothed(
          old: network.scaleFactors[l], new: new, weight: switches.smoothing)
      case .neuron:
        let new = ScaleFactorRule.measurePerNeuron(
          outputFlow: fo, inputFlow: fi, neurons: neurons, masked: masked)
        for i in 0..<neurons {
          network.neuronScaleFactors[l][i] = ScaleFactorRule.smoothed(
            old: network.neuronScaleFactors[l][i], new: new[i], weight: switches.smoothing)
        }
        network.scaleFactors[l] = network.neuronScaleFactors[l].reduce(0, +) / Float(neurons)
      case .fixed:
        network.scaleFactors[l] = 1 / network.thresholds[l]
      case .none:
        network.scaleFactors[l] = 1
      case .frozen:
        continue
      }
    }
  }

  /// Back-propagates the loss once through the equivalent network and adds ∂L/∂W to
  /// `gradients` (callers zero them). Uses the scale factors in `network` and the FI masks,
  /// or (rate-BP) each neuron's ∂rate/∂(mean input) in `eligibility` ([B][n] per layer).
  public func backward(
    network: Network, labels: [Int], loss scale: LossScale, gradients: inout [[Float]],
    eligibility: [UnsafeMutablePointer<Float>?]? = nil
  ) {
    precondition(canPropagate, "EquivalentNetwork.backward: these buffers were planned for BPTT")
    precondition(
      labels.count <= batch,
      "EquivalentNetwork.backward: \(labels.count) labels for buffers of \(batch) samples")
    network.weights.withUnsafePointers { weights in
      nonisolated(unsafe) let weights = weights
      nonisolated(unsafe) let eligibility = eligibility
      partialGradients.accumulate(samples: labels.count, into: &gradients) {
        w, block, first, end in
        backward(
          network: network, weights: weights, labels: labels, scale: scale,
          eligibility: eligibility, worker: w, block: block, first: first, end: end)
      }
    }
  }

  private func backward(
    network: Network, weights: [UnsafePointer<Float>], labels: [Int], scale: LossScale,
    eligibility: [UnsafeMutablePointer<Float>?]?, worker: Int, block: Int, first: Int, end: Int
  ) {
    let b = end - first
    guard b > 0 else { return }
    let last = layers.count - 1
    let out = sizes[last + 1]
    let mem = flows.inputFlows[last] + first * out
    var delta = deltaA[worker]
    var spare = deltaB[worker]
    outputGradient(
      network: network, mem: mem, labels: labels[first..<end], scale: scale, into: delta)
    for l in stride(from: last, through: 0, by: -1) {
      let layer = layers[l]
      let n = sizes[l + 1]
      let input = gradientInput(layer: l, first: first)
      let needInputGradient = l > 0
      let dw = partialGradients.of(block: block, layer: l)
      if let rows = eligibility?[l] {
        // Rate-BP: ∂L/∂FI = ∂L/∂FO · ∂rate/∂(mean input), neuron by neuron.
        let slopes = rows + first * n
        for i in 0..<(b * n) { delta[i] *= slopes[i] }
      } else if layer.hasScaleFactor {
        // ∂L/∂FI = ∂L/∂FO · S · 1[FI > 0] (S per neuron, or the mask off, when switched)
        let fi = flows.inputFlows[l] + first * n
        let masked = network.switches.mask
        if network.switches.scaleMode == .neuron, network.neuronScaleFactors.indices.contains(l),
          network.neuronScaleFactors[l].count == n
        {
          network.neuronScaleFactors[l].withUnsafeBufferPointer { s in
            for row in stride(from: 0, to: b * n, by: n) {
              if masked {
                for i in 0..<n { delta[row + i] = fi[row + i] > 0 ? delta[row + i] * s[i] : 0 }
              } else {
                for i in 0..<n { delta[row + i] *= s[i] }
              }
            }
          }
        } else {
          let s = network.scaleFactors[l]
          if masked {
            for i in 0..<(b * n) { delta[i] = fi[i] > 0 ? delta[i] * s : 0 }
          } else {
            for i in 0..<(b * n) { delta[i] *= s }
          }
        }
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
        maxPoolBackward(
          layer, gradient: delta, winners: argMax[l] + first * n, into: spare, rows: b)
      }
      swap(&delta, &spare)
    }
  }
}
