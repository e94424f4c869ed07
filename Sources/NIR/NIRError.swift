// The errors of NIR export and import: files that cannot be read or written, graphs that are
// not NIR, and networks or nodes that one side cannot express. Each names the file or node.

/// Errors of the NIR module.
public enum NIRError: Error, CustomStringConvertible, Equatable {
  case unreadableFile(path: String, reason: String)
  case unwritableFile(path: String, reason: String)
  /// The file is HDF5 but not a NIR graph as written by the `nir` package.
  case notANIRGraph(path: String, reason: String)
  /// A node's parameters are missing or inconsistent.
  case invalidNode(node: String, reason: String)
  /// The graph is valid NIR but the engine cannot run it; names the node and what is allowed.
  case unsupportedNode(node: String, reason: String)
  /// The network cannot be said in NIR; names the layer or setting.
  case cannotExport(what: String, reason: String)

  public var description: String {
    switch self {
    case .unreadableFile(let path, let reason): "Cannot read NIR file \(path): \(reason)."
    case .unwritableFile(let path, let reason): "Cannot write NIR file \(path): \(reason)."
    case .notANIRGraph(let path, let reason): "\(path) is not a NIR graph: \(reason)."
    case .invalidNode(let node, let reason): "NIR node '\(node)' is invalid: \(reason)."
    case .unsupportedNode(let node, let reason):
      "NIR node '\(node)' cannot be imported: \(reason)."
    case .cannotExport(let what, let reason): "Cannot export \(what) to NIR: \(reason)."
    }
  }
}
