// Writing a NIR graph as the `nir` package does (NIR 1.0 over HDF5): `/version`, then the
// graph under `/node` with its `type`, its `nodes` (a group each, holding `type` and the
// parameters as datasets), its `edges` as an (n, 2) array of names, and `metadata`. The file
// is written beside its destination and renamed over it when whole.

import Foundation

extension NIRGraph {
  /// Writes the graph to `path` (replacing any file there only once the new one is whole).
  public func write(to path: String) throws {
    let temporary = path + ".tmp-\(getpid())"
    do {
      try writeFile(temporary)
    } catch {
      unlink(temporary)
      throw error is NIRError ? error : NIRError.unwritableFile(path: path, reason: "\(error)")
    }
    if rename(temporary, path) != 0 {
      let reason = String(cString: strerror(errno))
      unlink(temporary)
      throw NIRError.unwritableFile(path: path, reason: reason)
    }
  }

  private func writeFile(_ path: String) throws {
    let file = try HDF5File.create(path: path)
    try file.root.write("version", strings: [Self.formatVersion])
    let graph = try file.root.createGroup("node")
    try graph.write("type", strings: ["NIRGraph"])
    let group = try graph.createGroup("nodes")
    for (name, node) in nodes.sorted(by: { $0.key < $1.key }) {
      try Self.write(node, to: try group.createGroup(name))
    }
    try graph.write(
      "edges", strings: edges.flatMap { [$0.0, $0.1] }, shape: [edges.count, 2])
    if !metadata.isEmpty {
      let group = try graph.createGroup("metadata")
      for (key, value) in metadata.sorted(by: { $0.key < $1.key }) {
        switch value {
        case .text(let text): try group.write(key, strings: [text])
        case .integer(let value): try group.write(key, integers: [value], shape: [])
        case .real(let value): try group.write(key, double: value)
        case .floats(let values): try group.write(key, floats: values, shape: [values.count])
        }
      }
    }
  }

  private static func write(_ node: NIRNode, to group: HDF5Group) throws {
    func tensor(_ name: String, _ t: NIRTensor) throws {
      try group.write(name, floats: t.values, shape: t.shape)
    }
    func integers(_ name: String, _ values: [Int]) throws {
      try group.write(name, integers: values, shape: [values.count])
    }
    try group.write("type", strings: [node.typeName])
    switch node {
    case .input(let shape), .output(let shape):
      try integers("shape", shape)
    case .conv2d(let weight, let bias, let stride, let padding, let dilation, let groups, let size):
      try tensor("weight", weight)
      try tensor("bias", bias)
      try integers("stride", stride)
      try integers("padding", padding)
      try integers("dilation", dilation)
      try group.write("groups", integers: [groups], shape: [])
      if let size { try integers("input_shape", size) }
    case .linear(let weight):
      try tensor("weight", weight)
    case .affine(let weight, let bias):
      try tensor("weight", weight)
      try tensor("bias", bias)
    case .avgPool2d(let kernel, let stride, let padding),
      .sumPool2d(let kernel, let stride, let padding):
      try integers("kernel_size", kernel)
      try integers("stride", stride)
      try integers("padding", padding)
    case .flatten(let shape, let start, let end):
      if let shape { try integers("input_type", shape) }
      try group.write("start_dim", integers: [start], shape: [])
      try group.write("end_dim", integers: [end], shape: [])
    case .integrateAndFire(let r, let threshold, let reset):
      try tensor("r", r)
      try tensor("v_threshold", threshold)
      try tensor("v_reset", reset)
    case .leakyIntegrateAndFire(let tau, let r, let leak, let threshold, let reset):
      try tensor("tau", tau)
      try tensor("r", r)
      try tensor("v_leak", leak)
      try tensor("v_threshold", threshold)
      try tensor("v_reset", reset)
    case .integrator(let r):
      try tensor("r", r)
    case .other(let type):
      throw NIRError.cannotExport(what: "a \(type) node", reason: "asf-tui does not model it")
    }
  }
}
