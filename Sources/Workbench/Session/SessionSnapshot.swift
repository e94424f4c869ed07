// What the UI sees of a training session: state, progress, the values in force, the last
// batch's statistics and the history for the curves. Immutable once published.

import SpikingCore

/// The lifecycle of a training session.
public enum SessionState: Sendable, Equatable {
  case idle
  case running
  case paused
  /// Paused because the loss of a batch was not finite; the weights are those from before it.
  case diverged(epoch: Int, batch: Int, loss: Float)
  case finished
  /// Told to stop before its end: it saved its checkpoint after `batch` batches of `epoch`
  /// (0-based), or in the test that follows them (`inTest`), and a resume continues there.
  case stopped(epoch: Int, batch: Int, inTest: Bool)
  case failed(String)

  public var label: String {
    switch self {
    case .idle: "loading"
    case .running: "running"
    case .paused: "paused"
    case .diverged: "paused (diverged)"
    case .finished: "finished"
    case .stopped(let epoch, let batch, let inTest):
      inTest ? "stopped in the test of epoch \(epoch + 1)" : "stopped at batch \(batch)"
    case .failed: "failed"
    }
  }

  /// Stopped before its end (with its checkpoint saved).
  public var isStopped: Bool {
    if case .stopped = self { return true }
    return false
  }

  /// Paused by the user or by a divergence: space resumes, `.` trains one batch.
  public var isPaused: Bool {
    switch self {
    case .paused, .diverged: true
    default: false
    }
  }
}

/// A bounded series: keeps at most `capacity` points of a whole run by averaging pairs of
/// points each time it fills up (older points at coarser resolution).
public struct DecimatedSeries: Sendable, Equatable {
  public private(set) var values: [Float] = []
  /// How many raw values each stored point averages.
  public private(set) var stride = 1
  private var pending: [Float] = []
  public let capacity: Int

  public init(capacity: Int = 1024) { self.capacity = max(2, capacity - capacity % 2) }

  public mutating func append(_ value: Float) {
    pending.append(value)
    guard pending.count == stride else { return }
    values.append(pending.reduce(0, +) / Float(stride))
    pending.removeAll(keepingCapacity: true)
    if values.count == capacity {
      values = (0..<(capacity / 2)).map { (values[2 * $0] + values[2 * $0 + 1]) / 2 }
      stride *= 2
    }
  }
}

/// The notices of a session in order — every applied change, every refused command — the
/// last `capacity` of them, with the count of all: the log takes each once, however quickly
/// they came.
public struct NoticeList: Sendable, Equatable {
  public private(set) var entries: [String] = []
  /// Notices appended since the session began (entries holds the last ones).
  public private(set) var total = 0
  public static let capacity = 200

  public init() {}

  public mutating func append(_ notice: String) {
    entries.append(notice)
    total += 1
    if entries.count > Self.capacity { entries.removeFirst(entries.count - Self.capacity) }
  }

  /// The notices after the first `count` of all, as far as they are kept.
  public func since(_ count: Int) -> ArraySlice<String> {
    entries.suffix(max(0, min(entries.count, total - count)))
  }
}

/// Where a snapshot's batches come from.
public enum SnapshotSource: Sendable, Equatable {
  /// Training now, in this process.
  case live
  /// A recorded run played back at `speed` batches per second; `position` (1-based) of
  /// `length` recorded batches.
  case replay(speed: Double, position: Int, length: Int)
}

/// The latest published state of a training session.
public struct SessionSnapshot: Sendable {
  public var state: SessionState = .idle
  /// A one-line notice: divergence, checkpoint saved, errors of commands.
  public var message: String?
  /// Every notice so far (applied changes, refused commands), for the log.
  public var notices = NoticeList()
  /// The batches (of batchesDone) after which a change of a setting applied: ticks on the
  /// curves.
  public var changes: [Int] = []
  /// The sample the rasters show: picture, label, prediction, outputs (nil when unknown,
  /// as in a replay or a followed run).
  public var sample: SampleView?

