// The PyTorch backend (Python/asf_torch) against the Swift engine (issue 16):
// the same weights and the same input spikes give the same FI, FO, scale factors, loss and
// weight gradients, and the same weights after one Adam step, within 1e-5 relative norm per
// tensor: LeNet IF and LIF, and a small
// network with a max pool. The weights are multiples of 2^-10, so that every sum of them
// is exact in float32 whatever the order of the additions: a spike then cannot appear in
// one backend and not in the other because of rounding.
// Needs a Python with torch: $ASF_PYTHON, else .venv/bin/python (made by .ci/run); skips
// with a message without one.

import Foundation
import XCTest

@testable import SpikingCore
@testable import Workbench

final class TorchEquivalenceTests: XCTestCase {
  func python() throws -> String { try TorchPython.executable() }

  /// Runs `python -m asf_torch.check folder`; returns its exit status and output.
  func runCheck(_ folder: String) throws -> (Int32, String) {
    try TorchPython.run(["-m", "asf_torch.check", folder], log: folder + "/python.log")
  }

  func readFloats(_ path: String) throws -> [Float] {
    let data = try Data(contentsOf: URL(fileURLWithPath: path))
    return data.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
  }

  /// ‖a − b‖ / ‖b‖ (0 when both are zero).
  func relativeDifference(_ a: [Float], _ b: [Float]) -> Double {
    let difference = zip(a, b).reduce(0.0) { $0 + Double($1.0 - $1.1) * Double($1.0 - $1.1) }
    let norm = b.reduce(0.0) { $0 + Double($1) * Double($1) }
    return norm == 0 ? difference.squareRoot() : (difference / norm).squareRoot()
  }

  /// One batch through both backends; every tensor compared.
  func compare(
    spec: NetworkSpec, model: NeuronModel, steps: Int, batch: Int, threshold: Float,
    rate: Float, name: String, switches: EngineSwitches = EngineSwitches()
  ) throws {
    let python = try python()
    _ = python
    var network = try Network(
      spec: spec, neuronModel: model, timeSteps: steps, threshold: threshold, seed: 11)
    for l in network.weights.indices {
      network.weights[l] = network.weights[l].map { ($0 * 1024).rounded() / 1024 }
    }
    network.scaleFactors = network.scaleFactors.enumerated().map { l, _ in 0.5 + 0.05 * Float(l) }
    network.switches = switches
    let inputCount = spec.input.count
    var rng = RandomSource(seed: 29)
    let spikes = (0..<(batch * steps * inputCount)).map { _ in
      rng.nextFloat(in: 0, 1) < rate ? UInt8(1) : 0
    }
    let labels = (0..<batch).map { $0 % network.classCount }
    // The case for the torch side, written before the scale factors change.
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "torch-\(name)-\(UUID())"
    ).path
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let settings = {
      var s = TrainerSettings(encoding: .events, workerCount: 2)
      s.inputFrames = steps
      return s
    }()
    let trainer = makeTrainer(method: .asfBP, network: network, settings: settings)
    try Checkpoint(trainer: trainer, epoch: 0, batchesInEpoch: 0, preset: "").write(
      to: folder + "/network.asfck")
    try JSONSerialization.data(withJSONObject: [
      "batch": batch, "labels": labels, "loss": "sse", "update_scale_factors": true,
      "learning_rate": 0.001, "weight_decay": 5e-4,
      "switches": [
        "scale_mode": switches.scaleMode.rawValue, "smoothing": switches.smoothing,
        "mask": switches.mask, "reset": switches.reset.rawValue,
        "spike_rule": switches.spikeRule.rawValue,
      ],
    ]).write(to: URL(fileURLWithPath: folder + "/case.json"))
    try Data(spikes).write(to: URL(fileURLWithPath: folder + "/spikes.u8"))

    // The Swift engine: the event-driven forward, FI and mem, S, the loss, the backward.
    let buffers = BatchBuffers(
      plan: BufferPlan(
        layers: network.layers, batch: batch, steps: steps, method: .asfBP, workers: 2))
    let eq = buffers.equivalent
    let images = spikes.map(Float.init)
    images.withUnsafeBufferPointer { img in
      guard let base = img.baseAddress else { return }
      _ = buffers.forward.run(
        network: network, settings: settings, images: base, count: batch,
        streams: InputStreams(seed: 5),
        counts: eq.flows, recordRaster: false)
    }
    eq.forward(weights: network.weights, samples: batch)
    eq.updateScaleFactors(&network, samples: batch)
    let (loss, correct) = eq.flows.lossAndCorrect(network: network, labels: labels, loss: .sse)
    var gradients = network.weights.map { [Float](repeating: 0, count: $0.count) }
    eq.backward(network: network, labels: labels, loss: .sse, gradients: &gradients)

