// Turning a still grey image into DVS-like event frames by moving it along a short path
// (N-MNIST-style saccades) and thresholding per-pixel log-intensity changes.
// Idealised: no refractory period, noise events, latency or bandwidth limit.

import Foundation
import SpikingCore

/// A simple event-camera model that makes event frames from any grey image.
///
/// The image (values in `[0, 1]`, `height × width`) is shifted by a displacement that moves
/// along `path` — waypoints in pixels, `+x` right and `+y` down, visited in equal time
/// slices — and resampled with bilinear interpolation; pixels brought in from outside the
/// image are 0 (black). The default path is three straight saccades of `amplitude` pixels
/// like N-MNIST's: right-down to `(a, a)`, left-down to `(0, 2a)`, and up back to `(0, 0)`.
///
/// Each pixel keeps a reference log intensity, set from the unshifted image at time 0.
/// At step `k` of `0..<frameCount` the image is rendered at time `(k + 1) / frameCount` of
/// the path; with `L = log(I + intensityOffset)` and `D = L − reference`, a pixel whose
/// threshold is `C` emits `⌊D / C⌋` ON events (polarity 1) if `D ≥ C`, or `⌊−D / C⌋` OFF
/// events (polarity 0) if `D ≤ −C`, and moves its reference by `±C` per event.
///
/// Thresholds vary per pixel like a real sensor's: `C = contrastThreshold · max(0.25,
/// 1 + thresholdMismatch · n)` with `n` a standard normal draw per pixel from `seed`. The
/// seed stands for one camera: the same seed, parameters and image always give the same
/// frames. A still image (or a path of one point) gives no events.
///
/// The output has the layout of `EventFrames` without pooling: `[frameCount][height][width][2]`
/// event counts, channels-last, entry `(y · width + x) · 2 + polarity`.
public struct EventCameraEmulator: Sendable, Equatable {
  /// Frames produced (T); one frame per step of the path.
  public var frameCount: Int
  /// The mean log-intensity change per event, `C` (0.15 ≈ a 16 % change in brightness).
  public var contrastThreshold: Float
  /// The relative spread (standard deviation) of per-pixel thresholds; 0 makes them equal.
  public var thresholdMismatch: Float
  /// ε in `log(I + ε)`: keeps black pixels finite and damps changes in dark regions.
  public var intensityOffset: Float
  /// Waypoints of the image's displacement in pixels, `(dx, dy)`; the first is the start.
  public var path: [SIMD2<Float>]
  /// The seed of the per-pixel threshold mismatch.
  public var seed: UInt64

  /// Creates an emulator; the defaults give N-MNIST-like saccades with `C = 0.15`.
  public init(
    frameCount: Int, contrastThreshold: Float = 0.15, thresholdMismatch: Float = 0.03,
    intensityOffset: Float = 0.1, path: [SIMD2<Float>] = saccadePath(), seed: UInt64 = 0
  ) {
    precondition(frameCount > 0, "frameCount must be positive")
    precondition(contrastThreshold > 0, "contrastThreshold must be positive")
    precondition(thresholdMismatch >= 0, "thresholdMismatch must not be negative")
    precondition(intensityOffset > 0, "intensityOffset must be positive")
    precondition(!path.isEmpty, "path needs at least one waypoint")
    self.frameCount = frameCount
    self.contrastThreshold = contrastThreshold
    self.thresholdMismatch = thresholdMismatch
    self.intensityOffset = intensityOffset
    self.path = path
    self.seed = seed
  }

  /// The N-MNIST-like triangle: `(0, 0)` → `(a, a)` → `(0, 2a)` → `(0, 0)`, `a = amplitude`.
  public static func saccadePath(amplitude: Float = 1.5) -> [SIMD2<Float>] {
    [SIMD2(0, 0), SIMD2(amplitude, amplitude), SIMD2(0, 2 * amplitude), SIMD2(0, 0)]
  }

  /// The displacement at `time` in `[0, 1]`: linear between waypoints, each of the
  /// `path.count − 1` segments taking an equal share of the time.
  public func displacement(atTime time: Float) -> SIMD2<Float> {
    guard path.count > 1 else { return path[0] }
    let segments = path.count - 1
    let position = min(max(time, 0), 1) * Float(segments)
    let segment = min(Int(position), segments - 1)
    let fraction = position - Float(segment)
    return path[segment] + (path[segment + 1] - path[segment]) * fraction
  }

