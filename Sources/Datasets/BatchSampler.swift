// Splitting sample indices into mini-batches, in a seeded order that changes per epoch.
// It hands out indices only; gathering pixels into batch tensors is the trainer's job.

import SpikingCore

/// Deterministic mini-batch index lists for a data set of `count` samples.
///
/// With `shuffle`, epoch `e` uses a Fisher–Yates permutation drawn from a generator
/// seeded by `seed` mixed with `e`, so every epoch has its own order and the same
/// (seed, epoch) always gives the same batches. Without `shuffle` the order is `0..<count`.
public struct BatchSampler: Sendable, Equatable {
  /// The number of samples to draw from.
  public let count: Int
  /// Samples per batch (the last batch may be smaller unless `dropLast`).
  public let batchSize: Int
  /// The seed of the per-epoch permutations.
  public let seed: UInt64
  /// Whether each epoch visits the samples in a fresh random order.
  public let shuffle: Bool
  /// Whether a final batch smaller than `batchSize` is left out.
  public let dropLast: Bool

  /// - Precondition: `count >= 0` and `batchSize > 0`.
  public init(count: Int, batchSize: Int, seed: UInt64, shuffle: Bool, dropLast: Bool = false) {
    precondition(count >= 0, "count must not be negative")
    precondition(batchSize > 0, "batchSize must be positive")
    self.count = count
    self.batchSize = batchSize
    self.seed = seed
    self.shuffle = shuffle
    self.dropLast = dropLast
  }

  /// Batches per epoch: `count / batchSize`, rounded up unless `dropLast`.
  public var batchesPerEpoch: Int {
    dropLast ? count / batchSize : (count + batchSize - 1) / batchSize
  }

  /// Every index in `0..<count` once, in the order used for `epoch`.
  public func order(epoch: Int) -> [Int] {
    var indices = Array(0..<count)
    guard shuffle else { return indices }
    var random = RandomSource(seed: seed).derived(UInt64(bitPattern: Int64(epoch)))
    random.shuffle(&indices)
    return indices
  }

  /// The batches of `epoch`: `order(epoch:)` cut into runs of `batchSize`.
  public func batches(epoch: Int) -> [[Int]] {
    let indices = order(epoch: epoch)
    return (0..<batchesPerEpoch).map { batch in
      let start = batch * batchSize
      return Array(indices[start..<min(start + batchSize, count)])
    }
  }
}
