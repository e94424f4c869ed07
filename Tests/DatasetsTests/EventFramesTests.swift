// Tests of EventFrames: time bins, 3×3 pooling with the dropped edge, helpers and injection.

import XCTest

@testable import Datasets

final class EventFramesTests: XCTestCase {
  /// The count at pooled pixel (`x`, `y`) and `polarity` of frame `frame`.
  private func count(
    _ frames: [Float], frame: Int, x: Int, y: Int, polarity: Int
  ) -> Float {
    frames[frame * EventFrames.frameSize + (y * 42 + x) * 2 + polarity]
  }

  func testLayoutConstants() {
    XCTAssertEqual(EventFrames.side, 42)
    XCTAssertEqual(EventFrames.frameSize, 3528)
    XCTAssertEqual(EventFrames.pooledIndex(x: 0, y: 0, polarity: 0), 0)
    XCTAssertEqual(EventFrames.pooledIndex(x: 125, y: 125, polarity: 1), 3527)
    XCTAssertEqual(EventFrames.pooledIndex(x: 5, y: 7, polarity: 1), (2 * 42 + 1) * 2 + 1)
  }

  func testEventsLandInTheirTimeBinAndPooledPixel() {
    // first = 1000, last = 1999: four bins of 250 µs.
    let events = [
      DVSEvent(x: 3, y: 6, polarity: 1, timestamp: 1000),  // bin 0, block (1, 2)
      DVSEvent(x: 5, y: 8, polarity: 1, timestamp: 1249),  // bin 0, block (1, 2)
      DVSEvent(x: 4, y: 7, polarity: 0, timestamp: 1249),  // bin 0, block (1, 2), OFF
      DVSEvent(x: 2, y: 6, polarity: 1, timestamp: 1250),  // bin 1, block (0, 2)
      DVSEvent(x: 125, y: 0, polarity: 0, timestamp: 1750),  // bin 3, block (41, 0)
      DVSEvent(x: 125, y: 0, polarity: 0, timestamp: 1999),  // bin 3, block (41, 0)
    ]
    let frames = EventFrames.bin(events, frameCount: 4)
    XCTAssertEqual(frames.count, 4 * 3528)
    XCTAssertEqual(count(frames, frame: 0, x: 1, y: 2, polarity: 1), 2)
    XCTAssertEqual(count(frames, frame: 0, x: 1, y: 2, polarity: 0), 1)
    XCTAssertEqual(count(frames, frame: 1, x: 0, y: 2, polarity: 1), 1)
    XCTAssertEqual(count(frames, frame: 3, x: 41, y: 0, polarity: 0), 2)
    XCTAssertEqual(frames.reduce(0, +), 6, "no other entry is set")
    let perFrame = (0..<4).map { EventFrames.counts(ofFrame: $0, in: frames).reduce(0, +) }
    XCTAssertEqual(perFrame, [3, 1, 0, 2])
  }

  func testTimeBinsAreEqualAndCoverFirstToLast() {
    XCTAssertEqual(EventFrames.timeBin(of: 0, first: 0, last: 99, frameCount: 10), 0)
    XCTAssertEqual(EventFrames.timeBin(of: 9, first: 0, last: 99, frameCount: 10), 0)
    XCTAssertEqual(EventFrames.timeBin(of: 10, first: 0, last: 99, frameCount: 10), 1)
    XCTAssertEqual(EventFrames.timeBin(of: 99, first: 0, last: 99, frameCount: 10), 9)
    XCTAssertEqual(
      EventFrames.timeBin(of: .max, first: 0, last: .max, frameCount: 100), 99,
      "no overflow on the widest span")
    XCTAssertEqual(EventFrames.timeBin(of: 5, first: 5, last: 5, frameCount: 3), 0)
  }

  func testColumnsAndRows126And127AreDropped() {
    var events = [DVSEvent]()
    for edge in [126, 127] {
      for other in [0, 60, 127] {
        events.append(DVSEvent(x: UInt8(edge), y: UInt8(other), polarity: 1, timestamp: 0))
        events.append(DVSEvent(x: UInt8(other), y: UInt8(edge), polarity: 0, timestamp: 0))
      }
    }
    events.append(DVSEvent(x: 125, y: 125, polarity: 1, timestamp: 10))
    XCTAssertNil(EventFrames.pooledIndex(x: 126, y: 0, polarity: 0))
    XCTAssertNil(EventFrames.pooledIndex(x: 0, y: 127, polarity: 1))
    let frames = EventFrames.bin(events, frameCount: 2)
    XCTAssertEqual(frames.reduce(0, +), 1)
    XCTAssertEqual(count(frames, frame: 1, x: 41, y: 41, polarity: 1), 1)
  }

  func testUnsortedEventsUseTheSmallestAndLargestTimestamp() {
    let events = [
      DVSEvent(x: 0, y: 0, polarity: 1, timestamp: 150),
      DVSEvent(x: 0, y: 0, polarity: 1, timestamp: 100),
      DVSEvent(x: 0, y: 0, polarity: 1, timestamp: 199),
    ]
    let frames = EventFrames.bin(events, frameCount: 2)
    XCTAssertEqual(count(frames, frame: 0, x: 0, y: 0, polarity: 1), 1)
    XCTAssertEqual(count(frames, frame: 1, x: 0, y: 0, polarity: 1), 2)
  }

  func testBinningIntoABufferZeroesItFirstAndNoEventsGiveZeros() {
    var buffer = [Float](repeating: 9, count: 3 * 3528)
    buffer.withUnsafeMutableBufferPointer {
      EventFrames.bin([DVSEvent(x: 9, y: 9, polarity: 0, timestamp: 3)], frameCount: 3, into: $0)
    }
    XCTAssertEqual(buffer.reduce(0, +), 1)
    XCTAssertEqual(count(buffer, frame: 0, x: 3, y: 3, polarity: 0), 1)
    XCTAssertEqual(EventFrames.bin([], frameCount: 2), [Float](repeating: 0, count: 2 * 3528))
  }

  func testBinarySpikesClampCountsAndCountsKeepThem() {
    let events =
      (0..<5).map { (i: Int) -> DVSEvent in DVSEvent(x: 0, y: 0, polarity: 1, timestamp: UInt32(i))
      }
      + [DVSEvent(x: 3, y: 0, polarity: 0, timestamp: 4)]
    let frames = EventFrames.bin(events, frameCount: 1)
    let counts = EventFrames.counts(ofFrame: 0, in: frames)
    XCTAssertEqual(counts.count, 3528)
    XCTAssertEqual(counts[counts.startIndex + 1], 5)
    XCTAssertEqual(counts[counts.startIndex + 2], 1)
    let spikes = EventFrames.binarySpikes(ofFrame: 0, in: frames)
    XCTAssertEqual(spikes[1], 1)
    XCTAssertEqual(spikes[2], 1)
    XCTAssertEqual(spikes.reduce(0, +), 2)
    XCTAssertEqual(spikes.max(), 1)
  }

  func testTheStreamIsInjectedThreeTimes() {
    XCTAssertEqual(EventFrames.injectedStepCount(frameCount: 4), 12)
    let order = (0..<12).map { EventFrames.frameIndex(forStep: $0, frameCount: 4) }
    XCTAssertEqual(order, [0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3])
  }
}
