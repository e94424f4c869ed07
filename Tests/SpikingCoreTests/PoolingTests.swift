// The pooling pairs against plain loops: max pooling picks the first largest input of each
// window (row-major), its backward routes each window's gradient there and nowhere else, and
// average pooling's backward is the transpose of its forward (floor pooling drops the tail).

import XCTest

@testable import SpikingCore

final class PoolingTests: XCTestCase {
  /// 5×4×2 input, 2×2 windows: the last row is outside every window.
  let layer = LayerInfo(
    kind: .maxPool(size: 2), name: "pool", inputShape: Shape(height: 5, width: 4, channels: 2),
    outputShape: Shape(height: 2, width: 2, channels: 2), isOutput: false)

  func testMaxPoolPicksTheFirstLargestAndRoutesBackThere() {
    let rows = 2
    // Counts with ties: 3s in several places of each window.
    let x: [Float] = (0..<(rows * 40)).map { Float(($0 * 7) % 4) }
    var y = [Float](repeating: -1, count: rows * 8)
    var winners = [Int32](repeating: -1, count: rows * 8)
    maxPool(layer, size: 2, input: x, output: &y, winners: &winners, rows: rows)
    for r in 0..<rows {
      for oy in 0..<2 {
        for ox in 0..<2 {
          for c in 0..<2 {
            // The window in row-major order; the first strictly larger value wins.
            let window = [(0, 0), (0, 1), (1, 0), (1, 1)].map { dy, dx in
              ((oy * 2 + dy) * 4 + ox * 2 + dx) * 2 + c
            }
            let best = window.max { x[r * 40 + $0] < x[r * 40 + $1] } ?? 0
            let first = window.first { x[r * 40 + $0] == x[r * 40 + best] } ?? 0
            let o = r * 8 + (oy * 2 + ox) * 2 + c
            XCTAssertEqual(Int(winners[o]), first)
            XCTAssertEqual(y[o], x[r * 40 + first])
          }
        }
      }
    }
    let dy: [Float] = (0..<(rows * 8)).map { Float($0 + 1) }
    var dx = [Float](repeating: 9, count: rows * 40)
    maxPoolBackward(layer, gradient: dy, winners: winners, into: &dx, rows: rows)
    var expected = [Float](repeating: 0, count: rows * 40)
    for r in 0..<rows {
      for o in 0..<8 { expected[r * 40 + Int(winners[r * 8 + o])] += dy[r * 8 + o] }
    }
    XCTAssertEqual(dx, expected)
  }

  func testAveragePoolBackwardIsTheTransposeOfTheForward() {
    let avg = LayerInfo(
      kind: .avgPool(size: 2), name: "avg", inputShape: layer.inputShape,
      outputShape: layer.outputShape, isOutput: false)
    var rng = RandomSource(seed: 4)
    let x = (0..<80).map { _ in rng.nextFloat(in: -1, 1) }
    let g = (0..<16).map { _ in rng.nextFloat(in: -1, 1) }
    var y = [Float](repeating: 0, count: 16)
    var dx = [Float](repeating: 5, count: 80)
    averagePool(avg, size: 2, input: x, output: &y, samples: 2)
    averagePoolBackward(avg, size: 2, gradient: g, into: &dx, samples: 2)
    // <A x, g> = <x, Aᵀ g>
    let left = zip(y, g).reduce(0.0) { $0 + Double($1.0 * $1.1) }
    let right = zip(x, dx).reduce(0.0) { $0 + Double($1.0 * $1.1) }
    XCTAssertEqual(left, right, accuracy: 1e-5)
    // The last input row (y = 4) is in no window: its gradient is 0.
    for s in 0..<2 { for i in 32..<40 { XCTAssertEqual(dx[s * 40 + i], 0) } }
  }
}
