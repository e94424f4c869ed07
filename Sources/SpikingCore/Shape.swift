// The shape of one layer's activations: height × width × channels, stored channels-last
// (HWC), so that one position's channels are contiguous. A flat vector is 1 × 1 × C.

/// Height × width × channels of an activation map, stored channels-last.
public struct Shape: Hashable, Codable, Sendable, CustomStringConvertible {
  public var height: Int
  public var width: Int
  public var channels: Int

  public init(height: Int, width: Int, channels: Int) {
    self.height = height
    self.width = width
    self.channels = channels
  }

  /// A flat vector of `count` features.
  public static func vector(_ count: Int) -> Shape { Shape(height: 1, width: 1, channels: count) }

  /// Number of values (neurons) in one sample.
  public var count: Int { height * width * channels }

  public var description: String {
    height == 1 && width == 1 ? "\(channels)" : "\(channels)×\(height)×\(width)"
  }
}
