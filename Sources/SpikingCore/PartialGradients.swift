// What both backward passes (the equivalent network's and BPTT's) do around their per-worker
// work: split the batch into contiguous sample ranges, one per worker thread, give each
// worker its own weight-gradient buffers, and add those partial gradients up at the end.

import Foundation

/// Per-worker weight-gradient buffers shaped like a network's weights, views of the arena.
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

  /// Worker w's gradient of layer l's weights.
  func of(worker w: Int, layer l: Int) -> UnsafeMutablePointer<Float> { buffers[w][l] }

  /// Zeroes the buffers of the workers that `samples` samples use, runs
  /// `body(worker, first, end)` on their sample ranges in parallel, and adds their partial
  /// gradients to `gradients` (callers zero those).
  func accumulate(
    samples: Int, into gradients: inout [[Float]], _ body: @Sendable (Int, Int, Int) -> Void
  ) {
    let used = min(workers, samples)
    for w in 0..<used {
      for (l, count) in counts.enumerated() { buffers[w][l].update(repeating: 0, count: count) }
    }
    splitSamples(samples, workers: workers, body)
    for l in gradients.indices where !gradients[l].isEmpty {
      gradients[l].withUnsafeMutableBufferPointer { g in
        for w in 0..<used {
          let partial = buffers[w][l]
          for i in 0..<g.count { g[i] += partial[i] }
        }
      }
    }
  }
}

/// Runs `body(worker, first, end)` for contiguous ranges of `samples`, one per worker (at most
/// `workers`), in parallel; on the calling thread when one worker suffices.
func splitSamples(_ samples: Int, workers: Int, _ body: @Sendable (Int, Int, Int) -> Void) {
  let n = min(workers, samples)
  if n <= 1 {
    body(0, 0, samples)
    return
  }
  DispatchQueue.concurrentPerform(iterations: n) { w in
    body(w, samples * w / n, samples * (w + 1) / n)
  }
}
