// Small helpers of the engine: base pointers of nested weight arrays for the kernels, and a
// Duration in seconds for the timing statistics.

func seconds(_ d: Duration) -> Double {
  Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
}

extension Array where Element == [Float] {
  /// Calls `body` with a base pointer for each inner array (empty arrays get a dangling one).
  func withUnsafePointers<R>(_ body: ([UnsafePointer<Float>]) -> R) -> R {
    var pointers: [UnsafePointer<Float>] = []
    pointers.reserveCapacity(count)
    func recurse(_ i: Int) -> R {
      if i == count { return body(pointers) }
      return self[i].withUnsafeBufferPointer { buffer in
        pointers.append(buffer.baseAddress ?? UnsafePointer(bitPattern: 16)!)
        return recurse(i + 1)
      }
    }
    return recurse(0)
  }
}
