// Plain-loop references of the layer ops in Double, shared by the gradient tests.

import XCTest

@testable import SpikingCore

extension NetworkSpec {
  /// conv · avgpool · conv · maxpool · linear · linear on a 6×6×2 input: both kinds of pool,
  /// small enough for naive loops.
  static let bothPools = NetworkSpec(
    input: Shape(height: 6, width: 6, channels: 2),
    layers: [
      .conv(outChannels: 3, kernel: 3, padding: 1), .avgPool(size: 2),
      .conv(outChannels: 4, kernel: 3, padding: 1), .maxPool(size: 2), .flatten,
      .linear(outFeatures: 5), .linear(outFeatures: 3),
    ])
}

/// Every layer with weights has a gradient in `expected`, and `actual` is within 1e-4 of it
/// in relative norm.
func assertGradientsAgree(
  _ expected: [[Double]], _ actual: [[Float]], _ name: String, file: StaticString = #filePath,
  line: UInt = #line
) {
  for l in expected.indices where !expected[l].isEmpty {
    let norm = expected[l].reduce(0) { $0 + $1 * $1 }.squareRoot()
    let error = zip(expected[l], actual[l]).reduce(0) {
      $0 + ($1.0 - Double($1.1)) * ($1.0 - Double($1.1))
    }.squareRoot()
    XCTAssertGreaterThan(norm, 1e-6, "\(name): layer \(l) has a gradient", file: file, line: line)
    XCTAssertLessThan(error / norm, 1e-4, "\(name): layer \(l)", file: file, line: line)
  }
}

/// y = op_l(x) for one sample: conv (no bias), linear, average or max pooling (floor).
func naiveOp(_ layer: LayerInfo, _ x: [Double], _ w: [Float]) -> [Double] {
  naiveOp(layer, x, w.map(Double.init))
}

func naiveOp(_ layer: LayerInfo, _ x: [Double], _ w: [Double]) -> [Double] {
  switch layer.kind {
  case .conv(let g):
    return naiveConv(g, x, w)
  case .linear:
    let (rows, cols) = layer.weightShape
    return (0..<cols).map { j in
      (0..<rows).reduce(0.0) { $0 + x[$1] * w[$1 * cols + j] }
    }
  case .avgPool(let size), .maxPool(let size):
    let (h, w, c) = (layer.inputShape.height, layer.inputShape.width, layer.inputShape.channels)
    let (oh, ow) = (h / size, w / size)
    var y = [Double](repeating: 0, count: oh * ow * c)
    let isMax: Bool
    if case .maxPool = layer.kind { isMax = true } else { isMax = false }
    for oy in 0..<oh {
      for ox in 0..<ow {
        for ch in 0..<c {
          var window: [Double] = []
          for dy in 0..<size {
            for dx in 0..<size {
              window.append(x[((oy * size + dy) * w + ox * size + dx) * c + ch])
            }
          }
          y[(oy * ow + ox) * c + ch] =
            isMax ? (window.max() ?? 0) : window.reduce(0, +) / Double(size * size)
        }
      }
    }
    return y
  }
}

/// Naive convolution of one sample (channels-last, weights [ky][kx][c][o]).
func naiveConv(_ g: ConvGeometry, _ x: [Double], _ w: [Double]) -> [Double] {
  let out = g.output
  var y = [Double](repeating: 0, count: out.count)
  for oy in 0..<out.height {
    for ox in 0..<out.width {
      for o in 0..<g.outChannels {
        var sum = 0.0
        for ky in 0..<g.kernel {
          for kx in 0..<g.kernel {
            let iy = oy + ky - g.padding
            let ix = ox + kx - g.padding
            guard iy >= 0, iy < g.input.height, ix >= 0, ix < g.input.width else { continue }
            for c in 0..<g.input.channels {
              sum +=
                x[(iy * g.input.width + ix) * g.input.channels + c]
                * w[((ky * g.kernel + kx) * g.input.channels + c) * g.outChannels + o]
            }
          }
        }
        y[(oy * out.width + ox) * g.outChannels + o] = sum
      }
    }
  }
  return y
}

/// One sample's trajectory: per hidden layer and step, u_t (neuron layers) and o_t.
struct NaiveTrajectory {
  var membranes: [[[Double]]]
  var outputs: [[[Double]]]
  var mem: [Double]
}

