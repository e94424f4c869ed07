// im2col + GEMM against the naive convolution, and col2im as the exact adjoint of im2col.

import XCTest

@testable import SpikingCore

final class ConvolutionTests: XCTestCase {
  func testIm2colGemmMatchesNaiveLoop() {
    for (padding, kernel) in [(0, 3), (1, 3), (2, 5)] {
      let g = ConvGeometry(
        input: Shape(height: 7, width: 6, channels: 3), kernel: kernel, padding: padding,
        outChannels: 4)
      var rng = RandomSource(seed: UInt64(kernel * 10 + padding))
      let batch = 2
      let x = (0..<(batch * g.input.count)).map { _ in rng.nextFloat(in: -1, 1) }
      let w = (0..<(g.patchSize * g.outChannels)).map { _ in rng.nextFloat(in: -1, 1) }
      var col = [Float](repeating: 0, count: batch * g.positions * g.patchSize)
      var y = [Float](repeating: 0, count: batch * g.output.count)
      x.withUnsafeBufferPointer { xp in
        col.withUnsafeMutableBufferPointer { cp in
          g.im2col(xp.baseAddress!, batch: batch, into: cp.baseAddress!)
        }
      }
      col.withUnsafeBufferPointer { cp in
        w.withUnsafeBufferPointer { wp in
          y.withUnsafeMutableBufferPointer { yp in
            BLAS.gemm(
              m: batch * g.positions, n: g.outChannels, k: g.patchSize, a: cp.baseAddress!,
              b: wp.baseAddress!, c: yp.baseAddress!)
          }
        }
      }
      var worst: Float = 0
      for b in 0..<batch {
        let sample = Array(x[(b * g.input.count)..<((b + 1) * g.input.count)])
        let expected = g.referenceForward(input: sample, weights: w)
        for i in expected.indices {
          worst = max(worst, abs(expected[i] - y[b * g.output.count + i]))
        }
      }
      XCTAssertLessThan(worst, 1e-4, "kernel \(kernel) padding \(padding)")
    }
  }

  func testCol2imIsTheAdjointOfIm2col() {
    // <im2col(x), c> = <x, col2im(c)> for all x, c.
    let g = ConvGeometry(
      input: Shape(height: 5, width: 4, channels: 2), kernel: 3, padding: 1, outChannels: 1)
    var rng = RandomSource(seed: 4)
    let x = (0..<g.input.count).map { _ in rng.nextFloat(in: -1, 1) }
    let c = (0..<(g.positions * g.patchSize)).map { _ in rng.nextFloat(in: -1, 1) }
    var col = [Float](repeating: 0, count: c.count)
    var back = [Float](repeating: 0, count: x.count)
    x.withUnsafeBufferPointer { xp in
      col.withUnsafeMutableBufferPointer {
        g.im2col(xp.baseAddress!, batch: 1, into: $0.baseAddress!)
      }
    }
    c.withUnsafeBufferPointer { cp in
      back.withUnsafeMutableBufferPointer {
        g.col2im(cp.baseAddress!, batch: 1, into: $0.baseAddress!)
      }
    }
    let left = zip(col, c).reduce(0) { $0 + Double($1.0 * $1.1) }
    let right = zip(x, back).reduce(0) { $0 + Double($1.0 * $1.1) }
    XCTAssertEqual(left, right, accuracy: 1e-4)
  }
}
