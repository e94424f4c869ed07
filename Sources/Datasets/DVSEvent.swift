// One event of a 128×128 dynamic vision sensor (DVS128), as decoded from an AEDAT file.
// Decoding lives in AEDATReader; turning events into frames in EventFrames.

/// A brightness-change event: pixel (`x`, `y`) of the 128×128 sensor saw its log intensity
/// rise (`polarity` 1, "ON") or fall (`polarity` 0, "OFF") by one contrast step at
/// `timestamp` microseconds.
///
/// `x` and `y` lie in `0..<128`, with (0, 0) at the sensor's first row and column as jAER
/// numbers them; no flipping is applied. The polarity doubles as the channel index of the
/// event frames (channel 0 = OFF, channel 1 = ON).
public struct DVSEvent: Sendable, Equatable, Hashable {
  /// Column, `0..<128`.
  public var x: UInt8
  /// Row, `0..<128`.
  public var y: UInt8
  /// 1 for ON (brighter), 0 for OFF (darker).
  public var polarity: UInt8
  /// Microseconds, from the recording's clock (not relative to the first event).
  public var timestamp: UInt32

  /// Creates an event; `x`, `y` must lie in `0..<128` and `polarity` in `0...1`.
  public init(x: UInt8, y: UInt8, polarity: UInt8, timestamp: UInt32) {
    assert(x < 128 && y < 128, "DVS128 coordinates lie in 0..<128")
    assert(polarity <= 1, "polarity is 0 (OFF) or 1 (ON)")
    self.x = x
    self.y = y
    self.polarity = polarity
    self.timestamp = timestamp
  }

  /// Decodes a DVS128 address: polarity = bit 0, x = bits 1–7, y = bits 8–14.
  ///
  /// Returns `nil` when any bit above 14 is set: such an address does not come from a
  /// 128×128 sensor (a larger camera, or a jAER special event).
  public init?(address: UInt32, timestamp: UInt32) {
    guard address >> 15 == 0 else { return nil }
    self.init(
      x: UInt8(address >> 1 & 0x7F), y: UInt8(address >> 8 & 0x7F), polarity: UInt8(address & 1),
      timestamp: timestamp)
  }

  /// The DVS128 address of this event: `y << 8 | x << 1 | polarity`.
  public var address: UInt32 {
    UInt32(y) << 8 | UInt32(x) << 1 | UInt32(polarity)
  }
}
