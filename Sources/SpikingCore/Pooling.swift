// The pooling layers of both backward passes, each forward beside its backward with the
// same parameter order. Legend: rows of channels-last maps, h×w×c in, (h/s)×(w/s)×c out
// (floor pooling: a partial last window is dropped). Average pooling is linear; max pooling
// picks each window's largest input, the first in row-major window order on ties.

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

/// For each of `rows` rows of x ([rows][h·w·c]): the index within the row of each window's
/// largest input (the first on ties) into `winners` ([rows][oh·ow·c]), and its value into `y`
/// when given.
func maxPool(
  _ layer: LayerInfo, size: Int, input x: UnsafePointer<Float>,
  output y: UnsafeMutablePointer<Float>?, winners: UnsafeMutablePointer<Int32>, rows: Int
) {
  let (h, w, c) = (layer.inputShape.height, layer.inputShape.width, layer.inputShape.channels)
  let (oh, ow) = (h / size, w / size)
  let inCount = h * w * c
  let outCount = oh * ow * c
  for r in 0..<rows {
    let xr = x + r * inCount
    for oy in 0..<oh {
      for ox in 0..<ow {
        for ch in 0..<c {
          var best = -Float.infinity
          var bestIndex = 0
          for dy in 0..<size {
            for dx in 0..<size {
              let i = ((oy * size + dy) * w + ox * size + dx) * c + ch
              if xr[i] > best {
                best = xr[i]
                bestIndex = i
              }
            }
          }
          let o = r * outCount + (oy * ow + ox) * c + ch
          y?[o] = best
          winners[o] = Int32(bestIndex)
        }
      }
    }
  }
}

/// dx = dy routed to each window's winner (the transpose of `maxPool`); overwrites dx, so
/// inputs that won no window get 0.
func maxPoolBackward(
  _ layer: LayerInfo, gradient dy: UnsafePointer<Float>, winners: UnsafePointer<Int32>,
  into dx: UnsafeMutablePointer<Float>, rows: Int
) {
  let inCount = layer.inputShape.count
  let outCount = layer.outputShape.count
  dx.update(repeating: 0, count: rows * inCount)
  for r in 0..<rows {
    for o in 0..<outCount {
      dx[r * inCount + Int(winners[r * outCount + o])] += dy[r * outCount + o]
    }
  }
}
