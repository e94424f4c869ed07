// Loading CIFAR-10 from its binary batches (`cifar-10-batches-bin`), raw or gzip-compressed.
// Finding the folder is DataLocator's job; augmentation is ImageAugmentation's.

import Foundation

/// CIFAR-10: 32×32 colour images in 10 classes, 50,000 for training (five batches of
/// 10,000) and 10,000 for testing.
///
/// A batch file is a run of 3,073-byte records: one label byte (0–9), then 3,072 pixel
/// bytes stored planar, channel-major: 1,024 red, then 1,024 green, then 1,024 blue, each
/// plane row-major 32×32. The loader turns that into channels-last (HWC) Floats in `[0, 1]`.
public enum CIFAR10 {
  /// Which half of CIFAR-10 to load.
  public enum Split: String, Sendable, CaseIterable {
    /// Up to 50,000 images from `data_batch_1.bin` … `data_batch_5.bin`; any subset of
    /// the five batches may be present.
    case train
    /// 10,000 images from `test_batch.bin`.
    case test

    /// The batch file names this split may use, without `.gz`, in loading order.
    public var batchFileNames: [String] {
      switch self {
      case .train: return (1...5).map { "data_batch_\($0).bin" }
      case .test: return ["test_batch.bin"]
      }
    }
  }

  /// The ten classes, indexed by label.
  public static let classNames = [
    "airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck",
  ]
  /// Labels lie in `0..<classCount`.
  public static let classCount = 10
  /// Image side in pixels (images are square).
  public static let side = 32
  /// Colour channels: red, green, blue.
  public static let channels = 3
  /// Bytes per record: one label byte and `side * side * channels` pixel bytes.
  public static let recordSize = 1 + side * side * channels

  /// Every batch file name (gzip-compressed form), training batches first.
  public static let canonicalFileNames: [String] = Split.allCases.flatMap {
    $0.batchFileNames.map { $0 + ".gz" }
  }

  /// Loads one split from `directory`, where each batch file may be raw or end in `.gz`.
  ///
  /// The training split concatenates every `data_batch_N` present (N = 1…5, in order; at
  /// least one is needed). Pixels are scaled to `[0, 1]` by dividing by 255 and stored
  /// `[count][32][32][3]`; the data set is named `"cifar10-train"` or `"cifar10-test"`.
  /// - Throws: `DatasetError.fileNotFound` (naming every file tried) when no batch of the
  ///   split exists, a read or gzip error, `.emptyFile`, `.partialRecord` or
  ///   `.labelOutOfRange`.
  public static func load(directory: String, split: Split) throws -> ImageDataset {
    let (paths, tried) = batchFiles(in: directory, split: split)
    guard !paths.isEmpty else {
      throw DatasetError.fileNotFound(tried: tried)
    }
    // Read and check every file before allocating the Floats, so the size is known.
    var batches = [[UInt8]]()
    for path in paths {
      batches.append(try Gzip.readFile(atPath: path))
    }
    return try images(fromBatches: batches, paths: paths, split: split)
  }

  /// The images of batch files already read into memory (`paths` name them in errors).
  /// - Throws: `DatasetError.emptyFile`, `.partialRecord` or `.labelOutOfRange`.
  public static func images(fromBatches batches: [[UInt8]], paths: [String], split: Split)
    throws -> ImageDataset
  {
    precondition(batches.count == paths.count, "one path per batch")
    for (bytes, path) in zip(batches, paths) { try check(bytes, path: path) }
    let imageSize = recordSize - 1
    let count = batches.reduce(0) { $0 + $1.count / recordSize }
    var labels = [UInt8]()
    labels.reserveCapacity(count)
    let pixels = [Float](unsafeUninitializedCapacity: count * imageSize) { buffer, initialized in
      guard let base = buffer.baseAddress else { return }
      var image = 0
      for batch in batches {
        batch.withUnsafeBufferPointer { bytes in
          guard let source = bytes.baseAddress else { return }
          for record in 0..<bytes.count / recordSize {
            let start = source + record * recordSize
            labels.append(start[0])
            decode(planar: start + 1, into: base + image * imageSize)
            image += 1
          }
        }
      }
      initialized = image * imageSize
    }
    return ImageDataset(
      name: "cifar10-\(split.rawValue)", channels: channels, height: side, width: side,
      pixels: pixels, labels: labels, classCount: classCount)
  }

  /// Whether `directory` holds at least one batch file of either split, raw or compressed.
  public static func looksLikeCIFAR10Directory(_ directory: String) -> Bool {
    Split.allCases.contains { !batchFiles(in: directory, split: $0).found.isEmpty }
  }

  /// The batch files of `split` present in `directory`, in loading order (for each name
  /// the raw file is preferred over the `.gz` one), and every path tried for the missing.
  static func batchFiles(
    in directory: String, split: Split
  ) -> (found: [String], tried: [String]) {
    var found = [String]()
    var tried = [String]()
    for name in split.batchFileNames {
      do {
        found.append(try MNIST.locate(name, in: directory))  // the same raw-or-.gz lookup
      } catch DatasetError.fileNotFound(let paths) {
        tried += paths
      } catch {
        assertionFailure("locate throws only fileNotFound, got \(error)")
      }
    }
    return (found, tried)
  }

  /// Checks that `bytes` are whole records with labels below `classCount`.
  /// - Throws: `DatasetError.emptyFile`, `.partialRecord` or `.labelOutOfRange` (the first).
  static func check(_ bytes: [UInt8], path: String) throws {
    guard !bytes.isEmpty else {
      throw DatasetError.emptyFile(path: path)
    }
    guard bytes.count % recordSize == 0 else {
      throw DatasetError.partialRecord(
        path: path, recordSize: recordSize, foundBytes: bytes.count)
    }
    for index in 0..<bytes.count / recordSize {
      let label = bytes[index * recordSize]
      if Int(label) >= classCount {
        throw DatasetError.labelOutOfRange(
          path: path, index: index, value: Int(label), classCount: classCount)
      }
    }
  }

  /// Converts one image from the file's planar `[3][32][32]` bytes to `[32][32][3]` Floats.
  private static func decode(
    planar source: UnsafePointer<UInt8>, into image: UnsafeMutablePointer<Float>
  ) {
    let plane = side * side
    let (red, green, blue) = (source, source + plane, source + 2 * plane)
    let scale: Float = 1.0 / 255.0
    for pixel in 0..<plane {
      let target = image + 3 * pixel
      target[0] = Float(red[pixel]) * scale
      target[1] = Float(green[pixel]) * scale
      target[2] = Float(blue[pixel]) * scale
    }
  }
}
