// What both backward passes (the equivalent network's and BPTT's) do around their per-block
// work: split the batch into fixed blocks of `BufferPlan.gradientBlock` samples, hand the
// blocks to the worker threads, give each block its own weight-gradient buffers, and add
// those partial gradients up in block order. The split does not depend on the number of
// workers, so neither do the results.

import Foundation

/// Per-block weight-gradient buffers shaped like a network's weights, views of the arena.
final class PartialGradients: @unchecked Sendable {
  let workers: Int
  private let counts: [Int]
  private let buffers: [[UnsafeMutablePointer<Float>]]
  /// Keeps the arena the views point into.
  private let arena: BufferArena

  init(arena: BufferArena) {
    let plan = arena.plan
    self.arena = arena
    workers = plan.workers
    counts = plan.layers.map { $0.weightShape.rows * $0.weightShape.columns }
    buffers = plan.partialGradients.map { $0.map(arena.floats) }
  }

  /// Block b's gradient of layer l's weights.
  func of(block b: Int, layer l: Int) -> UnsafeMutablePointer<Float> { buffers[b][l] }

  /// Zeroes the buffers of the blocks that `samples` samples fill, runs
  /// `body(worker, block, first, end)` on every block (blocks in parallel over the workers),
  /// and adds the blocks' gradients to `gradients` in block order (callers zero those).
  func accumulate(
    samples: Int, into gradients: inout [[Float]],
    _ body: @Sendable (Int, Int, Int, Int) -> Void
  ) {
    let used = blockCount(samples)
    precondition(
      used <= buffers.count, "PartialGradients: \(samples) samples, \(buffers.count) blocks")
    for b in 0..<used {
      for (l, count) in counts.enumerated() { buffers[b][l].update(repeating: 0, count: count) }
    }
    forEachBlock(samples, workers: workers, body)
    for l in gradients.indices where !gradients[l].isEmpty {
      gradients[l].withUnsafeMutableBufferPointer { g in
        nonisolated(unsafe) let g = g
        let partials = (0..<used).map { buffers[$0][l] }
        nonisolated(unsafe) let blocks = partials
        // Every element sums its blocks in block order, whichever core adds it.
        forEachPart(of: g.count) { range in
          for partial in blocks {
            for i in range { g[i] += partial[i] }
          }
        }
      }
    }
  }
}

/// Blocks of `BufferPlan.gradientBlock` samples in `samples`.
func blockCount(_ samples: Int) -> Int {
  (samples + BufferPlan.gradientBlock - 1) / BufferPlan.gradientBlock
}

/// Runs `body(worker, block, first, end)` for every block of `samples` (block b holds samples
/// b·G..<min((b+1)·G, samples)), blocks spread over at most `workers` threads (worker w takes
/// blocks w, w + n, …); on the calling thread when one worker suffices.
func forEachBlock(
  _ samples: Int, workers: Int, _ body: @Sendable (Int, Int, Int, Int) -> Void
) {
  let size = BufferPlan.gradientBlock
  let blocks = blockCount(samples)
  let n = max(1, min(workers, blocks))
  @Sendable func run(_ w: Int) {
    var b = w
    while b < blocks {
      body(w, b, b * size, min(samples, (b + 1) * size))
      b += n
    }
  }
  if n == 1 {
    run(0)
  } else {
    DispatchQueue.concurrentPerform(iterations: n) { run($0) }
  }
}
