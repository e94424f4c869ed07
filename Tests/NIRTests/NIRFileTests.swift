// NIR graphs through HDF5 files: every node kind and metadata kind written and read back,
// and the files that are not NIR graphs refused with what is wrong.

import Foundation
import XCTest

@testable import NIR

final class NIRFileTests: FolderTestCase {
  func testEveryNodeKindAndMetadataKindComesBackFromAFile() throws {
    var graph = NIRTestGraphs.chain()
    let shape = [3, 2]
    graph.nodes["lif"] = .leakyIntegrateAndFire(
      tau: NIRTestGraphs.tensor(shape, seed: 4), r: NIRTestGraphs.tensor(shape, seed: 5),
      leak: NIRTestGraphs.tensor(shape, seed: 6), threshold: NIRTestGraphs.tensor(shape, seed: 7),
      reset: NIRTestGraphs.tensor(shape, seed: 8))
    graph.nodes["sum"] = .sumPool2d(kernel: [3, 2], stride: [1, 2], padding: [1, 0])
    graph.nodes["aff"] = .affine(
      weight: NIRTestGraphs.tensor([40, 50], seed: 9), bias: NIRTestGraphs.tensor([40], seed: 10))
    graph.nodes["int"] = .integrator(r: NIRTestGraphs.tensor([5], seed: 11))
    graph.nodes["flat"] = .flatten(inputShape: nil, startDim: 1, endDim: 2)
    graph.metadata = [
      "text": .text("ünïcode ✓"), "count": .integer(-42), "step": .real(1e-4),
      "list": .floats([0.5, -2, 3.25]),
    ]
    let path = folder + "/g.nir"
    try graph.write(to: path)
    let read = try NIRGraph.read(from: path)
    XCTAssertEqual(read.nodes, graph.nodes)
    XCTAssertEqual(read.metadata, graph.metadata)
    XCTAssertEqual(read.edges.map { "\($0.0)>\($0.1)" }, graph.edges.map { "\($0.0)>\($0.1)" })
    // Nothing but the file is left in the folder (the temporary file was renamed).
    XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder), ["g.nir"])
  }

  func testTheFileHasTheLayoutOfTheNIRPackage() throws {
    let path = folder + "/g.nir"
    try NIRTestGraphs.chain().write(to: path)
    let file = try HDF5File.open(path: path)
    XCTAssertEqual(try file.root.read("version"), .strings([NIRGraph.formatVersion], shape: []))
    let node = try file.root.group("node")
    XCTAssertEqual(try node.read("type"), .strings(["NIRGraph"], shape: []))
    guard case .strings(let edges, let edgeShape) = try node.read("edges") else {
      return XCTFail("edges are not text")
    }
    XCTAssertEqual(edgeShape, [9, 2])
    XCTAssertEqual(Array(edges.prefix(4)), ["in", "c", "c", "c_if"])
    let conv = try node.group("nodes").group("c")
    XCTAssertEqual(try conv.read("type"), .strings(["Conv2d"], shape: []))
    XCTAssertEqual(try conv.read("groups"), .integers([1], shape: []))
    XCTAssertEqual(try conv.read("stride"), .integers([1, 1], shape: [2]))
    XCTAssertEqual(try conv.read("weight").shape, [2, 1, 3, 3])
    XCTAssertEqual(
      try conv.memberNames(),
      ["bias", "dilation", "groups", "input_shape", "padding", "stride", "type", "weight"])
  }

  func testFilesThatAreNotNIRGraphsAreRefusedWithTheReason() throws {
    func message(_ path: String) -> String {
      do {
        _ = try NIRGraph.read(from: path)
        return "read"
      } catch {
        return "\(error)"
      }
    }
    XCTAssertTrue(message(folder + "/missing.nir").contains("no such file"))
    XCTAssertTrue(message(folder).contains("folder"))
    let text = folder + "/text.nir"
    try "not hdf5".write(toFile: text, atomically: true, encoding: .utf8)
    XCTAssertTrue(message(text).contains("not an HDF5 file"), message(text))
    let empty = folder + "/empty.h5"
    _ = try HDF5File.create(path: empty).root.createGroup("other")
    XCTAssertTrue(message(empty).contains("no /node group"), message(empty))
    var graph = NIRTestGraphs.chain()
    graph.edges.append(("r", "ghost"))
    try graph.write(to: folder + "/ghost.nir")
    XCTAssertTrue(
      message(folder + "/ghost.nir").contains("'ghost'"), message(folder + "/ghost.nir"))
  }

  func testANodeWithoutItsParametersIsRefusedByName() throws {
    let path = folder + "/bad.nir"
    do {
      let file = try HDF5File.create(path: path)
      try file.root.write("version", strings: ["1.0.8"])
      let node = try file.root.createGroup("node")
      try node.write("type", strings: ["NIRGraph"])
      let conv = try node.createGroup("nodes").createGroup("conv9")
      try conv.write("type", strings: ["Conv2d"])
      try conv.write("weight", floats: [1, 2], shape: [2])
    }
    XCTAssertThrowsError(try NIRGraph.read(from: path)) { error in
      XCTAssertTrue("\(error)".contains("'conv9'"), "\(error)")
      XCTAssertTrue("\(error)".contains("not (out, in, kh, kw)"), "\(error)")
    }
  }

  func testAnUnwritablePlaceLeavesNothingBehind() throws {
    let path = folder + "/no/such/folder/g.nir"
    XCTAssertThrowsError(try NIRTestGraphs.chain().write(to: path)) { error in
      XCTAssertTrue("\(error)".contains("Cannot write NIR file"), "\(error)")
    }
    XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder), [])
  }
}
