// Export of the engine's networks: LeNet as a chain of NIR nodes with its thresholds, LIF
// time constants, what NIR cannot hold refused, and export → import giving back the
// network's weights, thresholds, scale factors and T.

import XCTest

@testable import NIR
@testable import SpikingCore

final class NIRExportTests: XCTestCase {
  func chainTypes(_ graph: NIRGraph) throws -> [String] {
    try NIRChain(graph).names.map { graph.nodes[$0]?.typeName ?? "?" }
  }

  func testLeNetExportsAsAChainWithItsThresholdsAndT() throws {
    var network = try Network(spec: .lenet, timeSteps: 30, threshold: 1.25, seed: 3)
    network.scaleFactors = [0.5, 0.25, 0.75, 0.125, 0.625, 1]
    let graph = try NIRGraph(exporting: network, preset: "name: x\n")
    XCTAssertEqual(
      try chainTypes(graph),
      [
        "Input", "Conv2d", "IF", "AvgPool2d", "IF", "Conv2d", "IF", "AvgPool2d", "IF", "Flatten",
        "Linear", "IF", "Linear", "Output",
      ])
    XCTAssertEqual(graph.nodes.count, 14)
    XCTAssertEqual(graph.nodes["input"], .input(shape: [1, 28, 28]))
    XCTAssertEqual(graph.nodes["output"], .output(shape: [10]))
    XCTAssertEqual(
      graph.nodes["flatten"], .flatten(inputShape: [50, 7, 7], startDim: 0, endDim: -1))
    guard case .integrateAndFire(let r, let threshold, let reset) = graph.nodes["conv2_if"],
      case .integrateAndFire(_, let poolThreshold, _) = graph.nodes["avgpool1_if"],
      case .linear(let fc1) = graph.nodes["fc1"]
    else { return XCTFail("missing nodes: \(graph.nodes.keys.sorted())") }
    XCTAssertEqual(threshold.shape, [50, 14, 14])
    XCTAssertEqual(threshold.uniformValue, 1.25)
    XCTAssertEqual(r.uniformValue, 1)
    XCTAssertEqual(reset.uniformValue, 0)
    XCTAssertEqual(poolThreshold.uniformValue, 0.75)
    XCTAssertEqual(fc1.shape, [200, 2450])
    XCTAssertEqual(graph.metadata["asf_time_steps"], .integer(30))
    XCTAssertEqual(graph.metadata["asf_scale_factors"], .floats(network.scaleFactors))
    XCTAssertEqual(graph.metadata["asf_preset"], .text("name: x\n"))
  }

  func testLIFNeuronsGetTheirTimeConstantAndPoolsStayIF() throws {
    let network = try Network(spec: .lenet, neuronModel: .leakyIntegrateAndFire, seed: 2)
    let graph = try NIRGraph(exporting: network, preset: "")
    guard case .leakyIntegrateAndFire(let tau, let r, let leak, _, _) = graph.nodes["fc1_lif"]
    else { return XCTFail("fc1 has no LIF node: \(graph.nodes.keys.sorted())") }
    // λ = 1 − dt/τ and the input scale r·dt/τ = 1 for one step of dt.
    let dt = NIRGraph.stepSeconds
    XCTAssertEqual(1 - dt / Double(tau.values[0]), 0.99, accuracy: 1e-6)
    XCTAssertEqual(Double(r.values[0]) * dt / Double(tau.values[0]), 1, accuracy: 1e-6)
    XCTAssertEqual(leak.uniformValue, 0)
    XCTAssertNotNil(graph.nodes["avgpool2_if"], "a LIF network's pools keep IF neurons")
  }

  func testWhatNIRCannotSayIsRefusedByName() throws {
    let vgg = try Network(spec: .vgg7, seed: 1)
    XCTAssertThrowsError(try NIRGraph(exporting: vgg, preset: "")) { error in
      XCTAssertTrue("\(error)".contains("maxpool1"), "\(error)")
      XCTAssertTrue("\(error)".contains("no max-pooling node"), "\(error)")
    }
    var subtract = try Network(spec: .lenet, seed: 1)
    subtract.switches.reset = .subtract
    XCTAssertThrowsError(try NIRGraph(exporting: subtract, preset: "")) { error in
      XCTAssertTrue("\(error)".contains("reset: subtract"), "\(error)")
    }
  }

  func testExportThenImportGivesBackTheNetwork() throws {
    let specs: [(NetworkSpec, NeuronModel)] = [
      (.lenet, .integrateAndFire),
      (
        NetworkSpec(
          input: .vector(12),
          layers: [.linear(outFeatures: 7), .linear(outFeatures: 5), .linear(outFeatures: 3)]),
        .leakyIntegrateAndFire
      ),
      (
        NetworkSpec(
          input: Shape(height: 9, width: 7, channels: 2),
          layers: [
            .conv(outChannels: 3, kernel: 3, padding: 0), .avgPool(size: 2), .flatten,
            .linear(outFeatures: 4),
          ]),
        .integrateAndFire
      ),
    ]
    for (spec, model) in specs {
      var network = try Network(
        spec: spec, neuronModel: model, timeSteps: 17, threshold: 0.8, poolThreshold: 0.6,
        seed: 9)
      network.thresholds[network.layers.count - 1] = 2.5
      network.scaleFactors = network.layers.indices.map { Float($0 + 1) / 8 }
      let imported = try ImportedNetwork(
        graph: try NIRGraph(exporting: network, preset: "name: p\n"))
      XCTAssertEqual(imported.spec, spec)
      XCTAssertEqual(imported.neuronModel, model)
      XCTAssertEqual(imported.weights, network.weights, "\(spec)")
      XCTAssertEqual(imported.thresholds, network.thresholds)
      XCTAssertEqual(imported.scaleFactors, network.scaleFactors)
      XCTAssertEqual(imported.timeSteps, 17)
      XCTAssertEqual(imported.preset, "name: p\n")
      XCTAssertEqual(imported.spikeRule, .strict)
      XCTAssertEqual(imported.notes, [])
    }
  }

  func testTheInclusiveRuleExportsAsTheNextLowerThresholdAndComesBack() throws {
    var network = try Network(spec: .lenet, threshold: 1, seed: 4)
    network.switches.spikeRule = .inclusive
    let graph = try NIRGraph(exporting: network, preset: "")
    guard case .integrateAndFire(_, let threshold, _) = graph.nodes["conv1_if"] else {
      return XCTFail("no conv1_if")
    }
    // v > v_threshold ⇔ v ≥ 1 for every float v.
    XCTAssertEqual(threshold.uniformValue, Float(1).nextDown)
    let imported = try ImportedNetwork(graph: graph)
    XCTAssertEqual(imported.spikeRule, .inclusive)
    XCTAssertEqual(imported.thresholds, network.thresholds)
  }
}
