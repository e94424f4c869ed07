// The event-driven spiking forward pass of one sample over T steps. Each step, only the
// inputs that spiked are visited: a spike adds its weight row (linear) or its K×K×O weight
// slab (conv, channels-last) to the membranes it reaches; then each layer's neurons fire
// and reset. Accumulated spike counts FO per layer are written to the batch buffers; the
// accumulated input current FI is recovered exactly afterwards as W·FO (see Trainer).
// Workspaces are sized once per (network shape) and reused for every sample and step.

import Foundation

/// Per-thread buffers for the spiking forward pass. Not shared between threads.
final class ForwardWorkspace: @unchecked Sendable {
  let layers: [LayerInfo]
  /// Per layer: membrane potentials (neuron layers only; others have capacity 0).
  private var membranes: [UnsafeMutablePointer<Float>]
  /// Per layer: the indices of this step's output spikes, and their number.
  private var spikes: [UnsafeMutablePointer<Int32>]
  private var spikeCounts: [Int]
  /// Max-pool dedup stamps (last step + 1 at which an output fired).
  private var stamps: [UnsafeMutablePointer<Int32>]
  private let inputPositive: UnsafeMutablePointer<Int32>
  private let inputNegative: UnsafeMutablePointer<Int32>
  private var encoded = EncodedSample()
  private let sizes: [Int]

  init(layers: [LayerInfo]) {
    self.layers = layers
    sizes = layers.map { $0.outputShape.count }
    membranes = layers.map { .allocate(capacity: $0.hasNeurons ? $0.outputShape.count : 1) }
    spikes = layers.map { .allocate(capacity: max(1, $0.outputShape.count)) }
    spikeCounts = layers.map { _ in 0 }
    stamps = layers.map { layer in
      if case .maxPool = layer.kind { return .allocate(capacity: layer.outputShape.count) }
      return .allocate(capacity: 1)
    }
    let inputCount = layers.first?.inputShape.count ?? 0
    inputPositive = .allocate(capacity: max(1, inputCount))
    inputNegative = .allocate(capacity: max(1, inputCount))
  }

  deinit {
    membranes.forEach { $0.deallocate() }
    spikes.forEach { $0.deallocate() }
    stamps.forEach { $0.deallocate() }
    inputPositive.deallocate()
    inputNegative.deallocate()
  }

  /// Runs one sample through the hidden layers for `network.timeSteps` steps.
  ///
  /// - Parameters:
  ///   - image: the sample's input values, `layers[0].inputShape.count` of them.
  ///   - counts: per activation a = 0…L−1 (a = 0: the signed input spike counts; a = l+1:
  ///     output spike counts of hidden layer l), this sample's row, zeroed here first.
  ///   - rasters: when non-nil, the spikes of the input and every hidden layer are recorded.
  func run(
    network: Network, weights: [UnsafePointer<Float>], image: UnsafePointer<Float>,
    encoding: InputEncoding, rng: inout RandomSource, counts: [UnsafeMutablePointer<Float>],
    rasters: UnsafeMutablePointer<[SpikeRaster]>?
  ) {
    let steps = network.timeSteps
    let hidden = layers.count - 1
    let inputCount = layers[0].inputShape.count
    counts[0].update(repeating: 0, count: inputCount)
    for l in 0..<hidden {
      counts[l + 1].update(repeating: 0, count: sizes[l])
      if layers[l].hasNeurons { membranes[l].update(repeating: 0, count: sizes[l]) }
      if case .maxPool = layers[l].kind { stamps[l].update(repeating: 0, count: sizes[l]) }
    }
    encoded.load(image, count: inputCount, encoding: encoding)
    let leak = network.neuronModel.leak

    for t in 0..<steps {
      var positiveCount = 0
      var negativeCount = 0
      encoded.draw(
        rng: &rng, positive: inputPositive, positiveCount: &positiveCount,
        negativeSpikes: inputNegative, negativeCount: &negativeCount)
      for k in 0..<positiveCount { counts[0][Int(inputPositive[k])] += 1 }
      for k in 0..<negativeCount { counts[0][Int(inputNegative[k])] -= 1 }
      if let rasters {
        rasters.pointee[0].record(inputPositive, count: positiveCount, step: t)
        rasters.pointee[0].record(inputNegative, count: negativeCount, step: t)
      }

      var incoming = UnsafePointer(inputPositive)
      var incomingCount = positiveCount
      var negativeIncoming = UnsafePointer(inputNegative)
      var negativeIncomingCount = negativeCount
      for l in 0..<hidden {
        let layer = layers[l]
        let u = membranes[l]
        switch layer.kind {
        case .conv(let g):
          scatterConv(g, weights: weights[l], events: incoming, count: incomingCount, sign: 1, into: u)
          scatterConv(
            g, weights: weights[l], events: negativeIncoming, count: negativeIncomingCount,
            sign: -1, into: u)
        case .linear:
          let n = sizes[l]
          scatterRows(weights[l], width: n, events: incoming, count: incomingCount, sign: 1, into: u)
          scatterRows(
            weights[l], width: n, events: negativeIncoming, count: negativeIncomingCount, sign: -1,
            into: u)
        case .avgPool(let size):
          let share = 1 / Float(size * size)
          scatterPool(
            layer, size: size, events: incoming, count: incomingCount, value: share, into: u)
          scatterPool(
            layer, size: size, events: negativeIncoming, count: negativeIncomingCount,
            value: -share, into: u)
        case .maxPool(let size):
          // The max of binary spikes in a window: the output fires if any input fired.
          var n = 0
          let out = spikes[l]
          let stamp = stamps[l]
          let (w, c) = (layer.inputShape.width, layer.inputShape.channels)
          let ow = layer.outputShape.width
          for k in 0..<incomingCount {
            let i = Int(incoming[k])
            let ch = i % c
            let x = (i / c) % w
            let y = i / (c * w)
            let o = ((y / size) * ow + x / size) * c + ch
            if stamp[o] != Int32(t + 1) {
              stamp[o] = Int32(t + 1)
              out[n] = Int32(o)
              n += 1
              counts[l + 1][o] += 1
            }
          }
          spikeCounts[l] = n
        }
        if layer.hasNeurons {
          var n = 0
          fireAndReset(
            membrane: u, count: sizes[l], threshold: network.thresholds[l], leak: leak,
            counts: counts[l + 1], spikes: spikes[l], spikeCount: &n)
          spikeCounts[l] = n
        }
        if let rasters {
          rasters.pointee[l + 1].record(spikes[l], count: spikeCounts[l], step: t)
        }
        incoming = UnsafePointer(spikes[l])
        incomingCount = spikeCounts[l]
        negativeIncomingCount = 0
        negativeIncoming = UnsafePointer(inputNegative)
      }
    }
  }
}

