// Tests of ImageAugmentation: exact crops, flips and normalisation against a plain
// pad-then-window reference, and the spread of the random placements.

import SpikingCore
import XCTest

@testable import Datasets

final class ImageAugmentationTests: XCTestCase {
  private typealias Placement = ImageAugmentation.Placement
  private let side = 32
  private let channels = 3

  /// A 32×32×3 image whose values are all different and non-zero: `1 + 100y + x + c/4`.
  private var ramp: [Float] {
    (0..<side * side * channels).map { index in
      let (pixel, channel) = index.quotientAndRemainder(dividingBy: channels)
      let (y, x) = pixel.quotientAndRemainder(dividingBy: side)
      return 1 + Float(100 * y + x) + Float(channel) / 4
    }
  }

  /// The value of `image` at `(y, x, channel)`, HWC.
  private func value(_ image: [Float], _ y: Int, _ x: Int, _ channel: Int) -> Float {
    image[(y * side + x) * channels + channel]
  }

  private func cropped(
    _ image: [Float], _ placement: Placement, augmentation: ImageAugmentation = .cifar10
  ) -> [Float] {
    var output = [Float](repeating: .nan, count: image.count)
    image.withUnsafeBufferPointer { source in
      output.withUnsafeMutableBufferPointer { target in
        augmentation.crop(
          source.baseAddress!, into: target.baseAddress!, height: side, width: side,
          channels: channels, placement: placement)
      }
    }
    return output
  }

  private func applied(
    _ image: [Float], _ placement: Placement, augmentation: ImageAugmentation = .cifar10
  ) -> [Float] {
    var output = [Float](repeating: .nan, count: image.count)
    image.withUnsafeBufferPointer { source in
      output.withUnsafeMutableBufferPointer { target in
        augmentation.apply(
          source.baseAddress!, into: target.baseAddress!, height: side, width: side,
          channels: channels, placement: placement)
      }
    }
    return output
  }

  private func applied(_ image: [Float], using random: inout RandomSource) -> [Float] {
    var output = [Float](repeating: .nan, count: image.count)
    image.withUnsafeBufferPointer { source in
      output.withUnsafeMutableBufferPointer { target in
        ImageAugmentation.cifar10.apply(
          source.baseAddress!, into: target.baseAddress!, height: side, width: side,
          channels: channels, using: &random)
      }
    }
    return output
  }

  /// The reference: pad to 40×40 with zeros, take the 32×32 window at the offsets, mirror it.
  private func referenceCrop(_ image: [Float], _ placement: Placement) -> [Float] {
    let padding = 4
    let paddedSide = side + 2 * padding
    var padded = [Float](repeating: 0, count: paddedSide * paddedSide * channels)
    for y in 0..<side {
      for x in 0..<side {
        for channel in 0..<channels {
          padded[((y + padding) * paddedSide + x + padding) * channels + channel] =
            value(image, y, x, channel)
        }
      }
    }
    var window = [Float](repeating: 0, count: side * side * channels)
    for y in 0..<side {
      for x in 0..<side {
        for channel in 0..<channels {
          let paddedY = y + placement.offsetY
          let paddedX = x + placement.offsetX
          window[(y * side + x) * channels + channel] =
            padded[(paddedY * paddedSide + paddedX) * channels + channel]
        }
      }
    }
    guard placement.flip else { return window }
    var mirrored = window
    for y in 0..<side {
      for x in 0..<side {
        for channel in 0..<channels {
          mirrored[(y * side + x) * channels + channel] = value(window, y, side - 1 - x, channel)
        }
      }
    }
    return mirrored
  }

  // MARK: - Deterministic crops and flips

  func testCropAtTheOriginPadsTheTopRowsAndLeftColumnsAndShiftsTheImage() {
    let image = ramp
    let output = cropped(image, Placement(offsetY: 0, offsetX: 0, flip: false))
    for y in 0..<side {
      for x in 0..<side {
        for channel in 0..<channels {
          let expected = y < 4 || x < 4 ? 0 : value(image, y - 4, x - 4, channel)
          XCTAssertEqual(value(output, y, x, channel), expected, "y \(y) x \(x) c \(channel)")
        }
      }
    }
  }

  func testCropAtTheFarCornerPadsTheBottomRowsAndRightColumns() {
    let image = ramp
    let output = cropped(image, Placement(offsetY: 8, offsetX: 8, flip: false))
    XCTAssertEqual(value(output, 0, 0, 2), value(image, 4, 4, 2))
    XCTAssertEqual(value(output, 27, 27, 1), value(image, 31, 31, 1))
    XCTAssertEqual(value(output, 28, 0, 0), 0)
    XCTAssertEqual(value(output, 0, 28, 0), 0)
  }