/// The model with naive loops: I_t = op(o^{l−1}_t), u_t = λ·u_{t−1}·(1 − o_{t−1}) + I_t,
/// o_t = f(u_t); mem = Σ_t W^N·o^{N−1}_t.
func naiveSimulate(
  _ network: Network, weights: [[Double]], input: [[Double]],
  spike: (Double, Double) -> Double
) -> NaiveTrajectory {
  let hidden = network.layers.count - 1
  // DESIGN §3: conv and linear neurons leak by the model's λ; spiking pools never leak.
  let modelLeak = Double(network.neuronModel.leak)
  var trajectory = NaiveTrajectory(
    membranes: Array(repeating: [], count: hidden), outputs: Array(repeating: [], count: hidden),
    mem: [Double](repeating: 0, count: network.classCount))
  var carried = network.layers.map { [Double](repeating: 0, count: $0.outputShape.count) }
  for x in input {
    var o = x
    for l in 0..<hidden {
      let layer = network.layers[l]
      let current = naiveOp(layer, o, weights[l])
      if layer.hasNeurons {
        var leak = modelLeak
        if case .avgPool = layer.kind { leak = 1 }
        let v = Double(network.thresholds[l])
        let u = zip(carried[l], current).map { $0 + $1 }
        o = u.map { spike($0, v) }
        carried[l] = zip(u, o).map { leak * $0 * (1 - $1) }
        trajectory.membranes[l].append(u)
      } else {
        o = current
      }
      trajectory.outputs[l].append(o)
    }
    let out = naiveOp(network.layers[hidden], o, weights[hidden])
    for j in out.indices { trajectory.mem[j] += out[j] }
  }
  return trajectory
}

/// The gradients of one layer op for one sample: dw = ∂(Σ dy·op(x; w))/∂w (conv, linear; empty
/// for pools) and dx = the op's transpose applied to dy (max pools route each window's dy to its
/// first largest input of x).
func naiveOpGradients(_ layer: LayerInfo, x: [Double], w: [Double], dy: [Double]) -> (
  dx: [Double], dw: [Double]
) {
  var dx = [Double](repeating: 0, count: layer.inputShape.count)
  var dw = [Double](repeating: 0, count: w.count)
  switch layer.kind {
  case .conv(let g):
    let out = g.output
    for oy in 0..<out.height {
      for ox in 0..<out.width {
        for o in 0..<g.outChannels {
          let d = dy[(oy * out.width + ox) * g.outChannels + o]
          for ky in 0..<g.kernel {
            for kx in 0..<g.kernel {
              let iy = oy + ky - g.padding
              let ix = ox + kx - g.padding
              guard iy >= 0, iy < g.input.height, ix >= 0, ix < g.input.width else { continue }
              for c in 0..<g.input.channels {
                let xi = (iy * g.input.width + ix) * g.input.channels + c
                let wi = ((ky * g.kernel + kx) * g.input.channels + c) * g.outChannels + o
                dw[wi] += x[xi] * d
                dx[xi] += w[wi] * d
              }
            }
          }
        }
      }
    }
  case .linear:
    let (rows, cols) = layer.weightShape
    for i in 0..<rows {
      for j in 0..<cols {
        dw[i * cols + j] = x[i] * dy[j]
        dx[i] += w[i * cols + j] * dy[j]
      }
    }
  case .avgPool(let size), .maxPool(let size):
    let (h, wd, c) = (layer.inputShape.height, layer.inputShape.width, layer.inputShape.channels)
    let (oh, ow) = (h / size, wd / size)
    let isMax: Bool
    if case .maxPool = layer.kind { isMax = true } else { isMax = false }
    for oy in 0..<oh {
      for ox in 0..<ow {
        for ch in 0..<c {
          let d = dy[(oy * ow + ox) * c + ch]
          var best = -Double.infinity
          var bestIndex = 0
          for sy in 0..<size {
            for sx in 0..<size {
              let i = ((oy * size + sy) * wd + ox * size + sx) * c + ch
              if isMax {
                if x[i] > best { (best, bestIndex) = (x[i], i) }
              } else {
                dx[i] += d / Double(size * size)
              }
            }
          }
          if isMax { dx[bestIndex] += d }
        }
      }
    }
  }
  return (dx, dw)
}

/// One sample's loss on its output row z, from the definitions in double precision:
/// c/2·Σ(z − Y)² or log Σ_j e^{z_j} − z_y.
func sampleLoss(_ scale: LossScale, z: [Double], label: Int) -> Double {
  switch scale {
  case .sse, .halfSSE:
    let c: Double = scale == .sse ? 2 : 1
    return z.indices.reduce(0) { sum, j in
      let d = z[j] - (j == label ? 1 : 0)
      return sum + c / 2 * d * d
    }
  case .crossEntropy:
    return log(z.reduce(0) { $0 + exp($1) }) - z[label]
  }
}

/// ∂(sampleLoss)/∂z: c·(z − Y), or softmax(z) − Y.
func sampleLossGradient(_ scale: LossScale, z: [Double], label: Int) -> [Double] {
  switch scale {
  case .sse, .halfSSE:
    let c: Double = scale == .sse ? 2 : 1
    return z.indices.map { c * (z[$0] - ($0 == label ? 1 : 0)) }
  case .crossEntropy:
    let total = z.reduce(0) { $0 + exp($1) }
    return z.indices.map { exp(z[$0]) / total - ($0 == label ? 1 : 0) }
  }
}
