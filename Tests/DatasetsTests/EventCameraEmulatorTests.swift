// Tests of the event-camera emulator: exact counts, no motion no events, edge polarity,
// threshold dependence, determinism and the saccade path.

import XCTest

@testable import Datasets

final class EventCameraEmulatorTests: XCTestCase {
  /// Total ON and OFF events of `frames` (`[T][H][W][2]`).
  private func totals(_ frames: [Float]) -> (on: Float, off: Float) {
    var (on, off): (Float, Float) = (0, 0)
    for i in stride(from: 0, to: frames.count, by: 2) {
      off += frames[i]
      on += frames[i + 1]
    }
    return (on, off)
  }

  func testOnePixelStepGivesTheExactNumberOfEvents() {
    // [1, 0, 0] moved right by one pixel becomes [0, 1, 0]: pixel 1 rises and pixel 0
    // falls by log(1.1) − log(0.1) = 2.398, i.e. ⌊2.398 / 0.15⌋ = 15 events each.
    let emulator = EventCameraEmulator(
      frameCount: 1, thresholdMismatch: 0, path: [SIMD2(0, 0), SIMD2(1, 0)])
    let frames = emulator.frames(for: [1, 0, 0], height: 1, width: 3)
    XCTAssertEqual(frames, [15, 0, 0, 15, 0, 0])
  }

  func testAStillImageGivesNoEvents() {
    let digit = SyntheticDigits.generate(count: 1, seed: 3)
    for path in [[SIMD2<Float>(2, 1)], EventCameraEmulator.saccadePath(amplitude: 0)] {
      let emulator = EventCameraEmulator(frameCount: 12, path: path, seed: 5)
      let frames = emulator.frames(forImageAt: 0, in: digit)
      XCTAssertEqual(frames.count, 12 * 28 * 28 * 2)
      XCTAssertEqual(frames.max(), 0)
    }
  }

  func testAMovingBarFiresOnAtItsLeadingEdgeAndOffAtItsTrailingEdge() {
    // A bright bar in columns 6...9 of a 16×16 image moves 3 pixels right.
    let (height, width) = (16, 16)
    let image = (0..<height * width).map { (i: Int) -> Float in (6...9).contains(i % width) ? 1 : 0
    }
    let emulator = EventCameraEmulator(
      frameCount: 6, path: [SIMD2(0, 0), SIMD2(3, 0)], seed: 1)
    let frames = emulator.frames(for: image, height: height, width: width)
    var onColumns = Set<Int>()
    var offColumns = Set<Int>()
    for step in 0..<6 {
      for pixel in 0..<height * width {
        let base = (step * height * width + pixel) * 2
        if frames[base + 1] > 0 { onColumns.insert(pixel % width) }
        if frames[base] > 0 { offColumns.insert(pixel % width) }
      }
    }
    XCTAssertEqual(onColumns, [10, 11, 12], "ON only where the bar arrives")
    XCTAssertEqual(offColumns, [6, 7, 8], "OFF only where the bar leaves")
    let (on, off) = totals(frames)
    XCTAssertGreaterThan(on, 0)
    XCTAssertEqual(on, off, accuracy: 0.1 * on, "leading and trailing edges balance")
  }

  func testEventCountsGrowAsTheThresholdShrinks() {
    let digit = SyntheticDigits.generate(count: 1, seed: 11)
    let counts = [0.3, 0.15, 0.075].map { threshold -> Float in
      let emulator = EventCameraEmulator(frameCount: 10, contrastThreshold: Float(threshold))
      let (on, off) = totals(emulator.frames(forImageAt: 0, in: digit))
      return on + off
    }
    XCTAssertGreaterThan(counts[0], 0)
    XCTAssertLessThan(counts[0], counts[1])
    XCTAssertLessThan(counts[1], counts[2])
  }

  func testSameSeedAndImageGiveTheSameFrames() {
    let digit = SyntheticDigits.generate(count: 1, seed: 2)
    let frames = digit.image(at: 0)
    let first = EventCameraEmulator(frameCount: 9, seed: 42)
    XCTAssertEqual(
      first.frames(for: Array(frames), height: 28, width: 28),
      EventCameraEmulator(frameCount: 9, seed: 42).frames(forImageAt: 0, in: digit))
    XCTAssertNotEqual(
      first.frames(forImageAt: 0, in: digit),
      EventCameraEmulator(frameCount: 9, seed: 43).frames(forImageAt: 0, in: digit),
      "the seed sets the per-pixel threshold mismatch")
  }

  func testTheSaccadePathVisitsItsCornersInEqualTimes() {
    let emulator = EventCameraEmulator(frameCount: 3)
    let expected: [(time: Float, x: Float, y: Float)] = [
      (0, 0, 0), (1.0 / 3, 1.5, 1.5), (0.5, 0.75, 2.25), (2.0 / 3, 0, 3), (1, 0, 0),
    ]
    for (time, x, y) in expected {
      let shift = emulator.displacement(atTime: time)
      XCTAssertEqual(shift.x, x, accuracy: 1e-5, "x at \(time)")
      XCTAssertEqual(shift.y, y, accuracy: 1e-5, "y at \(time)")
    }
  }
}
