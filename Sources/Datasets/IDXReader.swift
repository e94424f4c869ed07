// Parsing of IDX files (the MNIST container format): a big-endian header, then bytes.
// Only unsigned-byte IDX files are supported; that is all MNIST and its kin use.

/// Parses IDX files: magic `0x0000TTDD` (type `TT`, `DD` dimensions), then one
/// big-endian `UInt32` per dimension, then the values, row-major.
public enum IDXReader {
  /// The magic of a 3-dimensional unsigned-byte file: images `[count][height][width]`.
  public static let imagesMagic: UInt32 = 0x0000_0803
  /// The magic of a 1-dimensional unsigned-byte file: labels `[count]`.
  public static let labelsMagic: UInt32 = 0x0000_0801

  /// The parsed header of an IDX file.
  public struct Header: Sendable, Equatable {
    /// The magic number, e.g. `0x00000803`.
    public let magic: UInt32
    /// The size of each dimension, outermost first.
    public let dimensions: [Int]
    /// Where the values start: `4 + 4 * dimensions.count`.
    public var payloadOffset: Int { 4 + 4 * dimensions.count }
    /// The number of values: the product of the dimensions.
    public var elementCount: Int { dimensions.reduce(1, *) }
  }

  /// Greyscale images decoded from an IDX images file.
  public struct Images: Sendable, Equatable {
    /// The number of images.
    public let count: Int
    /// Image height in pixels.
    public let height: Int
    /// Image width in pixels.
    public let width: Int
    /// `[count][height][width]`, each byte divided by 255.
    public let pixels: [Float]
  }

  /// Reads and checks the header of `bytes`, including that the file length matches it.
  /// - Throws: `DatasetError.wrongMagic`, `.truncated` or `.trailingBytes`.
  public static func header(
    of bytes: [UInt8], expectedMagic: UInt32, path: String
  ) throws -> Header {
    guard bytes.count >= 4 else {
      throw DatasetError.truncated(path: path, expectedBytes: 4, foundBytes: bytes.count)
    }
    let magic = bigEndianWord(bytes, at: 0)
    guard magic == expectedMagic else {
      throw DatasetError.wrongMagic(path: path, expected: expectedMagic, found: magic)
    }
    let rank = Int(magic & 0xff)
    let headerSize = 4 + 4 * rank
    guard bytes.count >= headerSize else {
      throw DatasetError.truncated(path: path, expectedBytes: headerSize, foundBytes: bytes.count)
    }
    let dimensions = (0..<rank).map { Int(bigEndianWord(bytes, at: 4 + 4 * $0)) }
    // Three UInt32 dimensions can overflow Int; such a file cannot be complete anyway.
    var expected = headerSize
    var elements = 1
    for dimension in dimensions {
      let (product, overflow) = elements.multipliedReportingOverflow(by: dimension)
      guard !overflow, product <= Int.max - headerSize else {
        throw DatasetError.truncated(path: path, expectedBytes: Int.max, foundBytes: bytes.count)
      }
      elements = product
    }
    expected += elements
    if bytes.count < expected {
      throw DatasetError.truncated(path: path, expectedBytes: expected, foundBytes: bytes.count)
    }
    if bytes.count > expected {
      throw DatasetError.trailingBytes(
        path: path, expectedBytes: expected, foundBytes: bytes.count)
    }
    return Header(magic: magic, dimensions: dimensions)
  }

  /// Decodes an images file (`0x00000803`), scaling each byte by 1/255.
  public static func images(from bytes: [UInt8], path: String) throws -> Images {
    let header = try header(of: bytes, expectedMagic: imagesMagic, path: path)
    let count = header.dimensions[0]
    let offset = header.payloadOffset
    let total = header.elementCount
    let pixels = [Float](unsafeUninitializedCapacity: total) { buffer, initialized in
      bytes.withUnsafeBufferPointer { source in
        let scale: Float = 1.0 / 255.0
        for i in 0..<total {
          buffer[i] = Float(source[offset + i]) * scale
        }
      }
      initialized = total
    }
    return Images(
      count: count, height: header.dimensions[1], width: header.dimensions[2], pixels: pixels)
  }

  /// Decodes a labels file (`0x00000801`) and checks every label is below `classCount`.
  /// - Throws: the header errors, or `DatasetError.labelOutOfRange` for the first bad label.
  public static func labels(from bytes: [UInt8], path: String, classCount: Int) throws -> [UInt8] {
    let header = try header(of: bytes, expectedMagic: labelsMagic, path: path)
    let labels = Array(bytes[header.payloadOffset...])
    if let index = labels.firstIndex(where: { Int($0) >= classCount }) {
      throw DatasetError.labelOutOfRange(
        path: path, index: index, value: Int(labels[index]), classCount: classCount)
    }
    return labels
  }

  private static func bigEndianWord(_ bytes: [UInt8], at offset: Int) -> UInt32 {
    UInt32(bytes[offset]) << 24 | UInt32(bytes[offset + 1]) << 16
      | UInt32(bytes[offset + 2]) << 8 | UInt32(bytes[offset + 3])
  }
}
