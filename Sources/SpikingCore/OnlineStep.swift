// The batch step of the methods that go back as the forward runs, a window of steps at a time
// (OTTT and SLTT): each gradient block's samples run `BufferPlan.onlineWindow` steps (their
// membranes kept between windows), then the rows of that window go back at once, time folded
// into the GEMMs, each step on its own (TraceBackward). Nothing of a window is kept once it
// has gone back, so the batch's memory does not depend on T. Path: BatchStep.trainBatch →
// BatchStep.trainOnline → BatchSamples.run (forward windows) → TimeTrace.backward(rows:…).

import Foundation

/// The windows a batch's T steps are cut into: each holds at most `capacity` steps that go
/// back (SLTT-K: only the chosen steps go back; the others only run forward).
struct OnlineWindows: Equatable {
  /// The steps of each window.
  var ranges: [Range<Int>] = []
  /// Per step of the time window: its row in its window, or −1 when it does not go back.
  var rows: [Int32] = []
  /// Rows of each window.
  var rowCounts: [Int] = []

  init(goesBack: [Bool], capacity: Int) {
    precondition(capacity > 0, "OnlineWindows: a window of no rows")
    var start = 0
    var row = 0
    for (t, back) in goesBack.enumerated() {
      rows.append(back ? Int32(row) : -1)
      if back { row += 1 }
      if row == capacity || t == goesBack.count - 1 {
        ranges.append(start..<(t + 1))
        rowCounts.append(row)
        start = t + 1
        row = 0
      }
    }
  }
}

extension BatchStep {
  /// The steps of a batch that go back: all of them, or (SLTT with `sltt-steps: K`, K < T) K
  /// of them drawn uniformly without replacement, from the batch's streams (the same seed and
  /// samples choose the same steps).
  static func stepsGoingBack(
    method: TrainingMethod, steps: Int, chosen: Int?, streams: InputStreams
  ) -> [Bool] {
    guard method == .sltt, let k = chosen, k < steps else {
      return [Bool](repeating: true, count: steps)
    }
    let first = UInt64(truncatingIfNeeded: streams.indices?.first ?? 0)
    var random = RandomSource(seed: streams.seed ^ 0x5117_7E95)
      .derived(streams.stream &* 0x1_0000_0001 &+ first)
    var order = Array(0..<steps)
    for i in 0..<k {
      order.swapAt(i, i + random.nextInt(below: steps - i))
    }
    var back = [Bool](repeating: false, count: steps)
    for t in order.prefix(max(0, k)) { back[t] = true }
    return back
  }

  /// OTTT or SLTT on one batch: the spiking forward a window at a time, each window's rows
  /// back at once into the (zeroed) `state.gradients`; the counts of the whole window end in
  /// `buffers.flows` as the other methods' forward leaves them. Returns the rasters.
  func trainOnline(
    state: inout TrainerState, buffers: BatchBuffers, images: UnsafePointer<Float>,
    labels: [Int], streams: InputStreams, recordRaster: Bool
  ) -> [SpikeRaster] {
    guard let trace = buffers.trace else {
      preconditionFailure("trainOnline: \(method) buffers without a trace")
    }
    let network = state.network
    let settings = state.settings
    let count = labels.count
    let windows = OnlineWindows(
      goesBack: Self.stepsGoingBack(
        method: method, steps: network.timeSteps, chosen: settings.slttSteps, streams: streams),
      capacity: BufferPlan.onlineWindow)
    let batch = BatchSamples(
      forward: buffers.forward, network: network, settings: settings, images: images,
      count: count, streams: streams, counts: buffers.flows, recordRaster: recordRaster)
    let hidden = network.layers.count - 1
    let sizes = network.layers.map(\.outputShape.count)
    let ottt = method == .ottt
    let scale = settings.loss
    settings.progress?.begin(WorkProgress.forwardStage, total: count)
    windows.rows.withUnsafeBufferPointer { table in
      guard let base = table.baseAddress else { return }
      nonisolated(unsafe) let rowTable = base
      network.weights.withUnsafePointers { weights in
        nonisolated(unsafe) let weights = weights
        trace.partialGradients.accumulate(samples: count, into: &state.gradients) {
          w, block, first, end in
          for (k, range) in windows.ranges.enumerated() {
            let rows = windows.rowCounts[k]
            for s in first..<end {
              let window = ForwardWindow(
                steps: range,
                saved: (0..<hidden).map { trace.saved[w][$0] + (s - first) * sizes[$0] },
                rows: rowTable)
              batch.run(
                sample: s, worker: w, weights: weights,
                trace: trace.forwardTrace(worker: w, sample: s - first, steps: rows),
                window: window)
              if k == windows.ranges.count - 1 { settings.progress?.advance() }
            }
            guard rows > 0 else { continue }
            trace.backward(
              rows: trace.rows(worker: w, samples: end - first, steps: rows), network: network,
              weights: weights, loss: .perStep, labels: labels[first..<end], scale: scale,
              rule: TraceRule(
                temporal: false, carries: ottt ? trace.carries[w] : nil,
                fromStart: range.lowerBound == 0),
              worker: w, block: block)
          }
        }
      }
    }
    return batch.rasters
  }
}
