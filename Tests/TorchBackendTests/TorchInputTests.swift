// The same input everywhere (issue 24): the Swift engine and the PyTorch backend draw the same
// input spikes for the same samples, step by step and pixel by pixel, from the counter-based
// generator (whatever the batch, the device or the number of processes); and place CIFAR-10's
// crop windows and flips the same from the samples' keys.

import Datasets
import Foundation
import XCTest

@testable import SpikingCore

final class TorchInputTests: XCTestCase {
  func testBothEnginesDrawTheSameSpikesAndPlacements() throws {
    _ = try TorchPython.executable()
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "torch-input-\(UUID())"
    ).path
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let (height, width, channels, steps) = (8, 8, 3, 20)
    let indices = [5, 17, 300, 4_000_000_000] + Array(1000..<1040)
    let size = height * width * channels
    var rng = RandomSource(seed: 3)
    let images = (0..<(indices.count * size)).map { i -> Float in
      i % 7 == 0 ? 0 : rng.nextFloat(in: -1.3, 1.3)
    }
    let streams = InputStreams.training(seed: 9, epoch: 2, indices: indices)
    try Data(images.withUnsafeBufferPointer { Data(buffer: $0) }).write(
      to: URL(fileURLWithPath: folder + "/images.f32"))
    try JSONSerialization.data(withJSONObject: [
      "shape": [channels, height, width], "seed": 9, "stream": 2, "indices": indices,
      "steps": steps, "encoder": "poisson-clamped",
    ]).write(to: URL(fileURLWithPath: folder + "/case.json"))
    let (status, output) = try TorchPython.run(
      ["-m", "asf_torch.encoding", folder], log: folder + "/python.log")
    XCTAssertEqual(status, 0, output)
    let torch = try Data(contentsOf: URL(fileURLWithPath: folder + "/spikes.i8")).map {
      Int8(bitPattern: $0)
    }
    XCTAssertEqual(torch.count, indices.count * steps * size)

    // Step by step, with the encoder the engine's forward uses.
    var sample = EncodedSample()
    var positive = [Int32](repeating: 0, count: size)
    var negative = [Int32](repeating: 0, count: size)
    var mismatches = 0
    var spikes = 0
    for k in indices.indices {
      images.withUnsafeBufferPointer {
        sample.load($0.baseAddress! + k * size, count: size, encoding: .clampedRate)
      }
      for t in 0..<steps {
        var p = 0
        var n = 0
        sample.draw(
          step: SpikeHash.stepWord(key: streams.key(ofSample: k), step: t), positive: &positive,
          positiveCount: &p, negativeSpikes: &negative, negativeCount: &n)
        var swift = [Int8](repeating: 0, count: size)
        for j in 0..<p { swift[Int(positive[j])] = 1 }
        for j in 0..<n { swift[Int(negative[j])] = -1 }
        let row = (k * steps + t) * size
        mismatches += zip(swift, torch[row..<(row + size)]).filter { $0 != $1 }.count
        spikes += p + n
      }
    }
    XCTAssertEqual(mismatches, 0)
    XCTAssertGreaterThan(spikes, indices.count * steps * size / 4, "p = min(|x|, 1) fires often")

    // The engine's forward over the whole batch counts the same input spikes.
    let network = try Network(
      spec: NetworkSpec(
        input: Shape(height: height, width: width, channels: channels),
        layers: [.flatten, .linear(outFeatures: 4), .linear(outFeatures: 2)]),
      neuronModel: .integrateAndFire, timeSteps: steps)
    let settings = TrainerSettings(encoding: .clampedRate, workerCount: 2)
    let buffers = BatchBuffers(
      plan: BufferPlan(
        layers: network.layers, batch: indices.count, steps: steps, method: .asfBP, workers: 2))
    images.withUnsafeBufferPointer { base in
      _ = buffers.forward.run(
        network: network, settings: settings, images: base.baseAddress!, count: indices.count,
        streams: streams, counts: buffers.equivalent.flows, recordRaster: false)
    }
    let counts = buffers.equivalent.flows.activation(0)
    for k in indices.indices {
      for i in 0..<size {
        let sum = (0..<steps).reduce(0) { $0 + Int(torch[(k * steps + $1) * size + i]) }
        XCTAssertEqual(Int(counts[k * size + i]), sum, "sample \(k) input \(i)")
      }
    }

    // The crop placements of the same keys.
    let placements = try XCTUnwrap(
      JSONSerialization.jsonObject(
        with: Data(contentsOf: URL(fileURLWithPath: folder + "/placements.json"))) as? [[Any]])
    var flips = 0
    for (k, torchPlacement) in placements.enumerated() {
      let swift = ImageAugmentation.cifar10.placement(key: streams.key(ofSample: k))
      XCTAssertEqual(torchPlacement[0] as? Int, swift.offsetY, "sample \(k)")
      XCTAssertEqual(torchPlacement[1] as? Int, swift.offsetX, "sample \(k)")
      XCTAssertEqual(torchPlacement[2] as? Bool, swift.flip, "sample \(k)")
      if swift.flip { flips += 1 }
    }
    XCTAssertTrue((10...34).contains(flips), "about half of 44 samples are flipped: \(flips)")
  }
}
