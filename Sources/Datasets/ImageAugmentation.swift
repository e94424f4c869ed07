// Training-time augmentation of channels-last images: zero-padded random crop, random
// horizontal flip, per-channel normalisation. One image at a time; batching is elsewhere.

import SpikingCore

/// The CIFAR-10 augmentation of the paper's reference code (torchvision's
/// `RandomCrop(32, padding: 4)`, `RandomHorizontalFlip()`, `Normalize(mean, std)`), for
/// images stored `[height][width][channels]` (HWC).
///
/// One augmented image is made in three steps, in this order:
/// 1. Crop: pad the image with `cropPadding` zero pixels on every side and take the
///    `height × width` window whose top-left corner is at `(offsetY, offsetX)` of the
///    padded image, each offset in `0...2 * cropPadding`. Offsets of `cropPadding` give the
///    image unchanged; `(0, 0)` shifts it down and right, filling the top rows and left
///    columns with zeros.
/// 2. Flip: when chosen, mirror the cropped window left to right.
/// 3. Normalise: `x' = (x - mean[c]) / std[c]` for channel `c`, padding included, so a
///    padded pixel becomes `-mean[c] / std[c]`.
///
/// Random placements draw `offsetY`, then `offsetX` uniformly, then (only when `flip` is on)
/// a flip with probability 0.5, so the same generator state gives the same image.
public struct ImageAugmentation: Sendable, Equatable {
  /// Where the crop window sits and whether it is mirrored.
  public struct Placement: Sendable, Hashable {
    /// The window's top row in the padded image, in `0...2 * cropPadding`.
    public var offsetY: Int
    /// The window's left column in the padded image, in `0...2 * cropPadding`.
    public var offsetX: Int
    /// Whether the window is mirrored left to right.
    public var flip: Bool

    public init(offsetY: Int, offsetX: Int, flip: Bool) {
      self.offsetY = offsetY
      self.offsetX = offsetX
      self.flip = flip
    }
  }

  /// Zero pixels added on each side before the random crop; 0 turns cropping off.
  public var cropPadding: Int
  /// Whether a random half of the images is mirrored left to right.
  public var flip: Bool
  /// The per-channel mean subtracted by normalisation; one entry per channel.
  public var mean: [Float]
  /// The per-channel standard deviation divided by in normalisation; one entry per channel.
  public var std: [Float]

  /// - Precondition: `cropPadding >= 0`, `mean.count == std.count`, every `std` positive.
  public init(cropPadding: Int, flip: Bool, mean: [Float], std: [Float]) {
    precondition(cropPadding >= 0, "cropPadding must not be negative")
    precondition(mean.count == std.count, "mean and std need one entry per channel each")
    precondition(std.allSatisfy { $0 > 0 }, "every std must be positive")
    self.cropPadding = cropPadding
    self.flip = flip
    self.mean = mean
    self.std = std
  }

  /// The paper's CIFAR-10 setting: crop with padding 4, flip, and the reference code's
  /// means (0.4914, 0.4822, 0.4465) and standard deviations (0.557, 0.549, 0.5534).
  public static let cifar10 = ImageAugmentation(
    cropPadding: 4, flip: true, mean: [0.4914, 0.4822, 0.4465], std: [0.557, 0.549, 0.5534])

  /// The placement that leaves an image where it is: centred window, no flip.
  public var identity: Placement {
    Placement(offsetY: cropPadding, offsetX: cropPadding, flip: false)
  }

  /// Draws a placement: `offsetY`, then `offsetX`, each uniform in `0...2 * cropPadding`,
  /// then a flip with probability 0.5 when `flip` is on (nothing is drawn when it is off).
  public func randomPlacement(using random: inout RandomSource) -> Placement {
    let offsets = 2 * cropPadding + 1
    let offsetY = random.nextInt(below: offsets)
    let offsetX = random.nextInt(below: offsets)
    let mirrored = flip && random.nextUnit() < 0.5
    return Placement(offsetY: offsetY, offsetX: offsetX, flip: mirrored)
  }

