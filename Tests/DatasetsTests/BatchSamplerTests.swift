// Tests of BatchSampler: coverage, per-epoch orders, determinism and batch sizes.

import XCTest

@testable import Datasets

final class BatchSamplerTests: XCTestCase {
  func testEveryIndexAppearsExactlyOncePerEpoch() {
    let sampler = BatchSampler(count: 103, batchSize: 10, seed: 7, shuffle: true)
    for epoch in 0..<3 {
      let batches = sampler.batches(epoch: epoch)
      XCTAssertEqual(batches.flatMap { $0 }.sorted(), Array(0..<103), "epoch \(epoch)")
    }
  }

  func testLastPartialBatchIsKeptUnlessDropLast() {
    let kept = BatchSampler(count: 103, batchSize: 10, seed: 7, shuffle: true)
    XCTAssertEqual(kept.batchesPerEpoch, 11)
    XCTAssertEqual(kept.batches(epoch: 0).map(\.count), Array(repeating: 10, count: 10) + [3])

    let dropped = BatchSampler(count: 103, batchSize: 10, seed: 7, shuffle: true, dropLast: true)
    XCTAssertEqual(dropped.batchesPerEpoch, 10)
    XCTAssertEqual(dropped.batches(epoch: 0).map(\.count), Array(repeating: 10, count: 10))

    let exact = BatchSampler(count: 100, batchSize: 10, seed: 7, shuffle: true)
    XCTAssertEqual(exact.batchesPerEpoch, 10)
  }

  func testEpochsHaveDifferentOrdersAndSeedsAreReproducible() {
    let sampler = BatchSampler(count: 500, batchSize: 32, seed: 42, shuffle: true)
    let again = BatchSampler(count: 500, batchSize: 32, seed: 42, shuffle: true)
    let otherSeed = BatchSampler(count: 500, batchSize: 32, seed: 43, shuffle: true)
    XCTAssertEqual(sampler.batches(epoch: 3), again.batches(epoch: 3))
    XCTAssertNotEqual(sampler.order(epoch: 0), sampler.order(epoch: 1))
    XCTAssertNotEqual(sampler.order(epoch: 0), otherSeed.order(epoch: 0))
    XCTAssertNotEqual(sampler.order(epoch: 0), Array(0..<500), "a shuffled order")
  }

  func testWithoutShuffleTheOrderIsSequential() {
    let sampler = BatchSampler(count: 7, batchSize: 3, seed: 1, shuffle: false)
    XCTAssertEqual(sampler.batches(epoch: 0), [[0, 1, 2], [3, 4, 5], [6]])
    XCTAssertEqual(sampler.batches(epoch: 5), sampler.batches(epoch: 0))
  }

  func testEmptyAndTinyDataSets() {
    XCTAssertEqual(
      BatchSampler(count: 0, batchSize: 4, seed: 1, shuffle: true).batches(epoch: 0), [])
    XCTAssertEqual(
      BatchSampler(count: 3, batchSize: 4, seed: 1, shuffle: true, dropLast: true).batchesPerEpoch,
      0)
    XCTAssertEqual(
      BatchSampler(count: 1, batchSize: 4, seed: 1, shuffle: true).batches(epoch: 2), [[0]])
  }
}
