// A headless training run: epochs of shuffled batches through the ASF-BP trainer, test
// accuracy after each epoch, metrics as JSON lines and checkpoints in the run folder.
// Progress is reported through a callback; the caller decides how to show it.

import Datasets
import Foundation
import SpikingCore

/// A training run of one preset.
public final class TrainingRun {
  /// The configuration in force (changes made while running are written back here).
  public internal(set) var preset: Preset
  public let trainer: any SpikingTrainer
  public let data: DataSplits
  /// Where metrics.jsonl, preset.yaml and checkpoint.asfck go (nil: nothing is written).
  public var folder: String? { runFolder?.path }
  /// The run folder, created when the first record is written.
  public let runFolder: RunFolder?
  /// Completed epochs and batches of the current epoch (non-zero when resumed).
  public private(set) var epoch = 0
  var skipBatches = 0
  /// What the user should know about how the run starts (a resumed epoch that had to
  /// restart, …); the command line prints them, the workbench shows them.
  public private(set) var notices: [String] = []

  /// Prepares a run; `resume` continues from a checkpoint's weights, optimiser and progress.
  public init(
    preset: Preset, data: DataSplits, folder: String?, resume: Checkpoint? = nil,
    resumePath: String = ""
  ) throws {
    try preset.requireTraining()
    self.preset = preset
    self.data = data
    runFolder = folder.map { folder in
      RunFolder(
        path: folder, preset: preset,
        continuing: resume != nil && Self.isFolder(of: resumePath, folder))
    }
    try runFolder?.checkAvailable()
    let settings = Self.trainerSettings(for: preset, data: data)
    let network = try Self.network(for: preset, data: data, workers: settings.workerCount)
    trainer = makeTrainer(method: preset.method, network: network, settings: settings)
    if let resume {
      try resume.restore(into: trainer, path: resumePath)
      // Settings given now (preset and flags) win over those saved.
      trainer.network.timeSteps = preset.timeSteps
      trainer.network.switches = preset.switches
      epoch = resume.header.epoch
      skipBatches = resumePosition(saved: resume.header.batchesInEpoch)
      if let runFolder, runFolder.continuing {
        epochRows = runFolder.existingEpochRows(upTo: epoch)
        try writeMissingRecords(resume.header)
      }
    }
  }

  /// Whether the file at `path` lies in `folder` (symbolic links resolved).
  static func isFolder(of path: String, _ folder: String) -> Bool {
    let parent = URL(fileURLWithPath: path).deletingLastPathComponent()
    return parent.resolvingSymlinksInPath().standardizedFileURL.path
      == URL(fileURLWithPath: folder).resolvingSymlinksInPath().standardizedFileURL.path
  }

  /// The batch a resumed epoch continues at: the saved position, or the epoch's first batch
  /// when the epoch is now shorter than that (fewer samples or larger batches), with a notice.
  private func resumePosition(saved: Int) -> Int {
    guard saved > 0, !isFinished else { return 0 }
    let batches = batchesPerEpoch
    guard saved >= batches else { return saved }
    notices.append(
      "The checkpoint was saved after batch \(saved) of epoch \(epoch + 1), but an epoch now has \(batches) batch\(batches == 1 ? "" : "es") (\(data.train.count) samples in batches of \(preset.batchSize)): epoch \(epoch + 1) starts again from its first batch."
    )
    return 0
  }

  /// The checkpoint path of this run.
  public var checkpointPath: String? { runFolder?.checkpointPath }

  /// Batches of the current epoch done so far (the next batch's index).
  public var batchInEpoch: Int { nextBatch }
  /// Batches in one epoch.
  public var batchesPerEpoch: Int { sampler.batchesPerEpoch }
  /// Whether every epoch of the preset is done.
  public var isFinished: Bool { epoch >= preset.epochs }
  /// Seconds this run object has spent training batches (testing not counted; a resumed run
  /// counts from its resume).
  public private(set) var trainingSeconds = 0.0
  /// Seconds spent training batches of the current epoch so far.
  public var secondsInEpoch: Double { epochTrainSeconds }

  lazy var sampler = BatchSampler(
    count: data.train.count, batchSize: preset.batchSize, seed: preset.seed, shuffle: true)
  var order: [[Int]] = []
  var nextBatch = 0
  var buffer: [Float] = []
  private var epochStart = Date()
  private var epochCorrect = 0.0
  private var epochLoss = 0.0
  private var epochSeen = 0
  private var epochTrainSeconds = 0.0
  private var secondsPerBatch: Double?
  var epochRows: [String] = []
  /// T of the batch trained last (0 before the first).
  private var timeStepsOfLastBatch = 0
  /// The last batch as it ran (images, labels, input streams, the network before its step),
  /// so that any sample of it can be looked at again while paused.
  var lastBatch: (images: [Float], labels: [Int], streams: InputStreams, network: Network)?
  /// The sample the last batch's rasters show.
  public internal(set) var lastSample: SampleView?

