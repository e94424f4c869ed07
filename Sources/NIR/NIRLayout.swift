// Weight layouts between the engine and NIR. The engine keeps maps channels-last: a
// convolution's weights are rows (ky·K + kx)·C + c by columns o, a linear layer's rows are
// its inputs (in the engine's flattening order, (y·W + x)·C + c) by columns of outputs. NIR
// follows PyTorch: Conv2d (out, in, kh, kw), Linear (out, in) with inputs flattened
// channels-first, c·H·W + y·W + x. Each pair of functions is a permutation and its inverse.

import SpikingCore

/// Conversions of weight matrices between the engine's layout and NIR's.
enum NIRLayout {
  /// The engine's convolution weights as NIR's (out, in, kh, kw).
  static func convolution(_ weights: [Float], kernel k: Int, inChannels c: Int, outChannels o: Int)
    -> NIRTensor
  {
    var values = [Float](repeating: 0, count: weights.count)
    for ky in 0..<k {
      for kx in 0..<k {
        for ci in 0..<c {
          for oi in 0..<o {
            values[((oi * c + ci) * k + ky) * k + kx] = weights[((ky * k + kx) * c + ci) * o + oi]
          }
        }
      }
    }
    return NIRTensor(shape: [o, c, k, k], values: values)
  }

  /// NIR's (out, in, kh, kw) convolution weights (kh = kw) in the engine's layout.
  static func convolution(_ tensor: NIRTensor) -> [Float] {
    let (o, c, k) = (tensor.shape[0], tensor.shape[1], tensor.shape[2])
    var weights = [Float](repeating: 0, count: tensor.values.count)
    for ky in 0..<k {
      for kx in 0..<k {
        for ci in 0..<c {
          for oi in 0..<o {
            weights[((ky * k + kx) * c + ci) * o + oi] =
              tensor.values[((oi * c + ci) * k + ky) * k + kx]
          }
        }
      }
    }
    return weights
  }

  /// The index in the engine's flattening of the input that NIR's flattened index `j`
  /// (channels-first) denotes, for an input map `shape`.
  static func engineIndex(ofNIRIndex j: Int, shape: Shape) -> Int {
    let area = shape.height * shape.width
    let (c, position) = (j / area, j % area)
    return position * shape.channels + c
  }

  /// The engine's linear weights (rows: inputs of `input`, columns: `outputs`) as NIR's
  /// (out, in), the inputs reordered channels-first.
  static func linear(_ weights: [Float], input: Shape, outputs o: Int) -> NIRTensor {
    let n = input.count
    var values = [Float](repeating: 0, count: weights.count)
    for j in 0..<n {
      let row = engineIndex(ofNIRIndex: j, shape: input)
      for oi in 0..<o { values[oi * n + j] = weights[row * o + oi] }
    }
    return NIRTensor(shape: [o, n], values: values)
  }

  /// NIR's (out, in) weights, the inputs flattened channels-first from `input`, in the
  /// engine's layout.
  static func linear(_ tensor: NIRTensor, input: Shape) -> [Float] {
    let (o, n) = (tensor.shape[0], tensor.shape[1])
    var weights = [Float](repeating: 0, count: tensor.values.count)
    for j in 0..<n {
      let row = engineIndex(ofNIRIndex: j, shape: input)
      for oi in 0..<o { weights[row * o + oi] = tensor.values[oi * n + j] }
    }
    return weights
  }
}
