// Import of hand-built NIR graphs: the valid chain becomes the engine's layers with its
// weights and thresholds; input scales are folded into the weights; every graph the engine
// cannot run is refused with the node at fault and what is accepted.

import XCTest

@testable import NIR
@testable import SpikingCore

final class NIRImportTests: XCTestCase {
  func importing(_ change: (inout NIRGraph) -> Void) throws -> ImportedNetwork {
    var graph = NIRTestGraphs.chain()
    change(&graph)
    return try ImportedNetwork(graph: graph)
  }

  /// The refusal of the graph changed by `change`: its message names `node` and says `words`.
  func assertRefused(
    naming node: String, saying words: String, file: StaticString = #filePath, line: UInt = #line,
    _ change: (inout NIRGraph) -> Void
  ) {
    XCTAssertThrowsError(try importing(change), file: file, line: line) { error in
      XCTAssertTrue("\(error)".contains("'\(node)'"), "\(error)", file: file, line: line)
      XCTAssertTrue("\(error)".contains(words), "\(error)", file: file, line: line)
    }
  }

  func testTheChainBecomesTheEnginesLayers() throws {
    let imported = try importing { _ in }
    XCTAssertEqual(
      imported.spec,
      NetworkSpec(
        input: Shape(height: 6, width: 6, channels: 1),
        layers: [
          .conv(outChannels: 2, kernel: 3, padding: 1), .avgPool(size: 2), .flatten,
          .linear(outFeatures: 4), .linear(outFeatures: 3),
        ]))
    XCTAssertEqual(imported.neuronModel, .integrateAndFire)
    XCTAssertEqual(imported.thresholds, [0.5, 0.75, 1.5, 1])
    XCTAssertEqual(imported.weights.map(\.count), [18, 0, 72, 12])
    // The readout's weights: NIR (3, 4) transposed into the engine's rows of inputs.
    let readout = NIRTestGraphs.values(12, seed: 3)
    XCTAssertEqual(imported.weights[3][2 * 3 + 1], readout[1 * 4 + 2])
    XCTAssertNil(imported.timeSteps)
    XCTAssertNil(imported.scaleFactors)
    // The engine builds it.
    let network = try imported.network(timeSteps: 8)
    XCTAssertEqual(network.layers.map(\.name), ["conv1", "avgpool1", "fc1", "output"])
  }

  func testInputScalesAreFoldedIntoTheWeightsAndSaidSo() throws {
    let imported = try importing { graph in
      graph.nodes["l_if"] = .integrateAndFire(
        r: NIRTensor(shape: [4], repeating: 2), threshold: NIRTensor(shape: [4], repeating: 1.5),
        reset: NIRTensor(shape: [4], repeating: 0))
      graph.nodes["p"] = .sumPool2d(kernel: [2, 2], stride: [2, 2], padding: [0, 0])
      // The readout through an integrator of r = 0.5.
      graph.nodes["int"] = .integrator(r: NIRTensor(shape: [3], repeating: 0.5))
      graph.edges.removeAll { $0.0 == "r" }
      graph.edges += [("r", "int"), ("int", "out")]
    }
    let plain = try importing { _ in }
    XCTAssertEqual(imported.weights[2], plain.weights[2].map { $0 * 2 })
    XCTAssertEqual(imported.weights[3], plain.weights[3].map { $0 * 0.5 })
    // A sum pool of 2×2 against 0.75 fires as the mean against 0.75/4.
    XCTAssertEqual(imported.thresholds[1], 0.75 / 4)
    XCTAssertEqual(imported.notes.count, 3, "\(imported.notes)")
    XCTAssertTrue(imported.notes.contains { $0.hasPrefix("l_if") })
  }

  func testALIFChainImportsWhenItsTimeConstantIsTheEngines() throws {
    func lif(_ tau: Float) -> NIRNode {
      let shape = [4]
      return .leakyIntegrateAndFire(
        tau: NIRTensor(shape: shape, repeating: tau),
        r: NIRTensor(shape: shape, repeating: tau / 1e-4),
        leak: NIRTensor(shape: shape, repeating: 0),
        threshold: NIRTensor(shape: shape, repeating: 1),
        reset: NIRTensor(shape: shape, repeating: 0))
    }
    let shape = [2, 6, 6]
    let convLIF = NIRNode.leakyIntegrateAndFire(
      tau: NIRTensor(shape: shape, repeating: 0.01), r: NIRTensor(shape: shape, repeating: 100),
      leak: NIRTensor(shape: shape, repeating: 0), threshold: NIRTensor(shape: shape, repeating: 1),
      reset: NIRTensor(shape: shape, repeating: 0))
    let imported = try importing { graph in
      graph.nodes["l_if"] = lif(0.01)
      graph.nodes["c_if"] = convLIF
    }
    XCTAssertEqual(imported.neuronModel, .leakyIntegrateAndFire)
    assertRefused(naming: "l_if", saying: "λ = 0.99") { graph in
      graph.nodes["l_if"] = lif(0.002)
      graph.nodes["c_if"] = convLIF
    }
    assertRefused(naming: "l_if", saying: "one neuron model") { $0.nodes["l_if"] = lif(0.01) }
  }

