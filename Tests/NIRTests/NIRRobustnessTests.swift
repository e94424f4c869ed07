// What a malformed but well-formed HDF5 file can hold: fixed-width text, null dataspaces,
// links that lead elsewhere, sizes that would overflow. Each is read correctly or refused
// with the node at fault, never a trap.

import CHDF5
import Foundation
import XCTest

@testable import NIR
@testable import SpikingCore

final class NIRRobustnessTests: FolderTestCase {
  func testFixedWidthTextKeepsItsLastCharacter() throws {
    let path = folder + "/fixed.h5"
    do {
      let file = try HDF5File.create(path: path)
      let type = H5Tcopy(asf_h5_c_string())
      defer { H5Tclose(type) }
      H5Tset_size(type, 8)
      H5Tset_strpad(type, H5T_STR_NULLPAD)
      let space = H5Screate(H5S_SCALAR)
      defer { H5Sclose(space) }
      let dataset = H5Dcreate2(
        file.root.id, "type", type, space, asf_h5_default(), asf_h5_default(), asf_h5_default())
      defer { H5Dclose(dataset) }
      var bytes = Array("NIRGraph".utf8)  // eight bytes, no terminating zero
      XCTAssertGreaterThanOrEqual(
        H5Dwrite(dataset, type, asf_h5_all(), asf_h5_all(), asf_h5_default(), &bytes), 0)
    }
    XCTAssertEqual(
      try HDF5File.open(path: path).root.read("type"), .strings(["NIRGraph"], shape: []))
  }

  func testNullDataspacesAndSoftLinksAreNotValues() throws {
    let path = folder + "/odd.h5"
    do {
      let file = try HDF5File.create(path: path)
      let space = H5Screate(H5S_NULL)
      defer { H5Sclose(space) }
      let dataset = H5Dcreate2(
        file.root.id, "empty", asf_h5_file_float(), space, asf_h5_default(), asf_h5_default(),
        asf_h5_default())
      H5Dclose(dataset)
      try file.root.write("real", floats: [1, 2], shape: [2])
      H5Lcreate_soft("/real", file.root.id, "alias", asf_h5_default(), asf_h5_default())
    }
    let root = try HDF5File.open(path: path).root
    XCTAssertThrowsError(try root.read("empty")) { error in
      XCTAssertTrue("\(error)".contains("null dataspace"), "\(error)")
    }
    XCTAssertEqual(try root.read("real"), .reals([1, 2], shape: [2]))
    XCTAssertFalse(root.contains("alias"), "a soft link could lead outside the file")
    XCTAssertThrowsError(try root.read("alias"))
  }

  func testSizesThatWouldOverflowAreRefusedByNode() {
    func refusal(_ change: (inout NIRGraph) -> Void) -> String {
      var graph = NIRTestGraphs.chain()
      change(&graph)
      do {
        _ = try ImportedNetwork(graph: graph)
        return "imported"
      } catch {
        return "\(error)"
      }
    }
    let huge = refusal { $0.nodes["in"] = .input(shape: [1, 1 << 32, 1 << 32]) }
    XCTAssertTrue(huge.contains("'in'") && huge.contains("1 to 4096"), huge)
    let padding = refusal {
      $0.nodes["c"] = .conv2d(
        weight: NIRTestGraphs.tensor([2, 1, 3, 3], seed: 1),
        bias: NIRTensor(shape: [2], repeating: 0),
        stride: [1, 1], padding: [1 << 62, 1 << 62], dilation: [1, 1], groups: 1, inputSize: nil)
    }
    XCTAssertTrue(padding.contains("'c'") && padding.contains("padding up to the kernel"), padding)
    let output = refusal { $0.nodes["out"] = .output(shape: [1 << 32, 1 << 32]) }
    XCTAssertTrue(output.contains("'out'") && output.contains("positive sizes"), output)
    let negative = refusal { $0.nodes["out"] = .output(shape: [-1, -3]) }
    XCTAssertTrue(negative.contains("'out'"), negative)
    let bigKernel = refusal {
      $0.nodes["c"] = .conv2d(
        weight: NIRTestGraphs.tensor([2, 1, 40, 40], seed: 1),
        bias: NIRTensor(shape: [2], repeating: 0),
        stride: [1, 1], padding: [0, 0], dilation: [1, 1], groups: 1, inputSize: nil)
    }
    XCTAssertTrue(bigKernel.contains("'c'"), bigKernel)
    let noInput = refusal { $0.nodes["in"] = .other(type: "Delay") }
    XCTAssertTrue(noInput.contains("0 Input nodes"), noInput)
  }

  func testAMapOfOneByOneIsStillAMapInNIR() throws {
    let spec = NetworkSpec(
      input: Shape(height: 4, width: 4, channels: 2),
      layers: [
        .conv(outChannels: 3, kernel: 3, padding: 0), .avgPool(size: 2), .flatten,
        .linear(outFeatures: 5),
      ])
    let network = try Network(spec: spec, seed: 5)
    let graph = try NIRGraph(exporting: network, preset: "")
    XCTAssertEqual(
      graph.nodes["flatten"], .flatten(inputShape: [3, 1, 1], startDim: 0, endDim: -1))
    guard case .integrateAndFire(_, let threshold, _) = graph.nodes["avgpool1_if"] else {
      return XCTFail("no avgpool1_if")
    }
    XCTAssertEqual(threshold.shape, [3, 1, 1])
    XCTAssertEqual(try ImportedNetwork(graph: graph).weights, network.weights)
  }
}
