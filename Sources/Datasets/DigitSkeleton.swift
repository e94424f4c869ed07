// The pen strokes of the ten synthetic digits, as line segments in a unit box, with
// per-sample wobble of every control point. Rendering is SyntheticDigits' job.

import Foundation
import SpikingCore

/// Builds one digit's strokes as straight segments in unit coordinates.
///
/// The box is x ∈ [-0.6, 0.6], y ∈ [-1, 1] with y pointing down. Curves (quadratic and
/// cubic Béziers, elliptical arcs) are flattened into short segments. Every control
/// point and radius is moved by a small random amount, so no two samples share a skeleton.
struct DigitSkeleton {
  /// A straight piece of stroke from (ax, ay) to (bx, by).
  struct Segment {
    var ax: Float
    var ay: Float
    var bx: Float
    var by: Float
  }

  /// A point in unit coordinates.
  struct Point {
    var x: Float
    var y: Float
  }

  /// The largest random offset of a control point, in unit coordinates (~0.6 px).
  static let wobble: Float = 0.07

  private(set) var segments: [Segment] = []
  private var random: RandomSource

  private init(random: RandomSource) {
    self.random = random
    segments.reserveCapacity(40)
  }

  /// The segments of `digit` (0–9), drawing the wobble and style choices from `random`.
  static func segments(of digit: Int, using random: inout RandomSource) -> [Segment] {
    var sketch = DigitSkeleton(random: random)
    sketch.draw(digit)
    random = sketch.random
    return sketch.segments
  }

  // MARK: - The digits

  private mutating func draw(_ digit: Int) {
    switch digit {
    case 0:
      ellipse(center: jittered(0, 0), rx: 0.5, ry: 0.92, from: -90, to: 270 + chance(0, 25))
    case 1:
      let top = jittered(0.08, -0.92)
      line(top, jittered(-0.06, 0.92))
      if chance() < 0.45 { line(jittered(-0.28, -0.6), top) }
      if chance() < 0.2 { line(jittered(-0.28, 0.92), jittered(0.24, 0.92)) }
    case 2:
      let turn = jittered(0.46, -0.45)
      let corner = jittered(-0.55, 0.92)
      cubic(jittered(-0.48, -0.55), jittered(-0.42, -1.08), jittered(0.5, -1.1), turn)
      cubic(turn, jittered(0.44, -0.05), jittered(-0.2, 0.45), corner)
      line(corner, jittered(0.58, 0.9))
    case 3:
      ellipse(center: jittered(0, -0.48), rx: 0.45, ry: 0.44, from: 200, to: 450)
      ellipse(center: jittered(0, 0.45), rx: 0.52, ry: 0.5, from: 270, to: 505)
    case 4:
      let crossLeft = jittered(-0.52, 0.3)
      if chance() < 0.6 {
        let top = jittered(0.28, -0.92)
        line(top, crossLeft)
        line(top, jittered(0.26, 0.92))
      } else {
        line(jittered(-0.42, -0.9), crossLeft)
        line(jittered(0.3, -0.75), jittered(0.28, 0.92))
      }
      line(crossLeft, jittered(0.6, 0.3))
    case 5:
      let corner = jittered(-0.32, -0.92)
      line(jittered(0.52, -0.92), corner)
      let bowl = jittered(0.02, 0.4)
      let start = Point(x: bowl.x + 0.52 * cos(radians(230)), y: bowl.y + 0.52 * sin(radians(230)))
      line(corner, start)
      ellipse(center: bowl, rx: 0.52, ry: 0.52, from: 230, to: 500)
    case 6:
      let loop = jittered(0, 0.47)
      let end = Point(x: loop.x - 0.48, y: loop.y)
      cubic(jittered(0.4, -0.92), jittered(-0.15, -0.75), jittered(-0.55, -0.1), end)
      ellipse(center: loop, rx: 0.48, ry: 0.45, from: 180, to: 540)
    case 7:
      let corner = jittered(0.55, -0.92)
      line(jittered(-0.55, -0.9), corner)
      quadratic(corner, jittered(0.2, -0.1), jittered(-0.12, 0.92))
      if chance() < 0.3 { line(jittered(-0.15, 0), jittered(0.4, 0)) }
    case 8:
      ellipse(center: jittered(0, -0.5), rx: 0.38, ry: 0.42, from: 90, to: 450)
      ellipse(center: jittered(0, 0.44), rx: 0.48, ry: 0.48, from: -90, to: 270)
    default:
      let loop = jittered(0, -0.45)
      ellipse(center: loop, rx: 0.46, ry: 0.44, from: 0, to: 360)
      let start = Point(x: loop.x + 0.46, y: loop.y)
      let bend: Float = chance() < 0.5 ? 0.42 : 0.3
      quadratic(start, jittered(bend, 0.3), jittered(0.15, 0.92))
    }
  }

  // MARK: - Stroke primitives

  /// A uniform number in [lower, upper).
  private mutating func chance(_ lower: Float = 0, _ upper: Float = 1) -> Float {
    random.nextFloat(in: lower, upper)
  }

  /// (x, y) moved by up to `wobble` in each direction.
  private mutating func jittered(_ x: Float, _ y: Float) -> Point {
    Point(
      x: x + chance(-Self.wobble, Self.wobble), y: y + chance(-Self.wobble, Self.wobble))
  }

  private mutating func line(_ a: Point, _ b: Point) {
    segments.append(Segment(ax: a.x, ay: a.y, bx: b.x, by: b.y))
  }

  private mutating func polyline(_ points: [Point]) {
    for (a, b) in zip(points, points.dropFirst()) {
      line(a, b)
    }
  }

  private mutating func quadratic(_ a: Point, _ control: Point, _ b: Point, steps: Int = 6) {
    polyline(
      (0...steps).map { step in
        let t = Float(step) / Float(steps)
        let (wa, wc, wb) = ((1 - t) * (1 - t), 2 * (1 - t) * t, t * t)
        return Point(
          x: wa * a.x + wc * control.x + wb * b.x, y: wa * a.y + wc * control.y + wb * b.y)
      })
  }

  private mutating func cubic(
    _ a: Point, _ control1: Point, _ control2: Point, _ b: Point, steps: Int = 8
  ) {
    polyline(
      (0...steps).map { step in
        let t = Float(step) / Float(steps)
        let s = 1 - t
        let (wa, w1, w2, wb) = (s * s * s, 3 * s * s * t, 3 * s * t * t, t * t * t)
        return Point(
          x: wa * a.x + w1 * control1.x + w2 * control2.x + wb * b.x,
          y: wa * a.y + w1 * control1.y + w2 * control2.y + wb * b.y)
      })
  }

  /// An elliptical arc from angle `start` to `end` in degrees (0° right, 90° down),
  /// flattened into segments of at most 30°. Radii wobble by up to ±8%.
  private mutating func ellipse(
    center: Point, rx: Float, ry: Float, from start: Float, to end: Float
  ) {
    let radiusX = rx * chance(0.92, 1.08)
    let radiusY = ry * chance(0.92, 1.08)
    let steps = max(2, Int(((end - start) / 30).rounded(.up)))
    polyline(
      (0...steps).map { step in
        let angle = radians(start + (end - start) * Float(step) / Float(steps))
        return Point(x: center.x + radiusX * cos(angle), y: center.y + radiusY * sin(angle))
      })
  }

  private func radians(_ degrees: Float) -> Float { degrees * .pi / 180 }
}
