// How text sits in a column wider than itself (tables, labels).

/// Where text sits in a column that is wider than it.
public enum TextAlignment: Hashable, Sendable {
  /// Flush with the left edge.
  case left
  /// Flush with the right edge.
  case right
  /// Centred; an odd spare column goes to the right.
  case center
}
