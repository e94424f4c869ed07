// Small helpers of the engine: base pointers of nested weight arrays for the kernels, and a
// Duration in seconds for the timing statistics.

/// What `withUnsafePointers` points at for a layer without weights.
private let placeholderWeights: [Float] = [0]

func seconds(_ d: Duration) -> Double {
  Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
}

extension Array where Element == [Float] {
  /// Calls `body` with a base pointer for each inner array (empty arrays get one of a single 0).
  func withUnsafePointers<R>(_ body: ([UnsafePointer<Float>]) -> R) -> R {
    var pointers: [UnsafePointer<Float>] = []
    pointers.reserveCapacity(count)
    func recurse(_ i: Int) -> R {
      if i == count { return body(pointers) }
      // Layers without weights (pools) get a placeholder of one zero.
      let values = self[i].isEmpty ? placeholderWeights : self[i]
      return values.withUnsafeBufferPointer { buffer in
        guard let base = buffer.baseAddress else {
          preconditionFailure("a non-empty array has storage")
        }
        pointers.append(base)
        return recurse(i + 1)
      }
    }
    return recurse(0)
  }
}