  func testCentredPlacementIsTheIdentity() {
    let augmentation = ImageAugmentation.cifar10
    XCTAssertEqual(augmentation.identity, Placement(offsetY: 4, offsetX: 4, flip: false))
    XCTAssertEqual(cropped(ramp, augmentation.identity), ramp)
  }

  func testFlipMirrorsColumnsExactly() {
    let image = ramp
    let output = cropped(image, Placement(offsetY: 4, offsetX: 4, flip: true))
    for y in 0..<side {
      for x in 0..<side {
        for channel in 0..<channels {
          XCTAssertEqual(value(output, y, x, channel), value(image, y, side - 1 - x, channel))
        }
      }
    }
  }

  func testEveryPlacementMatchesThePadThenWindowReference() {
    let image = ramp
    for offsetY in 0...8 {
      for offsetX in 0...8 {
        for flip in [false, true] {
          let placement = Placement(offsetY: offsetY, offsetX: offsetX, flip: flip)
          XCTAssertEqual(
            cropped(image, placement), referenceCrop(image, placement), "\(placement)")
        }
      }
    }
  }

  // MARK: - Normalisation

  func testNormalisingAConstantImageGivesTheChannelValues() {
    let augmentation = ImageAugmentation.cifar10
    XCTAssertEqual(augmentation.mean, [0.4914, 0.4822, 0.4465])
    XCTAssertEqual(augmentation.std, [0.557, 0.549, 0.5534])
    let image = [Float](repeating: 0.75, count: side * side * channels)
    var output = [Float](repeating: .nan, count: image.count)
    image.withUnsafeBufferPointer { source in
      output.withUnsafeMutableBufferPointer { target in
        augmentation.normalise(
          source.baseAddress!, into: target.baseAddress!, height: side, width: side,
          channels: channels)
      }
    }
    let expected = (0..<channels).map { (0.75 - augmentation.mean[$0]) / augmentation.std[$0] }
    XCTAssertEqual(expected[0], 0.4642729, accuracy: 1e-6)
    for index in output.indices {
      XCTAssertEqual(output[index], expected[index % channels], "index \(index)")
    }
    XCTAssertEqual(applied(image, augmentation.identity), output)
  }

  func testApplyNormalisesThePaddingToo() {
    let augmentation = ImageAugmentation.cifar10
    let image = ramp
    let placement = Placement(offsetY: 0, offsetX: 8, flip: true)
    let output = applied(image, placement)
    let reference = referenceCrop(image, placement)
    for index in output.indices {
      let channel = index % channels
      let expected = (reference[index] - augmentation.mean[channel]) / augmentation.std[channel]
      XCTAssertEqual(output[index], expected, "index \(index)")
    }
    XCTAssertEqual(value(output, 0, 0, 1), -0.4822 / 0.549, accuracy: 1e-6)
  }

  // MARK: - Random placements

  func testRandomPlacementsCoverEveryOffsetAndFlipHalfTheTime() {
    let augmentation = ImageAugmentation.cifar10
    var random = RandomSource(seed: 42)
    var seen = Set<[Int]>()
    var flips = 0
    let draws = 4000
    for _ in 0..<draws {
      let placement = augmentation.randomPlacement(using: &random)
      XCTAssertTrue((0...8).contains(placement.offsetY) && (0...8).contains(placement.offsetX))
      seen.insert([placement.offsetY, placement.offsetX])
      if placement.flip { flips += 1 }
    }
    XCTAssertEqual(seen.count, 81)
    // 4,000 fair coins: 2,000 ± 32 (one standard deviation); allow five.
    XCTAssertTrue((1840...2160).contains(flips), "\(flips) flips in \(draws)")

    var noFlip = augmentation
    noFlip.flip = false
    XCTAssertFalse((0..<200).contains { _ in noFlip.randomPlacement(using: &random).flip })
    var noCrop = augmentation
    noCrop.cropPadding = 0
    XCTAssertTrue(
      (0..<200).allSatisfy { _ in
        let placement = noCrop.randomPlacement(using: &random)
        return placement.offsetY == 0 && placement.offsetX == 0
      })
  }

  func testSameSeedGivesTheSameImage() {
    let image = ramp
    var first = RandomSource(seed: 7)
    var second = RandomSource(seed: 7)
    var placements = RandomSource(seed: 7)
    for _ in 0..<5 {
      let output = applied(image, using: &first)
      XCTAssertEqual(output, applied(image, using: &second))
      let placement = ImageAugmentation.cifar10.randomPlacement(using: &placements)
      XCTAssertEqual(output, applied(image, placement))
    }
  }
}
