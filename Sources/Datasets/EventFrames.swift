// Binning DVS128 events into frames of spike counts (T time bins × 2 polarities), pooled
// 3×3 to 42×42 as for CIFAR10-DVS, and the frame order of the network's input steps.
// Whether counts are clamped to binary spikes is the caller's choice (see binarySpikes).

/// Event frames: `[T][42][42][2]` spike counts, channels-last.
///
/// A sample's events are split into `T` equal time bins over its first to last timestamp:
/// with `first` the smallest and `last` the largest timestamp, an event at `t` goes to
/// bin `⌊(t − first) · T / (last − first + 1)⌋`, so bins are `(last − first + 1) / T` µs
/// wide and every event lands in `0..<T`. Within a bin, the 128×128 sensor is sum-pooled
/// in 3×3 blocks: pixel (x, y) adds 1 to pooled pixel (x / 3, y / 3) of its polarity's
/// channel; columns and rows 126 and 127 fall outside the 42 × 3 = 126 covered pixels and
/// are dropped. Entry `(y · 42 + x) · 2 + polarity` of frame `t` is therefore the number of
/// events of that polarity in that block and bin — a count, not a probability: the engine
/// treats a count `c` as `c` input spikes, or clamps it with `binarySpikes(ofFrame:in:)`.
///
/// The network sees the stream `injectionRepeats` (3) times, as the reference code does:
/// step `s` of `0..<3T` shows frame `s % T` (see `frameIndex(forStep:frameCount:)`).
public enum EventFrames {
  /// The side of the DVS128 sensor in pixels.
  public static let sensorSide = 128
  /// The side of the square block summed into one pooled pixel.
  public static let blockSide = 3
  /// The side of a pooled frame: `128 / 3`, rounded down (42).
  public static let side = sensorSide / blockSide
  /// Channels per pixel: OFF (0) and ON (1).
  public static let polarities = 2
  /// Floats per frame: `42 · 42 · 2` = 3528.
  public static let frameSize = side * side * polarities
  /// How many times the network input replays the T frames.
  public static let injectionRepeats = 3

  /// Bins `events` into `frameCount` frames: `[frameCount][42][42][2]` counts.
  ///
  /// An empty event list gives all-zero frames.
  public static func bin(_ events: [DVSEvent], frameCount: Int) -> [Float] {
    precondition(frameCount > 0, "frameCount must be positive")
    return [Float](unsafeUninitializedCapacity: frameCount * frameSize) { buffer, initialized in
      bin(events, frameCount: frameCount, into: buffer)
      initialized = frameCount * frameSize
    }
  }

  /// Bins `events` into `output`, which must hold `frameCount * frameSize` floats; it is
  /// zeroed first, so a batch buffer can be reused from sample to sample.
  public static func bin(
    _ events: [DVSEvent], frameCount: Int, into output: UnsafeMutableBufferPointer<Float>
  ) {
    precondition(frameCount > 0, "frameCount must be positive")
    precondition(
      output.count == frameCount * frameSize,
      "output holds \(output.count) floats, not \(frameCount) × \(frameSize)")
    output.update(repeating: 0)
    guard let first = events.lazy.map(\.timestamp).min(),
      let last = events.lazy.map(\.timestamp).max()
    else { return }
    for event in events {
      guard let pixel = pooledIndex(x: Int(event.x), y: Int(event.y), polarity: Int(event.polarity))
      else { continue }
      let frame = timeBin(of: event.timestamp, first: first, last: last, frameCount: frameCount)
      output[frame * frameSize + pixel] += 1
    }
  }

  /// The bin of an event at `timestamp` for a sample spanning `first...last` µs:
  /// `⌊(timestamp − first) · frameCount / (last − first + 1)⌋`, in `0..<frameCount`.
  public static func timeBin(
    of timestamp: UInt32, first: UInt32, last: UInt32, frameCount: Int
  ) -> Int {
    precondition(first <= timestamp && timestamp <= last, "timestamp outside first...last")
    let elapsed = UInt64(timestamp - first)
    let span = UInt64(last - first) + 1
    return Int(elapsed * UInt64(frameCount) / span)
  }

  /// The index within a frame of sensor pixel (`x`, `y`) and `polarity` after 3×3 pooling:
  /// `((y / 3) · 42 + x / 3) · 2 + polarity`, or `nil` for the dropped columns and rows
  /// 126 and 127.
  public static func pooledIndex(x: Int, y: Int, polarity: Int) -> Int? {
    let covered = side * blockSide
    guard x >= 0, x < covered, y >= 0, y < covered else { return nil }
    return ((y / blockSide) * side + x / blockSide) * polarities + polarity
  }

  /// Frame `index` of `frames` (`[T][frameSize]`), counts unchanged; no copy is made.
  public static func counts(
    ofFrame index: Int, in frames: [Float], frameSize: Int = frameSize
  ) -> ArraySlice<Float> {
    precondition(
      index >= 0 && (index + 1) * frameSize <= frames.count,
      "frame \(index) is outside the \(frames.count / frameSize) frames")
    return frames[index * frameSize..<(index + 1) * frameSize]
  }

  /// Frame `index` of `frames` as binary spikes: `min(count, 1)` per entry.
  public static func binarySpikes(
    ofFrame index: Int, in frames: [Float], frameSize: Int = frameSize
  ) -> [Float] {
    counts(ofFrame: index, in: frames, frameSize: frameSize).map { min($0, 1) }
  }

  /// The frame shown at input step `step` of `0..<injectionRepeats · frameCount`:
  /// `step % frameCount`, so the T frames play three times in order.
  public static func frameIndex(forStep step: Int, frameCount: Int) -> Int {
    precondition(frameCount > 0, "frameCount must be positive")
    precondition(
      step >= 0 && step < injectionRepeats * frameCount,
      "step \(step) outside 0..<\(injectionRepeats * frameCount)")
    return step % frameCount
  }

  /// The number of input steps when `frameCount` frames are injected: `3 · frameCount`.
  public static func injectedStepCount(frameCount: Int) -> Int {
    injectionRepeats * frameCount
  }
}