  /// Notes an applied change of a setting: a tick on the curves at this batch, numbered, and
  /// the notice with the tick's number ("[3] T 10 → 20 from the next batch") for the log.
  public mutating func recordChange(_ notice: String) {
    changes.append(batchesDone)
    let labelled = "[\(changes.count)] \(notice)"
    notices.append(labelled)
    message = labelled
  }
  /// A followed run (its engine runs elsewhere): keys reach it only through its control
  /// file, and only the session can say when a command was written.
  public var followed = false
  /// Why the keys cannot steer this session (a read-only follow), or nil when they can.
  public var readOnly: String?
  /// Whether quitting leaves the run as it is (a followed run this workbench did not start):
  /// q then asks nothing.
  public var quitLeavesRun = false
  /// The work under way as the channel last read it: the data set being read, or how far
  /// the spiking forward of the batch in training has got.
  public var work: WorkProgress.Reading?
  public var presetName: String
  public var datasetName = ""
  public var epoch = 0
  public var epochs = 0
  public var batch = 0
  public var batchesPerEpoch = 0
  public var samplesPerSecond = 0.0
  public var secondsRemaining = 0.0
  /// Values in force.
  public var timeSteps = 0
  public var learningRate: Float = 0
  public var layerNames: [String] = []
  public var thresholds: [Float] = []
  public var neuronModel = ""
  /// ASF-BP's switches in force (the paper's unless changed).
  public var switches = EngineSwitches()
  /// The last trained batch.
  public var last: BatchStatistics?
  /// Per batch: loss per sample and accuracy; per epoch: test accuracy (0…1).
  public var loss = DecimatedSeries()
  public var accuracy = DecimatedSeries()
  public var testAccuracy: [Double] = []
  /// The latency curve after the last epoch (accuracy against inference steps).
  public var latency: [InferencePoint] = []
  /// Per hidden layer with neurons: the scale factor after each batch.
  public var scaleFactors: [DecimatedSeries] = []
  /// The last gradient check (preset key gradient-check): per runtime layer, cos(∇_method,
  /// ∇_BPTT) (nil: no weights); and per layer with weights, its value at every check.
  public var agreement: [Float?] = []
  public var agreementHistory: [DecimatedSeries] = []
  /// The names of the layers with weights, as agreementHistory lists them.
  public var agreementLayers: [String] = []
  public var batchesDone = 0
  /// The run folder this session has written (nil until its first record, or none).
  public var runFolder: String?
  /// Where the batches come from: live training, or the replay of a recorded run.
  public var source = SnapshotSource.live

  /// Whether the snapshot is a replayed one.
  public var isReplay: Bool {
    if case .replay = source { return true }
    return false
  }

  public init(presetName: String) { self.presetName = presetName }

  /// Copies the configuration in force from the run.
  public mutating func describe(_ run: TrainingRun) {
    let network = run.trainer.network
    datasetName = run.data.train.name
    runFolder = run.runFolder.flatMap { $0.exists ? $0.path : nil }
    epoch = run.epoch
    epochs = run.preset.epochs
    batch = run.batchInEpoch
    batchesPerEpoch = run.batchesPerEpoch
    timeSteps = network.timeSteps
    learningRate = run.preset.learningRate(atEpoch: min(run.epoch, max(0, run.preset.epochs - 1)))
    layerNames = network.layers.map(\.name)
    thresholds = network.thresholds
    switches = network.switches
    neuronModel = network.neuronModel.rawValue.uppercased()
    // The method shows beside the neuron model when it is not the paper's.
    if run.trainer.method != .asfBP { neuronModel += " · " + run.trainer.method.title }
  }

  /// A gradient check's cosines: the latest per layer, and the history of each layer with
  /// weights (NaN where a gradient was zero).
  mutating func recordAgreement(_ measured: [Float?], run: TrainingRun) {
    recordAgreement(measured, layers: run.trainer.network.layers)
  }

  /// A gradient check's cosines for a network of `layers`.
  mutating func recordAgreement(_ measured: [Float?], layers: [LayerInfo]) {
    agreement = measured
    let weighted = layers.indices.filter { layers[$0].hasWeights }
    if agreementHistory.count != weighted.count {
      agreementHistory = weighted.map { _ in DecimatedSeries(capacity: 256) }
      agreementLayers = weighted.map { layers[$0].name }
    }
    for (i, l) in weighted.enumerated() {
      agreementHistory[i].append(measured.indices.contains(l) ? measured[l] ?? .nan : .nan)
    }
  }

  public mutating func record(_ events: [RunEvent], run: TrainingRun) {
    for event in events {
      switch event {
      case .batch(let progress):
        let stats = progress.statistics
        last = stats
        loss.append(stats.loss / Float(max(1, stats.samples)))
        accuracy.append(stats.accuracy)
        let factors = stats.layers.map(\.scaleFactor)
        if scaleFactors.count != factors.count {
          scaleFactors = factors.map { _ in DecimatedSeries() }
        }
        for (i, s) in factors.enumerated() { scaleFactors[i].append(s) }
        if let measured = stats.gradientAgreement { recordAgreement(measured, run: run) }
        samplesPerSecond = progress.samplesPerSecond
        secondsRemaining = progress.secondsRemaining
        batchesDone += 1
      case .epoch(let result):
        testAccuracy.append(result.testAccuracy)
        if !result.latency.isEmpty { latency = result.latency }
      case .checkpoint(let path):
        message = "checkpoint saved: \(path)"
      }
    }
    describe(run)
  }
}
