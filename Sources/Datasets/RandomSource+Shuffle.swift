// Seeded Fisher–Yates shuffling for the data sets, written out so that orders stay the
// same across Swift releases (the standard library's shuffle may change its algorithm).

import SpikingCore

extension RandomSource {
  /// A uniform integer in `0..<bound` (Lemire's multiply-high method; bias below 2^-40
  /// for any bound a data set can have).
  mutating func index(below bound: Int) -> Int {
    precondition(bound > 0, "bound must be positive")
    return Int(truncatingIfNeeded: UInt64(bound).multipliedFullWidth(by: next()).high)
  }

  /// Shuffles `elements` in place with the Fisher–Yates algorithm.
  mutating func shuffle<Element>(_ elements: inout [Element]) {
    for i in stride(from: elements.count - 1, to: 0, by: -1) {
      elements.swapAt(i, index(below: i + 1))
    }
  }
}
