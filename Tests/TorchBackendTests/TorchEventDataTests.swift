// The torch backend's event data against the Swift engine's (issue 16): the same random
// stream (xoshiro256** and its normal draws), the same event-camera frames of digits, the
// same binning of an AEDAT recording into 42×42 frames.

import Datasets
import Foundation
import XCTest

@testable import SpikingCore
@testable import Workbench

final class TorchEventDataTests: XCTestCase {
  var folder = ""

  override func setUpWithError() throws {
    _ = try TorchPython.executable()
    folder =
      FileManager.default.temporaryDirectory.appendingPathComponent("torch-ev-\(UUID())")
      .path
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
  }

  override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: folder) }

  func floats(_ path: String) throws -> [Float] {
    let data = try Data(contentsOf: URL(fileURLWithPath: path))
    return data.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
  }

  func testTheRandomStreamIsTheSame() throws {
    let (status, output) = try TorchPython.run(
      ["-m", "asf_torch.events", "random", "7", "5"], log: folder + "/random.log")
    XCTAssertEqual(status, 0, output)
    let lines = output.split(separator: "\n").map(String.init)
    var random = RandomSource(seed: 7)
    XCTAssertEqual(lines.first, (0..<5).map { _ in String(random.next()) }.joined(separator: " "))
    random = RandomSource(seed: 7)
    let normals = try XCTUnwrap(lines.dropFirst().first).split(separator: " ").compactMap {
      Float(String($0))
    }
    XCTAssertEqual(normals.count, 5)
    for value in normals {
      XCTAssertEqual(value, random.nextNormal(), "bit for bit: Float.pi, logf and cosf as Swift's")
    }
  }

  func testTheEmulatorMakesTheSameFrames() throws {
    let (train, _) = SyntheticDigits.standardSplits(seed: 1)
    let count = 6
    let pixels = Array(train.pixels.prefix(count * 28 * 28))
    try pixels.withUnsafeBufferPointer { Data(buffer: $0) }.write(
      to: URL(fileURLWithPath: folder + "/images.f32"))
    let emulator = EventCameraEmulator(frameCount: 5, seed: 3)
    let (status, output) = try TorchPython.run(
      [
        "-m", "asf_torch.events", "emulate", folder + "/images.f32", "\(count)", "28", "28", "5",
        "3", folder + "/frames.f32",
      ], log: folder + "/emulate.log")
    XCTAssertEqual(status, 0, output)
    let torch = try floats(folder + "/frames.f32")
    var swift: [Float] = []
    for i in 0..<count { swift += emulator.frames(forImageAt: i, in: train) }
    XCTAssertEqual(torch.count, swift.count)
    let events = swift.reduce(0, +)
    XCTAssertGreaterThan(events, 100, "the saccades make events")
    let differing = zip(torch, swift).filter { $0 != $1 }.count
    XCTAssertEqual(differing, 0, "\(differing) of \(swift.count) counts differ")
  }

  func testAnAEDATRecordingBinsTheSame() throws {
    var random = RandomSource(seed: 5)
    var bytes = Data("#!AER-DAT2.0\r\n# made by a test\r\n".utf8)
    var events: [DVSEvent] = []
    var time: UInt32 = 1_000
    for _ in 0..<3000 {
      time += UInt32(random.next() % 50)
      let event = DVSEvent(
        x: UInt8(random.next() % 128), y: UInt8(random.next() % 128),
        polarity: UInt8(random.next() % 2), timestamp: time)
      events.append(event)
      withUnsafeBytes(of: event.address.bigEndian) { bytes.append(contentsOf: $0) }
      withUnsafeBytes(of: event.timestamp.bigEndian) { bytes.append(contentsOf: $0) }
    }
    try bytes.write(to: URL(fileURLWithPath: folder + "/r.aedat"))
    let (status, output) = try TorchPython.run(
      ["-m", "asf_torch.events", "bin", folder + "/r.aedat", "7", folder + "/bins.f32"],
      log: folder + "/bin.log")
    XCTAssertEqual(status, 0, output)
    let torch = try floats(folder + "/bins.f32")
    let swift = EventFrames.bin(try AEDATReader.events(atPath: folder + "/r.aedat"), frameCount: 7)
    XCTAssertEqual(torch, swift)
    XCTAssertGreaterThan(swift.reduce(0, +), 2900, "the edge pixels (x or y ≥ 126) drop out")
  }

  /// A CIFAR10-DVS-shaped folder (ten classes of three recordings; 90 % of each class, two,
  /// for training) trains in the torch backend, and the Swift reader takes the same split.
  func testARecordedEventDataSetTrains() throws {
    var random = RandomSource(seed: 9)
    let root = folder + "/dvs"
    for name in CIFAR10DVS.classNames {
      try FileManager.default.createDirectory(
        atPath: root + "/" + name, withIntermediateDirectories: true)
      for file in 0..<3 {
        var bytes = Data("#!AER-DAT2.0\r\n".utf8)
        var time: UInt32 = 0
        for _ in 0..<400 {
          time += UInt32(random.next() % 30)
          let event = DVSEvent(
            x: UInt8(random.next() % 128), y: UInt8(random.next() % 128),
            polarity: UInt8(random.next() % 2), timestamp: time)
          withUnsafeBytes(of: event.address.bigEndian) { bytes.append(contentsOf: $0) }
          withUnsafeBytes(of: event.timestamp.bigEndian) { bytes.append(contentsOf: $0) }
        }
        try bytes.write(to: URL(fileURLWithPath: "\(root)/\(name)/rec\(file).aedat"))
      }
    }
    XCTAssertEqual(try CIFAR10DVS(root: root, split: .train, frameCount: 4).count, 20)
    try """
    name: dvs-small
    dataset: cifar10-dvs
    encoder: events
    event-frames: 4
    time-steps: 8
    batch-size: 5
    epochs: 1
    layers:
      - input: [42, 42, 2]
      - conv: 4
        kernel: 3
      - avgpool: 2
      - flatten
      - linear: 10
    """.write(toFile: folder + "/dvs.yaml", atomically: true, encoding: .utf8)
    let (status, output) = try TorchPython.run(
      [
        "-m", "asf_torch.train", "--preset", folder + "/dvs.yaml", "--out", folder + "/run",
        "--data-dir", root,
      ], log: folder + "/dvs.log")
    XCTAssertEqual(status, 0, output)
    let recording = try RunRecording(folder: folder + "/run")
    XCTAssertEqual(recording.frames.count, 4, "20 training recordings in batches of 5")
    XCTAssertEqual(recording.frames.last?.testAccuracy.count, 1)
  }
}
