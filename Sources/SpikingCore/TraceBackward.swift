// The backward pass over stored per-step rows, shared by the methods that keep such rows:
// BPTT (every step of the batch, through time), SLTT (a few steps at a time, each step on its
// own) and OTTT (like SLTT, with presynaptic traces in the weight gradients). Legend as in
// TimeTrace: rows (b, t) of a block, n neurons, P positions, K patch size, O out-channels.
//
// Per step t of a hidden layer l (u_t its membrane before the threshold test, g_t = ∂L/∂o_t
// from the layers above, f' the boxcar surrogate):
//   BPTT:       δ_t = (g_t − λ·u_t·δ_{t+1})·f'(u_t) + λ·(1 − o_t)·δ_{t+1}   (TimeTrace)
//   SLTT, OTTT: δ_t = g_t·f'(u_t)                 (the temporal paths dropped)
//   ∂L/∂W^l = Σ_t δ_t ⊗ x_t, where x_t is the layer's input o^{l−1}_t (BPTT, SLTT) or its
//   presynaptic trace â_t = λ_l·â_{t−1} + o^{l−1}_t (OTTT), and ∂L/∂o^{l−1}_t = W^lᵀ·δ_t.

import Foundation

/// The rows (b, t) of one block of samples in a trace's stores, `steps` rows per sample.
struct TraceRows {
  let input: UnsafeMutablePointer<Float>
  /// Per hidden layer; nil for layers without neurons (max pools).
  let membranes: [UnsafeMutablePointer<Float>?]
  let outputs: [UnsafeMutablePointer<Float>]
  let samples: Int
  let steps: Int
  /// n of activation a.
  let sizes: [Int]

  /// Activation a's rows: the input (a = 0) or hidden layer a−1's spikes.
  func activation(_ a: Int) -> UnsafeMutablePointer<Float> { a == 0 ? input : outputs[a - 1] }

  /// Where the forward writes the rows of sample `s` of these rows.
  func sample(_ s: Int) -> ForwardTrace {
    let offset = s * steps
    return ForwardTrace(
      input: input + offset * sizes[0],
      membranes: membranes.enumerated().map { l, pointer in
        pointer.map { $0 + offset * sizes[l + 1] }
      },
      outputs: outputs.enumerated().map { l, pointer in pointer + offset * sizes[l + 1] })
  }
}

/// Which loss the rows' backward starts from.
enum TraceLoss {
  /// The loss on mem = W^N·Σ_t o^{N−1}_t of all T steps (BPTT), the block's [b][classes].
  case accumulated(mem: UnsafePointer<Float>)
  /// The mean over the T steps of each step's loss on its own output W^N·o^{N−1}_t, read as
  /// mem/T (OTTT, SLTT): these rows' share of it.
  case perStep
}

/// How a method goes back through the rows.
struct TraceRule {
  /// Through time (BPTT) or each step on its own (SLTT, OTTT).
  var temporal: Bool
  var spike: SpikeFunction = .heaviside
  /// OTTT: per activation, the block's presynaptic traces [b][n] carried from the rows before
  /// (nil where no hidden weight layer reads the activation, and for the other methods).
  var carries: [UnsafeMutablePointer<Float>?]? = nil
  /// Whether these rows begin at step 0 (the carries start at zero).
  var fromStart = true
}

extension TimeTrace {
  /// One block of rows (with worker `worker`'s scratch and gradient block `block`): the
  /// output layer, then every hidden layer from the top: its neurons (through time or step by
  /// step), then its op (weights, input gradient). The stores hold gradients afterwards.
  func backward(
    rows block: TraceRows, network: Network, weights: [UnsafePointer<Float>], loss: TraceLoss,
    labels: ArraySlice<Int>, scale: LossScale, rule: TraceRule, worker: Int, block index: Int
  ) {
    let b = block.samples
    guard b > 0, block.steps > 0 else { return }
    let steps = block.steps
    let rows = b * steps
    let last = layers.count - 1
    outputLayerBackward(
      block, network: network, weights: weights[last], loss: loss, labels: labels, scale: scale,
      worker: worker, gradient: partialGradients.of(block: index, layer: last))

    for l in stride(from: last - 1, through: 0, by: -1) {
      let layer = layers[l]
      let n = sizes[l + 1]
      let gradient = block.outputs[l]
      // δ: ∂L/∂(the current the layer's op produces), rows × n.
      var delta = gradient
      if let membrane = block.membranes[l] {
        delta = membrane
        let (v, leak) = (network.thresholds[l], network.leak(ofLayer: l))
        if rule.temporal {
          backwardThroughTime(
            membrane: delta, gradient: gradient, samples: b, steps: steps, count: n, threshold: v,
            leak: leak, spike: rule.spike)
        } else {
          for i in 0..<(rows * n) {
            delta[i] = gradient[i] * surrogateDerivative(delta[i], threshold: v)
          }
        }
      }
      let x = block.activation(l)
      let inputCount = sizes[l]
      if layer.hasWeights, let carry = rule.carries?[l] {
        presynapticTraces(
          x, carry: carry, samples: b, steps: steps, count: inputCount,
          leak: network.leak(ofLayer: l), fromStart: rule.fromStart)
      }
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
            transposeA: true, b: dChunk, c: partialGradients.of(block: index, layer: l), beta: 1)
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
          c: partialGradients.of(block: index, layer: l), beta: 1)
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