/// Adds `sign` × the weight row of each event to `u`: u[0..<width] += sign · W[event][·].
@inline(__always)
func scatterRows(
  _ w: UnsafePointer<Float>, width: Int, events: UnsafePointer<Int32>, count: Int, sign: Float,
  into u: UnsafeMutablePointer<Float>
) {
  for k in 0..<count {
    addRow(w + Int(events[k]) * width, into: u, count: width, sign: sign)
  }
}

/// A conv layer receives spikes at input positions (y, x, c); each adds the weight vector
/// W[ky][kx][c][·] (all O out-channels, contiguous) to the output position (y−ky+P, x−kx+P).
@inline(__always)
func scatterConv(
  _ g: ConvGeometry, weights: UnsafePointer<Float>, events: UnsafePointer<Int32>, count: Int,
  sign: Float, into u: UnsafeMutablePointer<Float>
) {
  let c = g.input.channels
  let w = g.input.width
  let (oh, ow) = (g.output.height, g.output.width)
  let o = g.outChannels
  let k = g.kernel
  let p = g.padding
  for e in 0..<count {
    let i = Int(events[e])
    let ch = i % c
    let pixel = i / c
    let x = pixel % w
    let y = pixel / w
    // Output rows oy = y − ky + p in [0, oh): ky in [y + p − oh + 1, y + p].
    let kyLow = max(0, y + p - oh + 1)
    let kyHigh = min(k - 1, y + p)
    let kxLow = max(0, x + p - ow + 1)
    let kxHigh = min(k - 1, x + p)
    if kyLow > kyHigh || kxLow > kxHigh { continue }
    for ky in kyLow...kyHigh {
      let oy = y - ky + p
      for kx in kxLow...kxHigh {
        let ox = x - kx + p
        addRow(
          weights + ((ky * k + kx) * c + ch) * o, into: u + (oy * ow + ox) * o, count: o,
          sign: sign)
      }
    }
  }
}

/// Adds `value` to the pooled neuron of each input event (window = stride = size).
@inline(__always)
func scatterPool(
  _ layer: LayerInfo, size: Int, events: UnsafePointer<Int32>, count: Int, value: Float,
  into u: UnsafeMutablePointer<Float>
) {
  let (w, c) = (layer.inputShape.width, layer.inputShape.channels)
  let ow = layer.outputShape.width
  for k in 0..<count {
    let i = Int(events[k])
    let ch = i % c
    let x = (i / c) % w
    let y = i / (c * w)
    u[((y / size) * ow + x / size) * c + ch] += value
  }
}

/// dst[0..<n] += sign · src[0..<n], in SIMD blocks of 8.
@inline(__always)
func addRow(
  _ src: UnsafePointer<Float>, into dst: UnsafeMutablePointer<Float>, count n: Int, sign: Float
) {
  var j = 0
  let rawSrc = UnsafeRawPointer(src)
  let rawDst = UnsafeMutableRawPointer(dst)
  if sign > 0 {
    while j + 8 <= n {
      let s = rawSrc.loadUnaligned(fromByteOffset: j * 4, as: SIMD8<Float>.self)
      let d = rawDst.loadUnaligned(fromByteOffset: j * 4, as: SIMD8<Float>.self)
      rawDst.storeBytes(of: d + s, toByteOffset: j * 4, as: SIMD8<Float>.self)
      j += 8
    }
    while j < n {
      dst[j] += src[j]
      j += 1
    }
  } else {
    while j + 8 <= n {
      let s = rawSrc.loadUnaligned(fromByteOffset: j * 4, as: SIMD8<Float>.self)
      let d = rawDst.loadUnaligned(fromByteOffset: j * 4, as: SIMD8<Float>.self)
      rawDst.storeBytes(of: d - s, toByteOffset: j * 4, as: SIMD8<Float>.self)
      j += 8
    }
    while j < n {
      dst[j] -= src[j]
      j += 1
    }
  }
}
