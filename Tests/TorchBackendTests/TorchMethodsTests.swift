// OTTT, SLTT(-K) and rate-based BP in the Swift engine against the way their published code
// computes them (Python/asf_torch/methods_check.py: autograd step by step on SpikingJelly's IF
// and LIF neurons with the membrane detached, OTTT's trace replacing the input in ∂/∂W; the
// rate-based BP code's eligibilities and rate pass), on the same weights and input spikes:
// every weight gradient within 1e-4 relative norm. The weights are multiples of 2^-10 (IF sums
// exact in float32). Needs .venv (torch, spikingjelly); skips with a message without it.

import Foundation
import XCTest

@testable import SpikingCore

final class TorchMethodsTests: XCTestCase {
  let spec = NetworkSpec(
    input: Shape(height: 8, width: 8, channels: 2),
    layers: [
      .conv(outChannels: 4, kernel: 3, padding: 1), .avgPool(size: 2),
      .conv(outChannels: 6, kernel: 3, padding: 1), .maxPool(size: 2), .flatten,
      .linear(outFeatures: 12), .linear(outFeatures: 3),
    ])

  func compare(
    method: TrainingMethod, model: NeuronModel, chosen: Int? = nil, spec: NetworkSpec,
    steps: Int = 11, batch: Int = 10, threshold: Float = 0.6, rate: Float = 0.4
  ) throws {
    _ = try TorchPython.executable()
    var network = try Network(
      spec: spec, neuronModel: model, timeSteps: steps, threshold: threshold, seed: 11)
    for l in network.weights.indices {
      network.weights[l] = network.weights[l].map { ($0 * 1024).rounded() / 1024 }
    }
    let inputCount = spec.input.count
    var rng = RandomSource(seed: 31)
    let spikes = (0..<(batch * steps * inputCount)).map { _ in
      rng.nextFloat(in: 0, 1) < rate ? UInt8(1) : 0
    }
    let labels = (0..<batch).map { $0 % network.classCount }
    let name = "\(method.rawValue)-\(model.rawValue)-K\(chosen ?? steps)"
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "methods-\(name)-\(UUID())"
    ).path
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    // Both kinds of loss: the sum of squares with IF, the cross-entropy with LIF.
    let scale: LossScale = model == .integrateAndFire ? .sse : .crossEntropy
    var settings = TrainerSettings(encoding: .events, loss: scale, workerCount: 2)
    settings.inputFrames = steps
    settings.slttSteps = chosen
    let trainer = makeTrainer(method: method, network: network, settings: settings)
    try Checkpoint(trainer: trainer, epoch: 0, batchesInEpoch: 0, preset: "").write(
      to: folder + "/network.asfck")
    let streams = InputStreams(seed: 5)
    let goesBack = BatchStep.stepsGoingBack(
      method: method, steps: steps, chosen: chosen, streams: streams)
    try JSONSerialization.data(withJSONObject: [
      "batch": batch, "labels": labels, "loss": scale.rawValue, "method": method.rawValue,
      "goes_back": goesBack,
    ]).write(to: URL(fileURLWithPath: folder + "/case.json"))
    try Data(spikes).write(to: URL(fileURLWithPath: folder + "/spikes.u8"))
    _ = trainer.trainBatch(
      images: spikes.map(Float.init), labels: labels, streams: streams,
      updateScaleFactors: false, recordRaster: false)

    let (status, output) = try TorchPython.run(
      ["-m", "asf_torch.methods_check", folder], log: folder + "/python.log")
    if status == 3 {
      throw XCTSkip(
        "spikingjelly is missing from the venv: .venv/bin/pip install --no-deps 'spikingjelly==0.0.0.0.14'"
      )
    }
    XCTAssertEqual(status, 0, output)
    guard status == 0 else { return }
    for l in network.weights.indices where !network.weights[l].isEmpty {
      let data = try Data(contentsOf: URL(fileURLWithPath: folder + "/methods/grad-\(l).f32"))
      let reference = data.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
      let swift = trainer.gradients[l]
      XCTAssertEqual(reference.count, swift.count, "\(name) layer \(l) size")
      let norm = reference.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot()
      let error = zip(reference, swift).reduce(0.0) {
        $0 + Double($1.0 - $1.1) * Double($1.0 - $1.1)
      }.squareRoot()
      XCTAssertGreaterThan(norm, 1e-6, "\(name): layer \(l) has a gradient")
      XCTAssertLessThan(error / max(norm, 1e-12), 1e-4, "\(name): layer \(l)")
    }
  }

  func testOTTT() throws {
    for model in NeuronModel.allCases { try compare(method: .ottt, model: model, spec: spec) }
  }

  func testSLTTAndSLTTK() throws {
    for model in NeuronModel.allCases {
      try compare(method: .sltt, model: model, spec: spec)
      try compare(method: .sltt, model: model, chosen: 4, spec: spec)
    }
  }

  func testRateBasedBP() throws {
    for model in NeuronModel.allCases { try compare(method: .rateBP, model: model, spec: spec) }
  }

  func testLeNet() throws {
    for method in [TrainingMethod.ottt, .sltt, .rateBP] {
      try compare(
        method: method, model: .integrateAndFire, spec: .lenet, steps: 9, batch: 3,
        threshold: 1, rate: 0.3)
    }
  }
}