  /// Trains the next batch; after the last batch of an epoch, also evaluates the test set
  /// and saves the checkpoint. Returns what happened (nothing when the run is finished).
  /// A non-finite loss throws `WorkbenchError.diverged` before any weight changes; the run then
  /// stands after that batch.
  public func step() throws -> [RunEvent] {
    guard !isFinished else { return [] }
    if order.isEmpty {
      order = sampler.batches(epoch: epoch)
      epochStart = Date()
      epochTrainSeconds = 0
    }
    if skipBatches > 0 {
      nextBatch = skipBatches
      skipBatches = 0
    }
    let b = nextBatch
    let indices = order[b]
    let batchStart = Date()
    let learningRate = preset.learningRate(atEpoch: epoch)
    trainer.settings.learningRate = learningRate
    let updatesScales = ScaleFactorRule.updates(inEpoch: epoch, period: preset.scaleUpdatePeriod)
    let streams = InputStreams.training(seed: preset.seed, epoch: epoch, indices: indices)
    try data.gather(.train, indices, into: &buffer, streams: streams)
    let trainLabels = data.train.labels
    let labels = indices.map { Int(trainLabels[$0]) }
    let before = trainer.network
    // Every N batches: how far the method's gradient is from BPTT's, before the step.
    var agreement: [Float?]?
    let done = epoch * order.count + b
    if preset.gradientCheck > 0, done % preset.gradientCheck == 0 {
      agreement = buffer.withUnsafeBufferPointer { images in
        images.baseAddress.map {
          trainer.gradientAgreement(images: $0, labels: labels, streams: streams)
        }
      }
    }
    var stats = trainer.trainBatch(
      images: buffer, labels: labels, streams: streams, updateScaleFactors: updatesScales)
    stats.gradientAgreement = agreement
    if trainer.network.timeSteps != timeStepsOfLastBatch {
      // The batch buffers were made again for the new T: the old ones go back to the system.
      if timeStepsOfLastBatch != 0 { FreedMemory.release() }
      timeStepsOfLastBatch = trainer.network.timeSteps
    }
    let images = Array(buffer.prefix(labels.count * trainer.sampleStride))
    lastBatch = (images, labels, streams, before)
    if let sample = stats.rasters.first?.sample, let output = stats.sampleOutput,
      labels.indices.contains(sample)
    {
      lastSample = sampleView(sample, output: output, images: images, labels: labels)
    }
    nextBatch += 1
    let batchSeconds = Date().timeIntervalSince(batchStart)
    epochTrainSeconds += batchSeconds
    trainingSeconds += batchSeconds
    guard stats.loss.isFinite else {
      if nextBatch == order.count { nextBatch -= 1 }
      throw WorkbenchError.diverged(epoch: epoch, batch: b, loss: stats.loss)
    }
    epochCorrect += Double(stats.accuracy) * Double(labels.count)
    epochLoss += Double(stats.loss)
    epochSeen += labels.count
    // Exponentially smoothed seconds per sample-batch for the ETA.
    let perBatch = secondsPerBatch.map { 0.9 * $0 + 0.1 * batchSeconds } ?? batchSeconds
    secondsPerBatch = perBatch
    let remaining = (preset.epochs - epoch) * order.count - nextBatch
    var progress = BatchProgress(
      epoch: epoch, batch: b, batchesPerEpoch: order.count, epochs: preset.epochs,
      statistics: stats, learningRate: learningRate,
      samplesPerSecond: Double(epochSeen) / max(epochTrainSeconds, 1e-9),
      secondsRemaining: perBatch * Double(remaining))
    progress.switches = trainer.network.switches
    try runFolder?.append(.batch(BatchRecord(progress)))
    if (b + 1) % max(1, preset.recordEvery) == 0 || b == 0 {
      try runFolder?.append(.sample(SampleRecord(epoch: epoch, batch: b, statistics: stats)))
    }
    var events: [RunEvent] = [.batch(progress)]
    if nextBatch == order.count {
      events += try finishEpoch()
    }
    return events
  }

  private func finishEpoch() throws -> [RunEvent] {
    let testStart = Date()
    let testAccuracy = try evaluate(.test)
    var result = EpochResult(
      epoch: epoch, trainAccuracy: epochCorrect / Double(max(1, epochSeen)),
      trainLoss: epochLoss / Double(max(1, epochSeen)), testAccuracy: testAccuracy,
      trainSeconds: epochTrainSeconds, testSeconds: Date().timeIntervalSince(testStart),
      scaleFactors: trainer.network.scaleFactors)
    if preset.latencySamples > 0 {
      result.latency = try latencyCurve(
        windows: Self.latencyWindows(for: trainer.network.timeSteps), limit: preset.latencySamples
      ) { Date().timeIntervalSinceReferenceDate }
    }
    epoch += 1
    nextBatch = 0
    epochCorrect = 0
    epochLoss = 0
    epochSeen = 0
    order = []
    FreedMemory.release()  // the test phase's and the latency curve's buffers
    // The checkpoint first, carrying the epoch's records: the records never name an epoch
    // without a checkpoint, and a run killed between the two has them written on resume.
    var events: [RunEvent] = [.epoch(result)]
    let line = try MetricsRecord.epoch(EpochRecord(result)).jsonLine()
    let row = Self.epochCSVRow(result)
    if let path = checkpointPath {
      try saveCheckpoint(
        to: path, batchesInEpoch: 0,
        epochRecords: Checkpoint.EpochRecords(
          csvRow: row, metricsLine: String(decoding: line, as: UTF8.self)))
      events.append(.checkpoint(path: path))
    }
    try runFolder?.appendLine(line)
    if let runFolder {
      epochRows.append(row)
      try runFolder.writeEpochs(epochRows)
    }
    if isFinished { recordState("finished") }
    return events
  }

  /// Trains the remaining epochs of the preset, calling `report` after every batch and epoch.
  /// `shouldStop` is polled between batches.
  public func run(
    report: (RunEvent) -> Void, shouldStop: () -> Bool = { false }
  ) throws -> [EpochResult] {
    var results: [EpochResult] = []
    while !isFinished && !shouldStop() {
      for event in try step() {
        if case .epoch(let result) = event { results.append(result) }
        report(event)
      }
    }
    return results
  }
}
