// The log of the Train screen: notices, epoch summaries, checkpoints, warnings and errors,
// each with its time, so that the next notice does not wipe the last. The loop feeds it from
// the snapshots and the UI's own notices; it keeps the latest `capacity` entries.

/// Timed lines of what happened during a session.
public struct EventLog: Sendable, Equatable {
  public enum Kind: String, Sendable {
    case notice, epoch, checkpoint, warning, error
  }

  public struct Entry: Sendable, Equatable {
    /// Wall-clock time, e.g. "14:03:27".
    public let time: String
    public let kind: Kind
    public let text: String
  }

  public private(set) var entries: [Entry] = []
  public let capacity: Int

  public init(capacity: Int = 500) { self.capacity = max(1, capacity) }

  /// Appends an entry; the oldest go when there are more than `capacity` (in chunks, so
  /// that appending stays cheap).
  public mutating func add(_ kind: Kind, _ text: String, time: String) {
    entries.append(Entry(time: time, kind: kind, text: text))
    if entries.count > capacity + capacity / 4 { entries.removeFirst(entries.count - capacity) }
  }

  /// The entries to show, `scroll` entries up from the newest, at most `rows` of them, in
  /// time order (newest last).
  public func visible(rows: Int, scroll: Int) -> ArraySlice<Entry> {
    let kept = entries.suffix(capacity)
    let end = max(kept.startIndex, kept.endIndex - max(0, scroll))
    let start = max(kept.startIndex, end - max(0, rows))
    return kept[start..<end]
  }
}
