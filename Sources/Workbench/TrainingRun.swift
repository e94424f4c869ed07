// A headless training run: epochs of shuffled batches through the ASF-BP trainer, test
// accuracy after each epoch, metrics as JSON lines and checkpoints in the run folder.
// Progress is reported through a callback; the caller decides how to show it.

import Datasets
import Foundation
import SpikingCore

/// What a run reports while it trains.
public enum RunEvent: Sendable {
  case batch(BatchProgress)
  case epoch(EpochResult)
  case checkpoint(path: String)
}

/// Progress after one training batch.
public struct BatchProgress: Sendable {
  public let epoch: Int
  public let batch: Int
  public let batchesPerEpoch: Int
  public let epochs: Int
  public let statistics: BatchStatistics
  public let learningRate: Float
  /// Training samples per second over the current epoch so far.
  public let samplesPerSecond: Double
  /// Estimated seconds left in the whole run (training batches only).
  public let secondsRemaining: Double
}

/// The result of one epoch.
public struct EpochResult: Sendable {
  public let epoch: Int
  public let trainAccuracy: Double
  public let trainLoss: Double
  public let testAccuracy: Double
  public let trainSeconds: Double
  public let testSeconds: Double
  public let scaleFactors: [Float]
}

/// Errors of a run.
public enum RunError: Error, CustomStringConvertible {
  case diverged(epoch: Int, batch: Int, loss: Float)
  case cannotCreateFolder(path: String, reason: String)
  case incompatibleData(expected: String, found: String)

  public var description: String {
    switch self {
    case .diverged(let epoch, let batch, let loss):
      "Training diverged at epoch \(epoch + 1), batch \(batch + 1): the loss is \(loss). The weights of the previous batch are kept; lower the learning rate or the threshold and resume from the last checkpoint."
    case .cannotCreateFolder(let path, let reason):
      "Cannot create the run folder \(path): \(reason)."
    case .incompatibleData(let expected, let found):
      "The network expects inputs of \(expected) but the data set has \(found)."
    }
  }
}

/// A training run of one preset.
public final class TrainingRun {
  public let preset: Preset
  public let trainer: ASFTrainer
  public let data: DataSplits
  /// Where metrics.jsonl, preset.yaml and checkpoint.asfck go (nil: nothing is written).
  public let folder: String?
  /// Completed epochs and batches of the current epoch (non-zero when resumed).
  public private(set) var epoch = 0
  private var skipBatches = 0
  private var metrics: FileHandle?

  /// Prepares a run; `resume` continues from a checkpoint's weights, optimiser and progress.
  public init(
    preset: Preset, data: DataSplits, folder: String?, resume: Checkpoint? = nil,
    resumePath: String = ""
  )
    throws
  {
    self.preset = preset
    self.data = data
    self.folder = folder
    let network = try Network(
      spec: preset.network, neuronModel: preset.neuron, timeSteps: preset.timeSteps,
      threshold: preset.threshold, poolThreshold: preset.poolThreshold, seed: preset.seed)
    let input = network.layers[0].inputShape
    guard input.count == data.train.imageSize, input.channels == data.train.channels else {
      throw RunError.incompatibleData(
        expected: "\(input)",
        found: "\(data.train.channels)×\(data.train.height)×\(data.train.width)")
    }
    trainer = ASFTrainer(
      network: network,
      settings: TrainerSettings(
        encoding: preset.encoder, loss: preset.loss, learningRate: preset.learningRate,
        weightDecay: preset.weightDecay))
    if let resume {
      try resume.restore(into: trainer, path: resumePath)
      // Settings given now (preset and flags) win over those saved.
      trainer.network.timeSteps = preset.timeSteps
      epoch = resume.header.epoch
      skipBatches = resume.header.batchesInEpoch
    }
    if let folder {
      do {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try preset.yaml.write(toFile: folder + "/preset.yaml", atomically: true, encoding: .utf8)
        let path = folder + "/metrics.jsonl"
        if !FileManager.default.fileExists(atPath: path) {
          _ = FileManager.default.createFile(atPath: path, contents: nil)
        }
        metrics = FileHandle(forWritingAtPath: path)
        metrics?.seekToEndOfFile()
      } catch {
        throw RunError.cannotCreateFolder(path: folder, reason: error.localizedDescription)
      }
    }
  }

  /// The checkpoint path of this run.
  public var checkpointPath: String? { folder.map { $0 + "/checkpoint.asfck" } }

