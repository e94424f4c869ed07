// Plain-loop references of the layer ops in Double, shared by the gradient tests.

@testable import SpikingCore

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
