// Reading a NIR graph from an HDF5 file written by the `nir` package (or by asf-tui): the
// version must be 1.x; every node of a known type must carry its parameters with shapes
// that agree; nodes of other types are kept by name; edges must join existing nodes.

import Foundation

extension NIRGraph {
  /// Reads the NIR graph in the file at `path`.
  public static func read(from path: String) throws -> NIRGraph {
    let file = try HDF5File.open(path: path)
    func notNIR(_ reason: String) -> NIRError { .notANIRGraph(path: path, reason: reason) }
    if file.root.contains("version") {
      guard case .strings(let texts, _) = try file.root.read("version"), let version = texts.first
      else { throw notNIR("its /version is not text") }
      guard version.hasPrefix("1.") else {
        throw notNIR("it is NIR version \(version); asf-tui reads NIR 1.x")
      }
    }
    guard file.root.isGroup("node") else { throw notNIR("it has no /node group") }
    let graph = try file.root.group("node")
    guard graph.contains("type"), case .strings(let type, _) = try graph.read("type"),
      type.first == "NIRGraph"
    else { throw notNIR("/node is not of type NIRGraph") }
    guard graph.isGroup("nodes") else { throw notNIR("it has no /node/nodes group") }
    let group = try graph.group("nodes")
    var nodes: [String: NIRNode] = [:]
    for name in try group.memberNames() {
      guard group.isGroup(name) else { throw notNIR("/node/nodes/\(name) is not a group") }
      nodes[name] = try NodeReader(group: try group.group(name), name: name).node()
    }
    var edges: [(String, String)] = []
    if graph.contains("edges") {
      let value = try graph.read("edges")
      switch value {
      case .strings(let names, let shape) where shape.count == 2 && shape[1] == 2:
        edges = stride(from: 0, to: names.count, by: 2).map { (names[$0], names[$0 + 1]) }
      case let value where value.shape.reduce(1, *) == 0:
        break
      default:
        throw notNIR("/node/edges is not an (n, 2) array of node names")
      }
    }
    for (source, target) in edges {
      for name in [source, target] where nodes[name] == nil {
        throw notNIR("an edge \(source) → \(target) names '\(name)', which is not a node")
      }
    }
    var metadata: [String: Metadata] = [:]
    if graph.isGroup("metadata") {
      let group = try graph.group("metadata")
      for key in try group.memberNames() where !group.isGroup(key) {
        switch try group.read(key) {
        case .strings(let texts, let shape) where shape.isEmpty:
          metadata[key] = .text(texts[0])
        case .integers(let values, let shape) where shape.isEmpty:
          metadata[key] = .integer(Int(values[0]))
        case .reals(let values, let shape) where shape.isEmpty:
          metadata[key] = .real(values[0])
        case .reals(let values, let shape) where shape.count == 1:
          metadata[key] = .floats(values.map { Float($0) })
        default:
          continue  // Other tools' metadata that asf-tui does not use.
        }
      }
    }
    return NIRGraph(nodes: nodes, edges: edges, metadata: metadata)
  }
}
