// The event-driven spiking forward pass of one sample over T steps. Each step, only the
// inputs that spiked are visited: a spike adds its weight row (linear) or its K×K×O weight
// slab (conv, channels-last) to the membranes it reaches; then each layer's neurons fire
// and reset. Accumulated spike counts FO per layer are written to the batch buffers; the
// accumulated input current FI is recovered exactly afterwards as W·FO (see Trainer).
// Workspaces are views of the batch's arena (BufferPlan), reused for every sample and step.

import CSpikeKernels
import Foundation

/// A part of one sample's time window, for the methods that train as they go (OTTT, SLTT):
/// the steps to run, where the sample's membranes wait between parts, and which steps write
/// a row of the trace.
struct ForwardWindow {
  var steps: Range<Int>
  /// Per hidden layer: this sample's membranes between parts (unused for max pools).
  var saved: [UnsafeMutablePointer<Float>]
  /// Per step of the time window: the trace row the step writes, or −1 for none.
  var rows: UnsafePointer<Int32>
}

/// Per-thread buffers for the spiking forward pass. Not shared between threads.
final class ForwardWorkspace: @unchecked Sendable {
  let layers: [LayerInfo]
  private let plans: [LayerPlan]
  /// Per conv layer: its weights in the scatter kernel's span layout, refreshed per sample.
  private let spanWeights: [UnsafeMutablePointer<Float>]
  /// Per layer: membrane potentials (neuron layers only).
  private let membranes: [UnsafeMutablePointer<Float>]
  /// Rate-BP, per layer with neurons: the eligibility factors e_t (ForwardWorkspace+Rate).
  let eligibilityFactors: [UnsafeMutablePointer<Float>]
  /// Per layer: the indices of this step's output spikes.
  private let spikes: [UnsafeMutablePointer<Int32>]
  /// Max-pool dedup stamps (last step + 1 at which an output fired).
  private let stamps: [UnsafeMutablePointer<Int32>]
  private let inputPositive: UnsafeMutablePointer<Int32>
  private let inputNegative: UnsafeMutablePointer<Int32>
  private var encoded = EncodedSample()

  /// Keeps the arena the views point into.
  private let arena: BufferArena

  /// Worker `w`'s scratch in `arena`, with the layer plans all workers share.
  init(arena: BufferArena, worker w: Int, plans: [LayerPlan]) {
    let space = arena.plan.workspaces[w]
    self.arena = arena
    layers = arena.plan.layers
    self.plans = plans
    spanWeights = space.spanWeights.map(arena.floats)
    membranes = space.membranes.map(arena.floats)
    eligibilityFactors = space.eligibilityFactors.map(arena.floats)
    spikes = space.spikes.map(arena.integers)
    stamps = space.stamps.map(arena.integers)
    inputPositive = arena.integers(space.inputPositive)
    inputNegative = arena.integers(space.inputNegative)
  }

  /// A workspace with an arena of its own for `layers`.
  convenience init(layers: [LayerInfo]) {
    let arena = BufferArena(
      plan: BufferPlan(layers: layers, batch: 1, steps: 1, method: .asfBP, workers: 1))
    self.init(
      arena: arena, worker: 0, plans: layers.indices.map { LayerPlan(layer: $0, arena: arena) })
  }