  /// The placement of a training sample from its key (InputStreams): h = SpikeHash.sampleWord
  /// (key, 0xA06DE17A); offsetY = h mod n, offsetX = (h div n) mod n with n = 2·padding + 1;
  /// a flip when `flip` is on and h's top bit is set. The PyTorch backend places it the same.
  public func placement(key: UInt64) -> Placement {
    let h = SpikeHash.sampleWord(key: key, purpose: 0xA06D_E17A)
    let n = UInt32(2 * cropPadding + 1)
    return Placement(
      offsetY: Int(h % n), offsetX: Int((h / n) % n), flip: flip && h >> 31 == 1)
  }

  /// Crops, maybe flips, and normalises `image` at a random placement (see
  /// `randomPlacement(using:)`) into `output`. Both hold `height * width * channels` Floats,
  /// HWC, and must not overlap.
  public func apply(
    _ image: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>,
    height: Int, width: Int, channels: Int, using random: inout RandomSource
  ) {
    let placement = randomPlacement(using: &random)
    apply(
      image, into: output, height: height, width: width, channels: channels,
      placement: placement)
  }

  /// Crops and flips `image` at `placement`, then normalises, into `output`. Both hold
  /// `height * width * channels` Floats, HWC, and must not overlap.
  public func apply(
    _ image: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>,
    height: Int, width: Int, channels: Int, placement: Placement
  ) {
    precondition(channels == mean.count, "\(channels) channels but \(mean.count) means")
    transform(
      image, into: output, height: height, width: width, channels: channels,
      placement: placement, mean: mean, std: std)
  }

  /// Crops and flips `image` at `placement` without normalising: padding reads as 0 and the
  /// other pixels keep their values. Both buffers hold `height * width * channels` Floats,
  /// HWC, and must not overlap.
  public func crop(
    _ image: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>,
    height: Int, width: Int, channels: Int, placement: Placement
  ) {
    transform(
      image, into: output, height: height, width: width, channels: channels,
      placement: placement, mean: [Float](repeating: 0, count: channels),
      std: [Float](repeating: 1, count: channels))
  }

  /// Normalises `image` into `output` with no crop or flip: the transform for test images.
  /// `output` may be `image` itself.
  public func normalise(
    _ image: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>,
    height: Int, width: Int, channels: Int
  ) {
    precondition(channels == mean.count, "\(channels) channels but \(mean.count) means")
    for pixel in 0..<height * width {
      for channel in 0..<channels {
        let index = pixel * channels + channel
        output[index] = (image[index] - mean[channel]) / std[channel]
      }
    }
  }

  /// The one pass behind `apply` and `crop`: output pixel `(y, x)` reads source pixel
  /// `(y + offsetY - cropPadding, x' + offsetX - cropPadding)` with `x' = width - 1 - x` when
  /// flipped, else `x`, or 0 outside the image; then `(value - mean[c]) / std[c]`.
  private func transform(
    _ image: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>,
    height: Int, width: Int, channels: Int, placement: Placement,
    mean: [Float], std: [Float]
  ) {
    precondition(height > 0 && width > 0 && channels > 0, "image dimensions must be positive")
    precondition(
      (0...2 * cropPadding).contains(placement.offsetY)
        && (0...2 * cropPadding).contains(placement.offsetX),
      "placement \(placement) outside 0...\(2 * cropPadding)")
    let rowShift = placement.offsetY - cropPadding
    let columnShift = placement.offsetX - cropPadding
    for y in 0..<height {
      let sourceY = y + rowShift
      let rowInside = sourceY >= 0 && sourceY < height
      for x in 0..<width {
        let sourceX = (placement.flip ? width - 1 - x : x) + columnShift
        let inside = rowInside && sourceX >= 0 && sourceX < width
        let target = (y * width + x) * channels
        let source = (sourceY * width + sourceX) * channels
        for channel in 0..<channels {
          let value = inside ? image[source + channel] : 0
          output[target + channel] = (value - mean[channel]) / std[channel]
        }
      }
    }
  }
}
