// Writes labelled images in MNIST's IDX format (big-endian headers, one byte per pixel and
// label, uncompressed): how the synthetic digits reach programs that read files, such as the
// PyTorch backend. Pixels in [0, 1] are rounded to bytes (x·255).

import Foundation

/// IDX files of an image data set.
public enum IDXWriter {
  /// The images file: magic 0x00000803, count, rows, columns, then the pixels as bytes.
  public static func images(_ set: ImageDataset) -> Data {
    var data = header([
      IDXReader.imagesMagic, UInt32(set.count), UInt32(set.height), UInt32(set.width),
    ])
    data.append(contentsOf: set.pixels.map { UInt8(max(0, min(255, ($0 * 255).rounded()))) })
    return data
  }

  /// The labels file: magic 0x00000801, count, then one byte per label.
  public static func labels(_ set: ImageDataset) -> Data {
    var data = header([IDXReader.labelsMagic, UInt32(set.count)])
    data.append(contentsOf: set.labels)
    return data
  }

  /// Writes the training and test splits into `folder` under MNIST's file names.
  public static func writeSplits(train: ImageDataset, test: ImageDataset, to folder: String) throws
  {
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    for (split, set) in [(MNIST.Split.train, train), (.test, test)] {
      try images(set).write(to: URL(fileURLWithPath: "\(folder)/\(split.imagesFileName)"))
      try labels(set).write(to: URL(fileURLWithPath: "\(folder)/\(split.labelsFileName)"))
    }
  }

  private static func header(_ values: [UInt32]) -> Data {
    var data = Data()
    for value in values { withUnsafeBytes(of: value.bigEndian) { data.append(contentsOf: $0) } }
    return data
  }
}
