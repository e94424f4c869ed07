// The path of a NIR graph from its Input node to its Output node, when the graph is one:
// every node on it has one successor, no node is off it, and there is no cycle. The engine
// runs layers in a chain, so any other shape is refused with the node where it branches.

/// The node names from Input to Output in order.
public struct NIRChain: Sendable {
  public let names: [String]

  /// - Throws: `NIRError.unsupportedNode` at the node where the graph stops being a chain.
  public init(_ graph: NIRGraph) throws {
    let inputs = graph.nodes.filter { if case .input = $0.value { true } else { false } }
    guard inputs.count == 1, let start = inputs.first?.key else {
      throw NIRError.unsupportedNode(
        node: inputs.isEmpty ? "Input" : inputs.keys.sorted().joined(separator: "', '"),
        reason: "the graph has \(inputs.count) Input nodes; asf-tui runs networks with one")
    }
    var names = [start]
    var seen: Set<String> = [start]
    var current = start
    while true {
      if case .output = graph.nodes[current] { break }
      let next = graph.successors(of: current)
      guard next.count == 1, let following = next.first else {
        throw NIRError.unsupportedNode(
          node: current,
          reason: next.isEmpty
            ? "nothing follows it, and it is not an Output node"
            : "it feeds \(next.count) nodes (\(next.sorted().joined(separator: ", "))); asf-tui runs a chain of layers"
        )
      }
      guard !seen.contains(following) else {
        throw NIRError.unsupportedNode(
          node: following,
          reason: "the graph has a cycle through it; asf-tui runs feed-forward chains")
      }
      let sources = graph.predecessors(of: following)
      guard sources.count == 1 else {
        throw NIRError.unsupportedNode(
          node: following,
          reason:
            "it has \(sources.count) inputs (\(sources.sorted().joined(separator: ", "))); asf-tui runs a chain of layers"
        )
      }
      names.append(following)
      seen.insert(following)
      current = following
    }
    if let stray = graph.nodes.keys.sorted().first(where: { !seen.contains($0) }) {
      throw NIRError.unsupportedNode(
        node: stray, reason: "it is not on the path from the Input node to the Output node")
    }
    self.names = names
  }
}
