// The embedded default data set: 28×28 grey digits rendered from jittered pen strokes,
// so the workbench trains something real without any files. Not a stand-in for MNIST.

import Foundation
import SpikingCore

/// Seeded synthetic handwritten-style digits, 28×28, one grey channel, values in [0, 1].
///
/// Each sample takes its digit's stroke skeleton (see `DigitSkeleton`), wobbles it, applies
/// a random affine map (rotation ±12°, scale 0.85–1.1, aspect 0.88–1.08, shear ±0.25,
/// translation ±2 px), and draws it with an anti-aliased pen 1.2–2.6 px wide: a pixel's
/// ink is `clamp(width/2 + 0.5 - d, 0, 1)` where `d` is the distance from the pixel centre
/// to the nearest segment. Ink strength varies (0.8–1) and uniform noise of up to ±0.08
/// is added before clamping to [0, 1].
///
/// Classes are balanced (counts differ by at most one) and shuffled. The same
/// `(count, seed)` always gives the same labels and pixels; image `i` is drawn from a
/// generator derived from `(seed, i)`, so generating is cheap to parallelise later.
public enum SyntheticDigits {
  /// Image side in pixels.
  public static let side = 28
  /// Digits 0 to 9.
  public static let classCount = 10

  /// Pixels per unit of skeleton coordinates at scale 1: the digit is ~17 px tall.
  private static let pixelsPerUnit: Float = 9

  /// Generates `count` digits from `seed`.
  public static func generate(count: Int, seed: UInt64) -> ImageDataset {
    precondition(count >= 0, "count must not be negative")
    let root = RandomSource(seed: seed)
    var labels = (0..<count).map { UInt8($0 % classCount) }
    var shuffler = root.derived(0x5348_5546)  // "SHUF"
    shuffler.shuffle(&labels)
    let imageSize = side * side
    var pixels = [Float](repeating: 0, count: count * imageSize)
    pixels.withUnsafeMutableBufferPointer { all in
      guard let base = all.baseAddress else { return }
      for index in 0..<count {
        var random = root.derived(UInt64(index))
        draw(digit: Int(labels[index]), using: &random, into: base + index * imageSize)
      }
    }
    return ImageDataset(
      name: "synthetic-digits", channels: 1, height: side, width: side, pixels: pixels,
      labels: labels, classCount: classCount)
  }

  /// 6,000 training and 1,000 test digits, generated from different seeds derived from `seed`.
  public static func standardSplits(seed: UInt64 = 0) -> (train: ImageDataset, test: ImageDataset) {
    var train = generate(count: 6000, seed: seed)
    var test = generate(count: 1000, seed: seed ^ 0x7E57_7E57_7E57_7E57)
    train.name = "synthetic-digits-train"
    test.name = "synthetic-digits-test"
    return (train, test)
  }

  /// Renders one digit into a zeroed `side × side` image.
  private static func draw(
    digit: Int, using random: inout RandomSource, into image: UnsafeMutablePointer<Float>
  ) {
    let strokes = DigitSkeleton.segments(of: digit, using: &random)

    // The affine map from unit coordinates to pixels.
    let angle = random.nextFloat(in: -12, 12) * .pi / 180
    let scale = random.nextFloat(in: 0.85, 1.1) * pixelsPerUnit
    let aspect = random.nextFloat(in: 0.88, 1.08)
    let shear = random.nextFloat(in: -0.25, 0.25)
    let centreX = Float(side) / 2 + random.nextFloat(in: -2, 2)
    let centreY = Float(side) / 2 + random.nextFloat(in: -2, 2)
    let (c, s) = (cos(angle) * scale, sin(angle) * scale)
    func map(_ u: Float, _ v: Float) -> (x: Float, y: Float) {
      let shearedU = u * aspect + shear * v
      return (centreX + c * shearedU - s * v, centreY + s * shearedU + c * v)
    }

    let radius = random.nextFloat(in: 0.6, 1.3)
    let ink = random.nextFloat(in: 0.8, 1)
    let noise = random.nextFloat(in: 0, 0.08)
    let reach = radius + 0.5  // beyond this distance a pixel gets no ink

    // Segments in pixel space, with the rows they can ink.
    var segments = [PixelSegment]()
    segments.reserveCapacity(strokes.count)
    var minX = Float(side)
    var maxX: Float = 0
    for stroke in strokes {
      let a = map(stroke.ax, stroke.ay)
      let b = map(stroke.bx, stroke.by)
      segments.append(PixelSegment(from: a, to: b, reach: reach))
      minX = min(minX, a.x, b.x)
      maxX = max(maxX, a.x, b.x)
    }
    let firstColumn = max(0, Int(max(minX - reach, 0)))
    let lastColumn = min(side - 1, Int(min(maxX + reach, Float(side))))
    guard firstColumn <= lastColumn else { return }
    var active = [Int](repeating: 0, count: segments.count)
    for row in 0..<side {
      let py = Float(row) + 0.5
      var activeCount = 0
      for k in 0..<segments.count where segments[k].top <= py && py <= segments[k].bottom {
        active[activeCount] = k
        activeCount += 1
      }
      guard activeCount > 0 else { continue }
      for column in firstColumn...lastColumn {
        let px = Float(column) + 0.5
        var nearest2 = Float.infinity
        for slot in 0..<activeCount {
          nearest2 = min(nearest2, segments[active[slot]].squaredDistance(x: px, y: py))
        }
        let coverage = reach - nearest2.squareRoot()
        if coverage > 0 { image[row * side + column] = min(coverage, 1) * ink }
      }
    }

    if noise > 0 {
      for i in 0..<side * side {
        image[i] = min(max(image[i] + random.nextFloat(in: -noise, noise), 0), 1)
      }
    }
  }
}

/// A stroke segment in pixel coordinates, prepared for distance queries.
private struct PixelSegment {
  /// The start point.
  let ax: Float
  let ay: Float
  /// The vector from start to end.
  let dx: Float
  let dy: Float
  /// 1 / |d|², or 0 for a degenerate (point) segment.
  let inverseLength2: Float
  /// The rows (pixel-centre y) within `reach` of the segment.
  let top: Float
  let bottom: Float

  init(from a: (x: Float, y: Float), to b: (x: Float, y: Float), reach: Float) {
    ax = a.x
    ay = a.y
    dx = b.x - a.x
    dy = b.y - a.y
    let length2 = dx * dx + dy * dy
    inverseLength2 = length2 > 1e-12 ? 1 / length2 : 0
    top = min(a.y, b.y) - reach
    bottom = max(a.y, b.y) + reach
  }

  /// The squared distance from (x, y) to the nearest point of the segment.
  @inline(__always)
  func squaredDistance(x: Float, y: Float) -> Float {
    let (rx, ry) = (x - ax, y - ay)
    let t = min(max((rx * dx + ry * dy) * inverseLength2, 0), 1)
    let (ex, ey) = (rx - t * dx, ry - t * dy)
    return ex * ex + ey * ey
  }
}
