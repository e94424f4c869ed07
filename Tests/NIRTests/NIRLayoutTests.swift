// The weight layouts against their definitions: the same convolution (and the same linear
// layer after a flatten) computed with naive loops in the engine's channels-last layout and
// in NIR's channels-first layout must give the same outputs.

import XCTest

@testable import NIR
@testable import SpikingCore

final class NIRLayoutTests: XCTestCase {
  let (h, w, c, o, k, p) = (5, 4, 3, 2, 3, 1)

  func testAConvolutionGivesTheSameOutputInBothLayouts() {
    let engineWeights = NIRTestGraphs.values(k * k * c * o, seed: 3)
    let nir = NIRLayout.convolution(engineWeights, kernel: k, inChannels: c, outChannels: o)
    XCTAssertEqual(nir.shape, [o, c, k, k])
    let input = NIRTestGraphs.values(h * w * c, seed: 5)  // channels-last
    for oc in 0..<o {
      for y in 0..<h {
        for x in 0..<w {
          var engine: Float = 0
          var channelsFirst: Float = 0
          for ky in 0..<k {
            for kx in 0..<k {
              let (iy, ix) = (y + ky - p, x + kx - p)
              guard (0..<h).contains(iy), (0..<w).contains(ix) else { continue }
              for ic in 0..<c {
                let value = input[(iy * w + ix) * c + ic]
                engine += value * engineWeights[((ky * k + kx) * c + ic) * o + oc]
                channelsFirst += value * nir.values[((oc * c + ic) * k + ky) * k + kx]
              }
            }
          }
          XCTAssertEqual(engine, channelsFirst, "output (\(oc), \(y), \(x))")
        }
      }
    }
    XCTAssertEqual(NIRLayout.convolution(nir), engineWeights)
  }

  func testALinearLayerAfterAFlattenGivesTheSameOutputInBothLayouts() {
    let shape = Shape(height: h, width: w, channels: c)
    let n = shape.count
    let engineWeights = NIRTestGraphs.values(n * o, seed: 8)
    let nir = NIRLayout.linear(engineWeights, input: shape, outputs: o)
    XCTAssertEqual(nir.shape, [o, n])
    let map = NIRTestGraphs.values(n, seed: 9)  // channels-last, as the engine flattens it
    // NIR flattens the (C, H, W) map channels-first.
    var flatCHW = [Float](repeating: 0, count: n)
    for ic in 0..<c {
      for y in 0..<h {
        for x in 0..<w { flatCHW[(ic * h + y) * w + x] = map[(y * w + x) * c + ic] }
      }
    }
    for oc in 0..<o {
      let engine = (0..<n).reduce(Float(0)) { $0 + map[$1] * engineWeights[$1 * o + oc] }
      let channelsFirst = (0..<n).reduce(Float(0)) { $0 + flatCHW[$1] * nir.values[oc * n + $1] }
      XCTAssertEqual(engine, channelsFirst, accuracy: 1e-5, "output \(oc)")
    }
    XCTAssertEqual(NIRLayout.linear(nir, input: shape), engineWeights)
    // A vector input keeps its order: the NIR weight is the transpose.
    let vector = NIRLayout.linear(engineWeights, input: .vector(n), outputs: o)
    XCTAssertEqual(vector.values[1 * n + 7], engineWeights[7 * o + 1])
  }
}
