// Small helpers of the engine: base pointers of nested weight arrays for the kernels, a
// Duration in seconds for the timing statistics, and element-wise work split over the cores.

import Foundation

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

/// Runs `body` on contiguous parts of 0..<count, in parallel when `count` is large enough to
/// pay for it. Each element is handled by exactly one call, so element-wise work gives the
/// same bits however it is split.
func forEachPart(of count: Int, _ body: @Sendable (Range<Int>) -> Void) {
  let parts = min(ProcessInfo.processInfo.activeProcessorCount, count / 65_536)
  guard parts > 1 else {
    body(0..<count)
    return
  }
  DispatchQueue.concurrentPerform(iterations: parts) { p in
    body((count * p / parts)..<(count * (p + 1) / parts))
  }
}
