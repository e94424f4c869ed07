// A "state" or "notice" line of metrics.jsonl, as the PyTorch backend writes them: the run's
// state (and batches per epoch; where it stopped), or a sentence for the status line.

/// {"type":"state","state":…,"batches":…} or {"type":"notice","text":…}; a "stopped" state
/// says where: {"epoch": e, "batch": b, "phase": "training"|"test"} (b batches of epoch e
/// trained, 0-based e).
public struct StateRecord: Codable, Sendable, Equatable {
  /// "state" or "notice".
  public var type: String
  public var state: String?
  public var text: String?
  public var batches: Int?
  public var epoch: Int?
  public var batch: Int?
  public var phase: String?
  /// On a notice: whether it is an applied change of a setting (a tick on the curves).
  public var change: Bool?

  public init(type: String, state: String? = nil, text: String? = nil, batches: Int? = nil) {
    self.type = type
    self.state = state
    self.text = text
    self.batches = batches
  }
}
