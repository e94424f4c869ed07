// The errors of the engine: a network description that cannot be built, and a checkpoint
// that cannot be read, written or loaded into a network. Each case names what was wrong.

/// Errors of the SpikingCore module; each carries the file or layer it is about.
public enum EngineError: Error, CustomStringConvertible, Equatable {
  /// The network description has no layers.
  case emptyNetwork
  /// The last layer of a network description is not the linear output layer.
  case lastLayerNotLinear(found: String)
  /// The input shape of a network description is out of range.
  case invalidInput(shape: String, reason: String)
  /// A layer of a network description cannot be built.
  case invalidLayer(index: Int, layer: String, reason: String)
  case unreadableCheckpoint(path: String, reason: String)
  case notACheckpoint(path: String)
  case unsupportedCheckpointVersion(path: String, found: Int, supported: Int)
  case corruptCheckpoint(path: String, reason: String)
  /// The checkpoint is whole but holds a different network.
  case checkpointMismatch(path: String, reason: String)
  case unwritableCheckpoint(path: String, reason: String)

  public var description: String {
    switch self {
    case .emptyNetwork:
      "The network has no layers; give at least one linear output layer."
    case .lastLayerNotLinear(let found):
      "The last layer must be 'linear' (the output layer), but it is '\(found)'."
    case .invalidInput(let shape, let reason):
      "The network's input \(shape) is invalid: \(reason)."
    case .invalidLayer(let index, let layer, let reason):
      "Layer \(index + 1) ('\(layer)') is invalid: \(reason)."
    case .unreadableCheckpoint(let path, let reason):
      "Cannot read checkpoint \(path): \(reason)."
    case .notACheckpoint(let path):
      "\(path) is not an asf-tui checkpoint (expected the magic bytes \"ASFCKPT\")."
    case .unsupportedCheckpointVersion(let path, let found, let supported):
      "Checkpoint \(path) has format version \(found); this asf-tui reads version \(supported)."
    case .corruptCheckpoint(let path, let reason):
      "Checkpoint \(path) is damaged: \(reason)."
    case .checkpointMismatch(let path, let reason):
      "Checkpoint \(path) does not fit this network: \(reason)."
    case .unwritableCheckpoint(let path, let reason):
      "Cannot write checkpoint \(path): \(reason). The previous file, if any, is unchanged."
    }
  }
}
