// The contents of one HDF5 dataset as read: strings, real numbers or integers, with the
// dataset's shape ([] for a scalar).

/// One dataset's values, flattened in row-major order, and its shape.
public enum HDF5Value: Equatable, Sendable {
  case strings([String], shape: [Int])
  case reals([Double], shape: [Int])
  case integers([Int64], shape: [Int])

  /// The dataset's shape: [] for a scalar.
  public var shape: [Int] {
    switch self {
    case .strings(_, let shape), .reals(_, let shape), .integers(_, let shape): shape
    }
  }

  /// What kind of values it holds, for error messages.
  public var kind: String {
    switch self {
    case .strings: "text"
    case .reals: "real numbers"
    case .integers: "integers"
    }
  }
}
