// A NIR graph: named nodes, directed edges between them, and metadata (text and numbers)
// that travels with the file.

/// A graph of NIR nodes.
public struct NIRGraph: Equatable, Sendable {
  /// A metadata value.
  public enum Metadata: Equatable, Sendable {
    case text(String)
    case integer(Int)
    case real(Double)
    case floats([Float])
  }

  /// The NIR format version written into files: that of the `nir` package the tests use.
  public static let formatVersion = "1.0.8"

  public var nodes: [String: NIRNode]
  /// (source, target) pairs.
  public var edges: [(String, String)]
  public var metadata: [String: Metadata]

  public init(
    nodes: [String: NIRNode] = [:], edges: [(String, String)] = [],
    metadata: [String: Metadata] = [:]
  ) {
    self.nodes = nodes
    self.edges = edges
    self.metadata = metadata
  }

  public static func == (a: NIRGraph, b: NIRGraph) -> Bool {
    a.nodes == b.nodes && a.metadata == b.metadata
      && a.edges.map { [$0.0, $0.1] } == b.edges.map { [$0.0, $0.1] }
  }

  /// The targets of edges leaving `node`.
  public func successors(of node: String) -> [String] {
    edges.filter { $0.0 == node }.map(\.1)
  }

  /// The sources of edges entering `node`.
  public func predecessors(of node: String) -> [String] {
    edges.filter { $0.1 == node }.map(\.0)
  }
}