  /// Trains the remaining epochs of the preset, calling `report` after every batch and epoch.
  /// `shouldStop` is polled between batches.
  public func run(
    report: (RunEvent) -> Void, shouldStop: () -> Bool = { false }
  ) throws -> [EpochResult] {
    var results: [EpochResult] = []
    let sampler = BatchSampler(
      count: data.train.count, batchSize: preset.batchSize, seed: preset.seed, shuffle: true)
    let batches = sampler.batchesPerEpoch
    var buffer: [Float] = []
    let runStart = Date()
    var batchesDone = 0
    let totalBatches = (preset.epochs - epoch) * batches - skipBatches
    while epoch < preset.epochs {
      let epochStart = Date()
      let learningRate = preset.learningRate(atEpoch: epoch)
      trainer.settings.learningRate = learningRate
      let updatesScales = ScaleFactorRule.updates(inEpoch: epoch, period: preset.scaleUpdatePeriod)
      var correct = 0.0
      var lossSum = 0.0
      var seen = 0
      let order = sampler.batches(epoch: epoch)
      for (b, indices) in order.enumerated() where b >= skipBatches {
        if shouldStop() { return results }
        data.train.gather(indices, into: &buffer)
        let labels = indices.map { Int(data.train.labels[$0]) }
        let seed = preset.seed &+ UInt64(epoch) &* 1_000_003 &+ UInt64(b) &* 7919
        let stats = buffer.withUnsafeBufferPointer {
          trainer.trainBatch(
            images: $0.baseAddress!, labels: labels, seed: seed,
            updateScaleFactors: updatesScales)
        }
        guard stats.loss.isFinite else {
          throw RunError.diverged(epoch: epoch, batch: b, loss: stats.loss)
        }
        correct += Double(stats.accuracy) * Double(labels.count)
        lossSum += Double(stats.loss)
        seen += labels.count
        batchesDone += 1
        let elapsed = Date().timeIntervalSince(epochStart)
        let perBatch = Date().timeIntervalSince(runStart) / Double(batchesDone)
        let progress = BatchProgress(
          epoch: epoch, batch: b, batchesPerEpoch: batches, epochs: preset.epochs,
          statistics: stats, learningRate: learningRate,
          samplesPerSecond: Double(seen) / max(elapsed, 1e-9),
          secondsRemaining: perBatch * Double(totalBatches - batchesDone))
        writeMetrics(batch: progress)
        report(.batch(progress))
      }
      skipBatches = 0
      let trainSeconds = Date().timeIntervalSince(epochStart)
      let testStart = Date()
      let testAccuracy = evaluate(data.test)
      let result = EpochResult(
        epoch: epoch, trainAccuracy: correct / Double(max(1, seen)),
        trainLoss: lossSum / Double(max(1, seen)), testAccuracy: testAccuracy,
        trainSeconds: trainSeconds, testSeconds: Date().timeIntervalSince(testStart),
        scaleFactors: trainer.network.scaleFactors)
      epoch += 1
      results.append(result)
      writeMetrics(epoch: result)
      report(.epoch(result))
      if let path = checkpointPath {
        try saveCheckpoint(to: path, batchesInEpoch: 0)
        report(.checkpoint(path: path))
      }
    }
    return results
  }

  /// Saves the current state (atomically).
  public func saveCheckpoint(to path: String, batchesInEpoch: Int) throws {
    let checkpoint = Checkpoint(
      trainer: trainer, epoch: epoch, batchesInEpoch: batchesInEpoch, preset: preset.yaml)
    try checkpoint.write(to: path)
  }

  /// Test accuracy (0…1) of spiking inference on `dataset`, in batches.
  public func evaluate(_ dataset: ImageDataset, batchSize: Int = 100) -> Double {
    Self.evaluate(trainer: trainer, dataset: dataset, batchSize: batchSize, seed: preset.seed)
  }

  /// Spiking inference accuracy of `trainer` on `dataset`, fixed seeds per batch.
  public static func evaluate(
    trainer: ASFTrainer, dataset: ImageDataset, batchSize: Int = 100, seed: UInt64
  ) -> Double {
    var correct = 0
    var buffer: [Float] = []
    var start = 0
    while start < dataset.count {
      let indices = Array(start..<min(dataset.count, start + batchSize))
      dataset.gather(indices, into: &buffer)
      let labels = indices.map { Int(dataset.labels[$0]) }
      let (predictions, _) = buffer.withUnsafeBufferPointer {
        trainer.evaluate(
          images: $0.baseAddress!, labels: labels, seed: seed ^ 0xE7A1 &+ UInt64(start))
      }
      correct += zip(predictions, labels).filter { $0 == $1 }.count
      start += batchSize
    }
    return Double(correct) / Double(max(1, dataset.count))
  }

  private func writeMetrics(batch p: BatchProgress) {
    guard let metrics else { return }
    let s = p.statistics
    let line = MetricsLine.batch(
      epoch: p.epoch, batch: p.batch, loss: s.loss, accuracy: s.accuracy,
      learningRate: p.learningRate,
      timeSteps: s.timeSteps, samplesPerSecond: p.samplesPerSecond,
      scaleFactors: s.layers.map(\.scaleFactor), spikeRates: s.layers.map(\.spikeRate),
      thresholds: s.layers.map(\.threshold))
    metrics.write(Data((line + "\n").utf8))
  }

  private func writeMetrics(epoch r: EpochResult) {
    guard let metrics else { return }
    let line = MetricsLine.epoch(
      epoch: r.epoch, trainAccuracy: r.trainAccuracy, trainLoss: r.trainLoss,
      testAccuracy: r.testAccuracy, trainSeconds: r.trainSeconds, testSeconds: r.testSeconds,
      scaleFactors: r.scaleFactors)
    metrics.write(Data((line + "\n").utf8))
  }
}
