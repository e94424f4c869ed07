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

  /// Names and reasons come from the file: each is cut to `quoteLimit` characters (a node
  /// type of 10 MB is not printed whole).
  public var description: String {
    func q(_ text: String) -> String { Self.quoted(text) }
    return switch self {
    case .unreadableFile(let path, let reason): "Cannot read NIR file \(path): \(q(reason))."
    case .unwritableFile(let path, let reason): "Cannot write NIR file \(path): \(q(reason))."
    case .notANIRGraph(let path, let reason): "\(path) is not a NIR graph: \(q(reason))."
    case .invalidNode(let node, let reason): "NIR node '\(q(node))' is invalid: \(q(reason))."
    case .unsupportedNode(let node, let reason):
      "NIR node '\(q(node))' cannot be imported: \(q(reason))."
    case .cannotExport(let what, let reason): "Cannot export \(what) to NIR: \(q(reason))."
    }
  }

  static let quoteLimit = 300

  /// `text` cut to `quoteLimit` characters, with how long it was.
  static func quoted(_ text: String) -> String {
    guard text.count > quoteLimit else { return text }
    return String(text.prefix(quoteLimit - 1)) + "… (\(text.count) characters)"
  }
}