  /// Runs one sample through the hidden layers for `network.timeSteps` steps.
  ///
  /// - Parameters:
  ///   - image: the sample's input values, `layers[0].inputShape.count` of them; for
  ///     `.events`, `frames` frames of that size, used cyclically (step t: frame t mod F).
  ///   - counts: per activation a = 0…L−1 (a = 0: the signed input spike counts; a = l+1:
  ///     output spike counts of hidden layer l), this sample's row, zeroed here first.
  ///   - rasters: when non-nil, the spikes of the input and every hidden layer are recorded.
  ///   - trace: when non-nil, the per-step state is written there (row t for step t, or the
  ///     window's row), each row zeroed before it is written.
  ///   - window: when non-nil, only its steps run, from the membranes it saved (from zero at
  ///     step 0), which it saves again at the end; the counts grow from part to part.
  ///   - eligibility: rate-BP: per hidden layer, this sample's row of ∂rate/∂(mean input),
  ///     written here (nil for layers without neurons).
  func run(
    network: Network, weights: [UnsafePointer<Float>], image: UnsafePointer<Float>,
    encoding: InputEncoding, frames: Int = 1, key: UInt64,
    counts: [UnsafeMutablePointer<Float>], rasters: UnsafeMutablePointer<[SpikeRaster]>?,
    trace: ForwardTrace? = nil, window: ForwardWindow? = nil,
    eligibility: [UnsafeMutablePointer<Float>?]? = nil
  ) {
    let steps = window?.steps ?? 0..<network.timeSteps
    let fresh = steps.lowerBound == 0
    let hidden = layers.count - 1
    let inputCount = layers[0].inputShape.count
    if fresh { counts[0].update(repeating: 0, count: inputCount) }
    for l in 0..<hidden {
      let n = plans[l].outputCount
      if fresh {
        counts[l + 1].update(repeating: 0, count: n)
        membranes[l].update(repeating: 0, count: n)
      } else if let window {
        membranes[l].update(from: window.saved[l], count: n)
      }
      stamps[l].update(repeating: 0, count: n)
    }
    if encoding != .events { encoded.load(image, count: inputCount, encoding: encoding) }
    // The conv weights in span layout (a few hundred KiB at most, against millions of adds).
    if fresh {
      for l in 0..<hidden where plans[l].operation == .conv {
        asf_conv_span_weights(
          weights[l], spanWeights[l], plans[l].kernel, plans[l].inChannels, plans[l].outChannels)
      }
    }
    let thresholds = network.thresholds
    if let eligibility { startEligibility(eligibility) }

    for t in steps {
      let traceRow = window.map { Int($0.rows[t]) } ?? t
      var positiveCount = 0
      var negativeCount = 0
      if encoding == .events {
        let frame = image + (t % max(1, frames)) * inputCount
        for i in 0..<inputCount where frame[i] > 0 {
          inputPositive[positiveCount] = Int32(i)
          positiveCount += 1
        }
      } else {
        encoded.draw(
          step: SpikeHash.stepWord(key: key, step: t), positive: inputPositive,
          positiveCount: &positiveCount,
          negativeSpikes: inputNegative, negativeCount: &negativeCount)
      }
      let inputCounts = counts[0]
      for k in 0..<positiveCount { inputCounts[Int(inputPositive[k])] += 1 }
      for k in 0..<negativeCount { inputCounts[Int(inputNegative[k])] -= 1 }
      if let trace, traceRow >= 0 {
        let row = trace.input + traceRow * inputCount
        row.update(repeating: 0, count: inputCount)
        for k in 0..<positiveCount { row[Int(inputPositive[k])] = 1 }
        for k in 0..<negativeCount { row[Int(inputNegative[k])] = -1 }
      }
      if let rasters {
        rasters.pointee[0].record(inputPositive, count: positiveCount, step: t)
        rasters.pointee[0].record(inputNegative, count: negativeCount, step: t)
      }

      var incoming = UnsafePointer(inputPositive)
      var incomingCount = positiveCount
      let negativeIncoming = UnsafePointer(inputNegative)
      var negativeIncomingCount = negativeCount
      for l in 0..<hidden {
        let plan = plans[l]
        let u = membranes[l]
        let out = spikes[l]
        var produced = 0
        switch plan.operation {
        case .conv:
          let span = UnsafePointer(spanWeights[l])
          plan.scatterConv(span, events: incoming, count: incomingCount, sign: 1, into: u)
          plan.scatterConv(
            span, events: negativeIncoming, count: negativeIncomingCount, sign: -1, into: u)
        case .linear:
          let width = plan.outChannels
          asf_scatter_rows(weights[l], width, incoming, incomingCount, 1, u)
          asf_scatter_rows(weights[l], width, negativeIncoming, negativeIncomingCount, -1, u)
        case .avgPool:
          for k in 0..<incomingCount {
            let o = Int(plan.target[Int(incoming[k])])
            if o >= 0 { u[o] += plan.share }
          }
          for k in 0..<negativeIncomingCount {
            let o = Int(plan.target[Int(negativeIncoming[k])])
            if o >= 0 { u[o] -= plan.share }
          }
        case .maxPool:
          // The max of binary spikes in a window: the output fires if any input fired.
          let stamp = stamps[l]
          let mark = Int32(t + 1)
          let fired = counts[l + 1]
          for k in 0..<incomingCount {
            let o = Int(plan.target[Int(incoming[k])])
            if o >= 0 && stamp[o] != mark {
              stamp[o] = mark
              out[produced] = Int32(o)
              produced += 1
              fired[o] += 1
            }
          }
        }
        if plan.hasNeurons {
          if let record = trace?.membranes[l], traceRow >= 0 {
            (record + traceRow * plan.outputCount).update(from: u, count: plan.outputCount)
          }
          if let row = eligibility?[l] {
            accumulateEligibility(
              row, layer: l, membrane: u, threshold: thresholds[l], network: network)
          }
          fireAndReset(
            membrane: u, count: plan.outputCount, threshold: thresholds[l],
            leak: network.leak(ofLayer: l), reset: network.switches.reset,
            rule: network.switches.spikeRule, counts: counts[l + 1], spikes: out,
            spikeCount: &produced)
        }
        if let rasters { rasters.pointee[l + 1].record(out, count: produced, step: t) }
        if let trace, traceRow >= 0 {
          let row = trace.outputs[l] + traceRow * plan.outputCount
          row.update(repeating: 0, count: plan.outputCount)
          for k in 0..<produced { row[Int(out[k])] = 1 }
        }
        incoming = UnsafePointer(out)
        incomingCount = produced
        negativeIncomingCount = 0
      }
    }
    if let window {
      for l in 0..<hidden {
        window.saved[l].update(from: membranes[l], count: plans[l].outputCount)
      }
    }
    if let eligibility { finishEligibility(eligibility, steps: steps.count) }
  }
}

extension LayerPlan {
  /// A conv layer receives spikes at input positions (y, x, c); each adds the weight vector
  /// W[ky][kx][c][·] (all O out-channels) to the output position (y−ky+P, x−kx+P), one
  /// contiguous add per kernel row from the span-layout `weights`.
  @inline(__always)
  func scatterConv(
    _ weights: UnsafePointer<Float>, events: UnsafePointer<Int32>, count: Int, sign: Float,
    into u: UnsafeMutablePointer<Float>
  ) {
    asf_scatter_conv(
      weights, events, count, sign, u, rowOf, columnOf, channelOf, inChannels, outHeight,
      outWidth, outChannels, kernel, padding)
  }
}