  /// Issue 27, point 21: asf-tui's metadata with an unusable value (NaN scale factors, a T
  /// outside 1…10000, a step of 0 s) is refused naming it, not replaced by a default.
  func testUnusableMetadataIsRefusedNamingIt() throws {
    let good = try importing {
      $0.metadata["asf_scale_factors"] = .floats([0.5, 0.5, 0.25, 1])
      $0.metadata["asf_time_steps"] = .integer(30)
    }
    XCTAssertEqual(good.scaleFactors, [0.5, 0.5, 0.25, 1])
    XCTAssertEqual(good.timeSteps, 30)
    assertRefused(naming: "metadata asf_scale_factors", saying: "4 finite numbers ≥ 0") {
      $0.metadata["asf_scale_factors"] = .floats([0.5, .nan, 0.25, 1])
    }
    assertRefused(naming: "metadata asf_scale_factors", saying: "it holds 2 numbers") {
      $0.metadata["asf_scale_factors"] = .floats([0.5, 0.5])
    }
    assertRefused(naming: "metadata asf_time_steps", saying: "from 1 to 10000") {
      $0.metadata["asf_time_steps"] = .integer(0)
    }
    assertRefused(naming: "metadata asf_time_steps", saying: "the text 'thirty'") {
      $0.metadata["asf_time_steps"] = .text("thirty")
    }
    assertRefused(naming: "metadata asf_dt", saying: "above 0") {
      $0.metadata["asf_dt"] = .real(0)
    }
    // A 10 MB name is quoted cut.
    let long = NIRError.unsupportedNode(
      node: String(repeating: "t", count: 10_000_000), reason: "r")
    XCTAssertLessThan(long.description.count, 1_000)
  }

  func testWhatTheEngineCannotRunIsRefusedWithTheNode() {
    assertRefused(naming: "c", saying: "stride 1") {
      $0.nodes["c"] = .conv2d(
        weight: NIRTestGraphs.tensor([2, 1, 3, 3], seed: 1),
        bias: NIRTensor(shape: [2], repeating: 0),
        stride: [2, 2], padding: [1, 1], dilation: [1, 1], groups: 1, inputSize: nil)
    }
    assertRefused(naming: "c", saying: "no bias") {
      $0.nodes["c"] = .conv2d(
        weight: NIRTestGraphs.tensor([2, 1, 3, 3], seed: 1),
        bias: NIRTensor(shape: [2], repeating: 0.5),
        stride: [1, 1], padding: [1, 1], dilation: [1, 1], groups: 1, inputSize: nil)
    }
    assertRefused(naming: "l_if", saying: "one value per layer") {
      $0.nodes["l_if"] = .integrateAndFire(
        r: NIRTensor(shape: [4], repeating: 1),
        threshold: NIRTensor(shape: [4], values: [1, 1, 2, 1]),
        reset: NIRTensor(shape: [4], repeating: 0))
    }
    assertRefused(naming: "l_if", saying: "resets the membrane to 0") {
      $0.nodes["l_if"] = .integrateAndFire(
        r: NIRTensor(shape: [4], repeating: 1), threshold: NIRTensor(shape: [4], repeating: 1),
        reset: NIRTensor(shape: [4], repeating: -1))
    }
    assertRefused(naming: "l", saying: "put a Flatten node before it") { graph in
      graph.nodes["f"] = nil
      graph.edges.removeAll { $0.0 == "f" || $0.1 == "f" }
      graph.edges.append(("p_if", "l"))
    }
    assertRefused(naming: "p", saying: "IF neurons of their own") { graph in
      graph.nodes["p_if"] = nil
      graph.edges.removeAll { $0.0 == "p_if" || $0.1 == "p_if" }
      graph.edges.append(("p", "f"))
    }
    assertRefused(naming: "l_if", saying: "it leads to the Output node") { graph in
      graph.nodes["r"] = nil
      graph.edges.removeAll { $0.0 == "r" || $0.1 == "r" }
      graph.edges.append(("l_if", "out"))
    }
    assertRefused(naming: "c_if", saying: "feeds 2 nodes") { $0.edges.append(("c_if", "l")) }
    assertRefused(naming: "p", saying: "no counterpart in the engine") {
      $0.nodes["p"] = .other(type: "Delay")
    }
    assertRefused(naming: "l_if", saying: "outside the engine's") {
      $0.nodes["l_if"] = NIRTestGraphs.neurons([4], threshold: 5000)
    }
    assertRefused(naming: "stray", saying: "not on the path") {
      $0.nodes["stray"] = .output(shape: [1])
    }
    assertRefused(naming: "l", saying: "takes 18 inputs but its input has") { graph in
      graph.nodes["c"] = .conv2d(
        weight: NIRTestGraphs.tensor([3, 1, 3, 3], seed: 1),
        bias: NIRTensor(shape: [3], repeating: 0),
        stride: [1, 1], padding: [1, 1], dilation: [1, 1], groups: 1, inputSize: nil)
      graph.nodes["c_if"] = NIRTestGraphs.neurons([3, 6, 6], threshold: 0.5)
      graph.nodes["p_if"] = NIRTestGraphs.neurons([3, 3, 3], threshold: 0.75)
      graph.nodes["f"] = .flatten(inputShape: nil, startDim: 0, endDim: -1)
    }
  }
}
