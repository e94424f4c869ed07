// An in-memory labelled image data set with channels-last Float pixels in [0, 1].
// Augmentation and batching live elsewhere (see BatchSampler).

/// A labelled set of equally sized images, held in memory.
///
/// Pixels are stored as `[count][height][width][channels]` (channels-last, HWC) with
/// values in `[0, 1]`. Labels are class indices in `0..<classCount`.
public struct ImageDataset: Sendable, Equatable {
  /// A short name for logs and the UI, e.g. `"mnist-train"`.
  public var name: String
  /// Channels per pixel: 1 for grey, 3 for RGB.
  public let channels: Int
  /// Image height in pixels.
  public let height: Int
  /// Image width in pixels.
  public let width: Int
  /// All pixels, `[count][height][width][channels]`, values in `[0, 1]`.
  public let pixels: [Float]
  /// One class index per image, each in `0..<classCount`.
  public let labels: [UInt8]
  /// The number of classes; labels lie in `0..<classCount`.
  public let classCount: Int

  /// Creates a data set. `pixels.count` must equal `labels.count * height * width * channels`.
  public init(
    name: String, channels: Int, height: Int, width: Int, pixels: [Float], labels: [UInt8],
    classCount: Int
  ) {
    precondition(channels > 0 && height > 0 && width > 0, "image dimensions must be positive")
    precondition(
      pixels.count == labels.count * height * width * channels,
      "pixels.count \(pixels.count) != \(labels.count) images × \(height)×\(width)×\(channels)")
    assert(labels.allSatisfy { Int($0) < classCount }, "a label is outside 0..<classCount")
    self.name = name
    self.channels = channels
    self.height = height
    self.width = width
    self.pixels = pixels
    self.labels = labels
    self.classCount = classCount
  }

  /// The number of images.
  public var count: Int { labels.count }

  /// Floats per image: `height * width * channels`.
  public var imageSize: Int { height * width * channels }

  /// The pixels of image `index` as `[height][width][channels]`; no copy is made.
  public func image(at index: Int) -> ArraySlice<Float> {
    precondition(index >= 0 && index < count, "image index \(index) outside 0..<\(count)")
    let start = index * imageSize
    return pixels[start..<start + imageSize]
  }

  /// Calls `body` with a pointer to the pixels of image `index` (`[height][width][channels]`).
  public func withImage<Result>(
    at index: Int, _ body: (UnsafeBufferPointer<Float>) throws -> Result
  ) rethrows -> Result {
    precondition(index >= 0 && index < count, "image index \(index) outside 0..<\(count)")
    let size = imageSize
    return try pixels.withUnsafeBufferPointer { all in
      try body(UnsafeBufferPointer(rebasing: all[index * size..<(index + 1) * size]))
    }
  }

  /// The number of images of each class; the result has `classCount` entries.
  public func labelCounts() -> [Int] {
    var counts = [Int](repeating: 0, count: classCount)
    for label in labels where Int(label) < classCount {
      counts[Int(label)] += 1
    }
    return counts
  }

  /// A new data set holding the images at `indices`, in that order (repeats allowed).
  public func subset(_ indices: [Int]) -> ImageDataset {
    let size = imageSize
    var newPixels = [Float]()
    newPixels.reserveCapacity(indices.count * size)
    var newLabels = [UInt8]()
    newLabels.reserveCapacity(indices.count)
    for index in indices {
      precondition(index >= 0 && index < count, "subset index \(index) outside 0..<\(count)")
      newPixels.append(contentsOf: pixels[index * size..<(index + 1) * size])
      newLabels.append(labels[index])
    }
    return ImageDataset(
      name: name, channels: channels, height: height, width: width, pixels: newPixels,
      labels: newLabels, classCount: classCount)
  }

  /// A new data set holding the first `min(n, count)` images.
  public func prefix(_ n: Int) -> ImageDataset {
    let kept = max(0, min(n, count))
    return ImageDataset(
      name: name, channels: channels, height: height, width: width,
      pixels: Array(pixels[0..<kept * imageSize]), labels: Array(labels[0..<kept]),
      classCount: classCount)
  }
}
