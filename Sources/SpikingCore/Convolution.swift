// Stride-1, zero-padded 2-D convolution helpers on channels-last maps: im2col, col2im,
// and a naive reference used only by tests. Legend: B batch, H×W spatial, C in-channels,
// K kernel side, P padding, O out-channels. Weights are stored [K][K][C][O] row-major,
// i.e. a (K·K·C) × O matrix, which serves both the event scatter and the GEMM.

/// Geometry of a stride-1 convolution with "same"-style padding arithmetic.
public struct ConvGeometry: Hashable, Sendable {
  public let input: Shape
  public let kernel: Int
  public let padding: Int
  public let outChannels: Int

  public init(input: Shape, kernel: Int, padding: Int, outChannels: Int) {
    self.input = input
    self.kernel = kernel
    self.padding = padding
    self.outChannels = outChannels
  }

  public var output: Shape {
    Shape(
      height: input.height + 2 * padding - kernel + 1,
      width: input.width + 2 * padding - kernel + 1, channels: outChannels)
  }
  /// Rows of the weight matrix: K·K·C.
  public var patchSize: Int { kernel * kernel * input.channels }
  /// Output positions per sample: H_out·W_out.
  public var positions: Int { output.height * output.width }

  /// Unfolds `batch` channels-last maps into patches: col[(b·positions + p)][(ky·K + kx)·C + c].
  public func im2col(_ x: UnsafePointer<Float>, batch: Int, into col: UnsafeMutablePointer<Float>) {
    let c = input.channels
    forEachTap(batch: batch) { column, pixel in
      if pixel < 0 {
        (col + column).update(repeating: 0, count: c)
      } else {
        (col + column).update(from: x + pixel, count: c)
      }
    }
  }

  /// Folds patch gradients back onto the input maps, accumulating into `dx` (zero it first).
  public func col2im(_ col: UnsafePointer<Float>, batch: Int, into dx: UnsafeMutablePointer<Float>)
  {
    let c = input.channels
    forEachTap(batch: batch) { column, pixel in
      guard pixel >= 0 else { return }
      let (d, s) = (dx + pixel, col + column)
      for ch in 0..<c { d[ch] += s[ch] }
    }
  }

  /// Calls `body(column, pixel)` for every tap (sample, output position, ky, kx) in patch
  /// order: `column` is the offset of its C values in the patch matrix, `pixel` the offset of
  /// the input pixel's C channels, or −1 where the tap falls in the zero padding.
  @inline(__always)
  private func forEachTap(batch: Int, _ body: (_ column: Int, _ pixel: Int) -> Void) {
    let (h, w, c) = (input.height, input.width, input.channels)
    let (oh, ow) = (output.height, output.width)
    let k = kernel
    var column = 0
    for b in 0..<batch {
      let sample = b * h * w * c
      for oy in 0..<oh {
        for ox in 0..<ow {
          for ky in 0..<k {
            let iy = oy + ky - padding
            for kx in 0..<k {
              let ix = ox + kx - padding
              let inside = iy >= 0 && iy < h && ix >= 0 && ix < w
              body(column, inside ? sample + (iy * w + ix) * c : -1)
              column += c
            }
          }
        }
      }
    }
  }

  /// Naive convolution of one sample, y[oy][ox][o] = Σ w[ky][kx][c][o]·x[oy+ky−P][ox+kx−P][c].
  /// Reference for tests only.
  public func referenceForward(input x: [Float], weights: [Float]) -> [Float] {
    let out = output
    var y = [Float](repeating: 0, count: out.count)
    for oy in 0..<out.height {
      for ox in 0..<out.width {
        for o in 0..<outChannels {
          var sum: Float = 0
          for ky in 0..<kernel {
            for kx in 0..<kernel {
              let iy = oy + ky - padding
              let ix = ox + kx - padding
              guard iy >= 0, iy < input.height, ix >= 0, ix < input.width else { continue }
              for c in 0..<input.channels {
                let xv = x[(iy * input.width + ix) * input.channels + c]
                let wv = weights[((ky * kernel + kx) * input.channels + c) * outChannels + o]
                sum += xv * wv
              }
            }
          }
          y[(oy * out.width + ox) * outChannels + o] = sum
        }
      }
    }
    return y
  }
}