  /// The event frames of image `index` of a one-channel `dataset`.
  public func frames(forImageAt index: Int, in dataset: ImageDataset) -> [Float] {
    precondition(dataset.channels == 1, "the emulator takes grey (one-channel) images")
    return dataset.withImage(at: index) {
      frames(for: $0, height: dataset.height, width: dataset.width)
    }
  }

  /// The event frames of a grey image, `[frameCount][height][width][2]` counts.
  /// - Parameter image: `height × width` intensities, row-major, in `[0, 1]`.
  public func frames(for image: [Float], height: Int, width: Int) -> [Float] {
    image.withUnsafeBufferPointer { frames(for: $0, height: height, width: width) }
  }

  /// The event frames of a grey image, `[frameCount][height][width][2]` counts.
  /// - Parameter image: `height × width` intensities, row-major, in `[0, 1]`.
  public func frames(for image: UnsafeBufferPointer<Float>, height: Int, width: Int) -> [Float] {
    precondition(height > 0 && width > 0, "image dimensions must be positive")
    precondition(
      image.count == height * width, "image holds \(image.count) pixels, not \(height)×\(width)")
    let pixelCount = height * width
    let frameSize = pixelCount * EventFrames.polarities
    var output = [Float](repeating: 0, count: frameCount * frameSize)
    // All buffers are sized here once; the step loop only reuses them.
    let thresholds = pixelThresholds(count: pixelCount)
    var rendered = [Float](repeating: 0, count: pixelCount)
    render(image, height: height, width: width, shift: displacement(atTime: 0), into: &rendered)
    var reference = rendered.map { log($0 + intensityOffset) }
    output.withUnsafeMutableBufferPointer { output in
      for step in 0..<frameCount {
        let shift = displacement(atTime: Float(step + 1) / Float(frameCount))
        render(image, height: height, width: width, shift: shift, into: &rendered)
        let frame = step * frameSize
        for pixel in 0..<pixelCount {
          let threshold = thresholds[pixel]
          let change = log(rendered[pixel] + intensityOffset) - reference[pixel]
          if change >= threshold {
            let events = (change / threshold).rounded(.down)
            output[frame + pixel * 2 + 1] += events
            reference[pixel] += events * threshold
          } else if change <= -threshold {
            let events = (-change / threshold).rounded(.down)
            output[frame + pixel * 2] += events
            reference[pixel] -= events * threshold
          }
        }
      }
    }
    return output
  }

  /// Per-pixel thresholds `C · max(0.25, 1 + mismatch · n)`, drawn from `seed`.
  func pixelThresholds(count: Int) -> [Float] {
    var random = RandomSource(seed: seed)
    return (0..<count).map { _ in
      contrastThreshold * max(0.25, 1 + thresholdMismatch * random.nextNormal())
    }
  }

  /// Writes `image` displaced by `shift` into `output`: pixel (x, y) takes the bilinear
  /// sample of the image at (x − dx, y − dy), with 0 outside the image.
  private func render(
    _ image: UnsafeBufferPointer<Float>, height: Int, width: Int, shift: SIMD2<Float>,
    into output: inout [Float]
  ) {
    func pixel(_ x: Int, _ y: Int) -> Float {
      x >= 0 && x < width && y >= 0 && y < height ? image[y * width + x] : 0
    }
    for y in 0..<height {
      let sourceY = Float(y) - shift.y
      let y0 = Int(sourceY.rounded(.down))
      let fy = sourceY - Float(y0)
      for x in 0..<width {
        let sourceX = Float(x) - shift.x
        let x0 = Int(sourceX.rounded(.down))
        let fx = sourceX - Float(x0)
        let top = pixel(x0, y0) * (1 - fx) + pixel(x0 + 1, y0) * fx
        let bottom = pixel(x0, y0 + 1) * (1 - fx) + pixel(x0 + 1, y0 + 1) * fx
        output[y * width + x] = top * (1 - fy) + bottom * fy
      }
    }
  }
}