    var adam = AdamOptimizer(
      parameterCounts: network.weights.map(\.count), learningRate: 0.001, weightDecay: 5e-4)
    var stepped = network.weights
    adam.update(parameters: &stepped, gradients: gradients)

    let (status, output) = try runCheck(folder)
    XCTAssertEqual(status, 0, output)
    guard status == 0 else { return }
    let out = folder + "/torch/"
    let result = try XCTUnwrap(
      JSONSerialization.jsonObject(
        with: Data(contentsOf: URL(fileURLWithPath: out + "result.json")))
        as? [String: Any])
    let torchLoss = try XCTUnwrap(result["loss"] as? Double)
    XCTAssertEqual(torchLoss, Double(loss), accuracy: 1e-5 * max(1, Double(loss)), "\(name) loss")
    XCTAssertEqual(result["correct"] as? Int, correct, "\(name) correct")
    let scales = try XCTUnwrap(result["scale_factors"] as? [Double])
    for (l, s) in network.scaleFactors.enumerated() {
      XCTAssertEqual(
        scales[l], Double(s), accuracy: 1e-5 * Double(abs(s)) + 1e-7, "\(name) S[\(l)]")
    }
    let hidden = network.layers.count - 1
    var spikesCounted = 0.0
    for a in 0...hidden {
      let swift = Array(eq.flows.activation(a).prefix(batch * sizes(network)[a]))
      let torch = try readFloats(out + "fo-\(a).f32")
      XCTAssertEqual(torch.count, swift.count, "\(name) FO[\(a)] size")
      XCTAssertLessThanOrEqual(
        relativeDifference(torch, swift), 1e-5, "\(name) FO of activation \(a)")
      spikesCounted += swift.reduce(0) { $0 + Double($1) }
    }
    XCTAssertGreaterThan(spikesCounted, 0)
    for (l, layer) in network.layers.enumerated() {
      if case .maxPool = layer.kind { continue }
      let swift = Array(eq.flows.inputFlow(l).prefix(batch * layer.outputShape.count))
      let torch = try readFloats(out + "fi-\(l).f32")
      XCTAssertLessThanOrEqual(relativeDifference(torch, swift), 1e-5, "\(name) FI of layer \(l)")
      guard !gradients[l].isEmpty else { continue }
      let grad = try readFloats(out + "grad-\(l).f32")
      XCTAssertEqual(grad.count, gradients[l].count)
      XCTAssertGreaterThan(gradients[l].map(abs).max() ?? 0, 0, "\(name): a gradient to compare")
      XCTAssertLessThanOrEqual(
        relativeDifference(grad, gradients[l]), 1e-5, "\(name) ∂L/∂W of layer \(l)")
      // One Adam step: the weights after it.
      let after = try readFloats(out + "weights-\(l).f32")
      XCTAssertNotEqual(stepped[l], network.weights[l], "the step moved the weights")
      XCTAssertLessThanOrEqual(
        relativeDifference(after, stepped[l]), 1e-5, "\(name) weights of layer \(l) after Adam")
    }
  }

  /// Values per sample of each activation (0: the input; l+1: layer l's output).
  func sizes(_ network: Network) -> [Int] {
    [network.layers[0].inputShape.count] + network.layers.map(\.outputShape.count)
  }

  func testLeNetIF() throws {
    try compare(
      spec: .lenet, model: .integrateAndFire, steps: 8, batch: 2, threshold: 1, rate: 0.3,
      name: "lenet-if")
  }

  func testLeNetLIF() throws {
    try compare(
      spec: .lenet, model: .leakyIntegrateAndFire, steps: 8, batch: 2, threshold: 1, rate: 0.3,
      name: "lenet-lif")
  }

  func testASmallNetworkWithAMaxPool() throws {
    let spec = NetworkSpec(
      input: Shape(height: 8, width: 8, channels: 2),
      layers: [
        .conv(outChannels: 4, kernel: 3, padding: 1), .avgPool(size: 2),
        .conv(outChannels: 6, kernel: 3, padding: 1), .maxPool(size: 2), .flatten,
        .linear(outFeatures: 12), .linear(outFeatures: 3),
      ])
    try compare(
      spec: spec, model: .integrateAndFire, steps: 12, batch: 3, threshold: 0.6, rate: 0.4,
      name: "maxpool")
  }

  /// Issue 17's switches in both backends: one S per neuron with its own EMA weight, no mask,
  /// the subtract reset and the inclusive rule.
  func testLeNetWithEverySwitchTurned() throws {
    var switches = EngineSwitches()
    switches.scaleMode = .neuron
    switches.smoothing = 0.5
    switches.mask = false
    switches.reset = .subtract
    switches.spikeRule = .inclusive
    try compare(
      spec: .lenet, model: .leakyIntegrateAndFire, steps: 8, batch: 2, threshold: 1, rate: 0.3,
      name: "lenet-switched", switches: switches)
  }

  func testFixedScaleFactorsInBothBackends() throws {
    var switches = EngineSwitches()
    switches.scaleMode = .fixed
    try compare(
      spec: .lenet, model: .integrateAndFire, steps: 8, batch: 2, threshold: 1, rate: 0.4,
      name: "lenet-fixed", switches: switches)
  }

  /// BPTT in both backends (issue 24): the same surrogate, the same path through the reset,
  /// the same gradients and the same weights after one Adam step, for IF and LIF neurons and
  /// a network with both kinds of pool.
  func testBPTTInBothBackends() throws {
    let spec = NetworkSpec(
      input: Shape(height: 8, width: 8, channels: 2),
      layers: [
        .conv(outChannels: 4, kernel: 3, padding: 1), .avgPool(size: 2),
        .conv(outChannels: 6, kernel: 3, padding: 1), .maxPool(size: 2), .flatten,
        .linear(outFeatures: 12), .linear(outFeatures: 3),
      ])
    for model in [NeuronModel.integrateAndFire, .leakyIntegrateAndFire] {
      _ = try python()
      var network = try Network(
        spec: spec, neuronModel: model, timeSteps: 10, threshold: 0.6, seed: 13)
      for l in network.weights.indices {
        network.weights[l] = network.weights[l].map { ($0 * 1024).rounded() / 1024 }
      }
      let (batch, steps) = (3, 10)
      var rng = RandomSource(seed: 31)
      let spikes = (0..<(batch * steps * spec.input.count)).map { _ in
        rng.nextFloat(in: 0, 1) < 0.4 ? UInt8(1) : 0
      }
      let labels = [0, 1, 2]
      let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
        "torch-bptt-\(UUID())"
      ).path
      try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
      defer { try? FileManager.default.removeItem(atPath: folder) }
      var settings = TrainerSettings(
        encoding: .events, learningRate: 0.001, weightDecay: 5e-4, workerCount: 2)
      settings.inputFrames = steps
      let trainer = makeTrainer(method: .bptt, network: network, settings: settings)
      try Checkpoint(trainer: trainer, epoch: 0, batchesInEpoch: 0, preset: "").write(
        to: folder + "/network.asfck")
      try JSONSerialization.data(withJSONObject: [
        "batch": batch, "labels": labels, "loss": "sse", "update_scale_factors": false,
        "learning_rate": 0.001, "weight_decay": 5e-4,
      ]).write(to: URL(fileURLWithPath: folder + "/case.json"))
      try Data(spikes).write(to: URL(fileURLWithPath: folder + "/spikes.u8"))
      let stats = trainer.trainBatch(
        images: spikes.map(Float.init), labels: labels, seed: 1, updateScaleFactors: false)
      let (status, output) = try TorchPython.run(
        ["-m", "asf_torch.check", folder, "--method", "bptt"], log: folder + "/python.log")
      XCTAssertEqual(status, 0, output)
      guard status == 0 else { return }
      let result = try XCTUnwrap(
        JSONSerialization.jsonObject(
          with: Data(contentsOf: URL(fileURLWithPath: folder + "/torch/result.json")))
          as? [String: Any])
      let torchLoss = try XCTUnwrap(result["loss"] as? Double)
      XCTAssertEqual(torchLoss, Double(stats.loss), accuracy: 1e-5 * Double(stats.loss))
      var compared = 0
      for l in network.weights.indices where !network.weights[l].isEmpty {
        let grad = try readFloats(folder + "/torch/grad-\(l).f32")
        XCTAssertGreaterThan(trainer.gradients[l].map(abs).max() ?? 0, 0, "\(model) layer \(l)")
        XCTAssertLessThanOrEqual(
          relativeDifference(grad, trainer.gradients[l]), 1e-5, "\(model) ∂L/∂W of layer \(l)")
        let after = try readFloats(folder + "/torch/weights-\(l).f32")
        XCTAssertLessThanOrEqual(
          relativeDifference(after, trainer.network.weights[l]), 1e-5,
          "\(model) weights of layer \(l) after Adam")
        compared += 1
      }
      XCTAssertEqual(compared, 4)
    }
  }
}
