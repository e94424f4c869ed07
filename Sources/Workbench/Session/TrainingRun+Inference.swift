// Spiking inference of a run's network on a split: its accuracy and the synaptic operations
// it performs per sample, at the run's T or over a list of time windows (the latency curve:
// accuracy against the number of inference steps, from the same weights).

import SpikingCore

/// One point of the latency curve: the result of inference with `timeSteps` steps.
public struct InferencePoint: Sendable, Equatable {
  public let timeSteps: Int
  /// Share of correct predictions (0…1).
  public let accuracy: Double
  /// Synaptic operations per sample, every layer (output included).
  public let synapticOperations: Double
  public let seconds: Double
}

extension TrainingRun {
  /// Accuracy (0…1) of spiking inference on `split` (the test set by default); each sample's
  /// spikes come from the test stream, the same in every epoch.
  public func evaluate(_ split: DataSplit = .test, batchSize: Int = 100) throws -> Double {
    try infer(split, batchSize: batchSize).accuracy
  }

  /// Accuracy (0…1) and synaptic operations per sample of spiking inference on `split`.
  /// `limit` takes the first samples only.
  public func infer(_ split: DataSplit = .test, batchSize: Int = 100, limit: Int? = nil) throws
    -> (accuracy: Double, synapticOperations: Double)
  {
    let dataset = data.samples(split)
    let allLabels = dataset.labels
    let seed = preset.seed
    let total = min(dataset.count, limit ?? dataset.count)
    var correct = 0
    var operations = 0.0
    var buffer: [Float] = []
    var start = 0
    while start < total {
      let indices = Array(start..<min(total, start + batchSize))
      try data.gather(split, indices, into: &buffer)
      let labels = indices.map { Int(allLabels[$0]) }
      let result = trainer.evaluate(
        images: buffer, labels: labels, streams: .test(seed: seed, indices: indices))
      correct += zip(result.predictions, labels).filter { $0 == $1 }.count
      operations += result.synapticOperations * Double(labels.count)
      start += batchSize
    }
    let count = Double(max(1, total))
    return (Double(correct) / count, operations / count)
  }

  /// The latency curve: inference on `split` (its first `limit` samples) with each of
  /// `windows` (T), from the same weights; the run's T is restored afterwards.
  /// - Throws: a window the memory limits refuse, or a data error.
  public func latencyCurve(
    windows: [Int], split: DataSplit = .test, limit: Int? = nil, clock: () -> Double
  ) throws -> [InferencePoint] {
    let saved = trainer.network.timeSteps
    defer { trainer.network.timeSteps = saved }
    var points: [InferencePoint] = []
    for steps in windows {
      if let refusal = setTimeSteps(steps) { throw refusal }
      let start = clock()
      let (accuracy, operations) = try infer(split, limit: limit)
      points.append(
        InferencePoint(
          timeSteps: trainer.network.timeSteps, accuracy: accuracy,
          synapticOperations: operations, seconds: clock() - start))
    }
    return points
  }

  /// The windows of the curve after each epoch: T/20, T/10, T/5, T/2 and T (at least 1).
  public static func latencyWindows(for steps: Int) -> [Int] {
    Array(Set([steps / 20, steps / 10, steps / 5, steps / 2, steps].map { max(1, $0) })).sorted()
  }
}