  /// The output layer: δ of its output, dW^N into `gradient`, and ∂L/∂o^{N−1}_t of every row
  /// written over the spikes of the layer below.
  private func outputLayerBackward(
    _ block: TraceRows, network: Network, weights: UnsafePointer<Float>, loss: TraceLoss,
    labels: ArraySlice<Int>, scale: LossScale, worker: Int,
    gradient: UnsafeMutablePointer<Float>
  ) {
    let (b, steps) = (block.samples, block.steps)
    let rows = b * steps
    let last = layers.count - 1
    let classes = sizes[last + 1]
    let below = sizes[last]
    let spikes = block.activation(last)
    let scratch = sampleVectors[worker]
    switch loss {
    case .accumulated(let mem):
      // mem = W^N·FO, FO = Σ_t o_t: δmem, dW^N = FOᵀ·δmem, and ∂L/∂o_t = W^N·δmem for every t.
      let flow = scratch
      let deltaMem = flow + b * max(below, classes)
      flow.update(repeating: 0, count: b * below)
      for s in 0..<b {
        for t in 0..<steps {
          let row = spikes + (s * steps + t) * below
          for i in 0..<below { flow[s * below + i] += row[i] }
        }
      }
      outputGradient(network: network, mem: mem, labels: labels, scale: scale, into: deltaMem)
      BLAS.gemm(
        m: below, n: classes, k: b, a: flow, transposeA: true, b: deltaMem, c: gradient, beta: 1)
      guard last > 0 else { return }
      BLAS.gemm(m: b, n: below, k: classes, a: deltaMem, b: weights, transposeB: true, c: flow)
      for s in 0..<b {
        for t in 0..<steps {
          (spikes + (s * steps + t) * below).update(from: flow + s * below, count: below)
        }
      }
    case .perStep:
      // Each row's own output m_t = W^N·o_t and its share of the mean loss over T, on
      // z_t = m_t/V: ∂L/∂m_t = ∂L/∂z_t/(V·T); dW^N = Σ_t o_tᵀ·δm_t, ∂L/∂o_t = W^N·δm_t.
      let outputs = scratch
      BLAS.gemm(m: rows, n: classes, k: below, a: spikes, b: weights, c: outputs)
      let v = network.outputThreshold
      let times = 1 / (v * Float(network.timeSteps))
      for (s, label) in labels.enumerated() {
        for t in 0..<steps {
          let row = outputs + (s * steps + t) * classes
          for j in 0..<classes { row[j] /= v }
          scale.gradient(inPlace: row, count: classes, label: label, times: times)
        }
      }
      BLAS.gemm(
        m: below, n: classes, k: rows, a: spikes, transposeA: true, b: outputs, c: gradient,
        beta: 1)
      guard last > 0 else { return }
      BLAS.gemm(m: rows, n: below, k: classes, a: outputs, b: weights, transposeB: true, c: spikes)
    }
  }

  /// The recurrence of one layer backwards in time, in place: on entry `gradient` holds
  /// ∂L/∂o_t from the layers above and `membrane` holds u_t; on exit `membrane` holds
  /// δ_t = ∂L/∂u_t = ∂L/∂I_t:
  ///   ∂L/∂o_t = g_t − λ·u_t·δ_{t+1},  δ_t = ∂L/∂o_t · f'(u_t) + λ·(1 − o_t)·δ_{t+1}.
  private func backwardThroughTime(
    membrane: UnsafeMutablePointer<Float>, gradient: UnsafePointer<Float>, samples: Int,
    steps: Int, count n: Int, threshold v: Float, leak: Float, spike: SpikeFunction
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

  /// OTTT's presynaptic traces, in place: each sample's rows x_t become
  /// â_t = λ·â_{t−1} + x_t, from its carried trace (zero when the rows begin at step 0), and
  /// the last row's trace is carried on.
  private func presynapticTraces(
    _ x: UnsafeMutablePointer<Float>, carry: UnsafeMutablePointer<Float>, samples: Int,
    steps: Int, count n: Int, leak: Float, fromStart: Bool
  ) {
    for s in 0..<samples {
      let kept = carry + s * n
      if fromStart { kept.update(repeating: 0, count: n) }
      for t in 0..<steps {
        let row = x + (s * steps + t) * n
        for i in 0..<n { row[i] += leak * kept[i] }
        kept.update(from: row, count: n)
      }
    }
  }
}
