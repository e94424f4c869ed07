// Loading MNIST from its canonical IDX files, raw or gzip-compressed.
// Finding the folder is DataLocator's job; downloading is not done here.

import Foundation

/// The MNIST handwritten digits: 60,000 training and 10,000 test images, 28×28 grey.
public enum MNIST {
  /// Which half of MNIST to load.
  public enum Split: String, Sendable, CaseIterable {
    /// 60,000 images, files `train-*`.
    case train
    /// 10,000 images, files `t10k-*`.
    case test

    /// The canonical images file name, without `.gz`.
    public var imagesFileName: String { "\(filePrefix)-images-idx3-ubyte" }
    /// The canonical labels file name, without `.gz`.
    public var labelsFileName: String { "\(filePrefix)-labels-idx1-ubyte" }

    private var filePrefix: String {
      switch self {
      case .train: return "train"
      case .test: return "t10k"
      }
    }
  }

  /// Digits 0 to 9.
  public static let classCount = 10

  /// The four canonical file names (gzip-compressed form), train first.
  public static let canonicalFileNames: [String] = Split.allCases.flatMap {
    [$0.imagesFileName + ".gz", $0.labelsFileName + ".gz"]
  }

  /// Loads one split from `directory`, where each file may be raw or end in `.gz`.
  ///
  /// Pixels are scaled to `[0, 1]` by dividing by 255; the data set is named
  /// `"mnist-train"` or `"mnist-test"`.
  /// - Throws: `DatasetError.fileNotFound` (naming both forms tried), a gzip error,
  ///   `.wrongMagic`, `.truncated`, `.trailingBytes`, `.countMismatch` or `.labelOutOfRange`.
  public static func load(directory: String, split: Split) throws -> ImageDataset {
    let imagesPath = try locate(split.imagesFileName, in: directory)
    let labelsPath = try locate(split.labelsFileName, in: directory)
    let labels = try IDXReader.labels(
      from: Gzip.readFile(atPath: labelsPath), path: labelsPath, classCount: classCount)
    let images = try IDXReader.images(from: Gzip.readFile(atPath: imagesPath), path: imagesPath)
    guard images.count == labels.count else {
      throw DatasetError.countMismatch(
        imagesPath: imagesPath, imageCount: images.count, labelsPath: labelsPath,
        labelCount: labels.count)
    }
    return ImageDataset(
      name: "mnist-\(split.rawValue)", channels: 1, height: images.height, width: images.width,
      pixels: images.pixels, labels: labels, classCount: classCount)
  }

  /// Loads only the labels of one split: cheap when the images are not needed.
  public static func loadLabels(directory: String, split: Split) throws -> [UInt8] {
    let labelsPath = try locate(split.labelsFileName, in: directory)
    return try IDXReader.labels(
      from: Gzip.readFile(atPath: labelsPath), path: labelsPath, classCount: classCount)
  }

  /// Whether `directory` holds the images file of either split, raw or compressed.
  public static func looksLikeMNISTDirectory(_ directory: String) -> Bool {
    Split.allCases.contains { (try? locate($0.imagesFileName, in: directory)) != nil }
  }

  /// The path of `name` or `name.gz` in `directory`, preferring the raw file.
  static func locate(_ name: String, in directory: String) throws -> String {
    let base = URL(fileURLWithPath: directory).appendingPathComponent(name).path
    let candidates = [base, base + ".gz"]
    for candidate in candidates where FileManager.default.fileExists(atPath: candidate) {
      return candidate
    }
    throw DatasetError.fileNotFound(tried: candidates)
  }
}
