// A NIR parameter array: its shape (without a batch dimension) and its values in row-major
// order, 32-bit as the engine keeps them.

/// An n-dimensional array of 32-bit reals.
public struct NIRTensor: Equatable, Sendable {
  public var shape: [Int]
  public var values: [Float]

  public init(shape: [Int], values: [Float]) {
    precondition(values.count == shape.reduce(1, *), "the shape must hold every value")
    self.shape = shape
    self.values = values
  }

  /// `value` repeated over `shape`.
  public init(shape: [Int], repeating value: Float) {
    self.init(shape: shape, values: [Float](repeating: value, count: shape.reduce(1, *)))
  }

  /// The single value every element has, or nil when they differ (or there are none).
  public var uniformValue: Float? {
    guard let first = values.first, values.allSatisfy({ $0 == first }) else { return nil }
    return first
  }
}
