// The background training actor: owns a TrainingRun, trains batch after batch off the UI
// thread, takes commands at batch boundaries, and publishes the latest snapshot (latest
// wins; nothing queues up). The UI reads snapshots and sends commands through a
// `SessionChannel`; it never touches engine buffers.

import Foundation
import SpikingCore
import Synchronization

/// A command to the training session; each applies at the next batch boundary.
public enum SessionCommand: Sendable, Equatable {
  case pause
  case resume
  /// Train exactly one batch, then stay paused.
  case step
  /// Threshold of one layer (runtime layer index), or of all conv/linear layers when nil.
  case setThreshold(layer: Int?, value: Float)
  /// Adds `by` to the threshold in force of one layer, or of each conv/linear layer when nil:
  /// one key press, so that five quick presses are five steps.
  case nudgeThreshold(layer: Int?, by: Float)
  case setTimeSteps(Int)
  /// One step of `Limits.timeWindowSteps` from the window in force.
  case longerTimeWindow
  case shorterTimeWindow
  case setLearningRate(Float)
  /// Multiplies the base learning rate in force by a factor: one key press.
  case scaleLearningRate(by: Float)
  /// Which sample and neurons the spike rasters show from the next batch.
  case setRasterView(RasterView)
  /// One of ASF-BP's switches, one step (issue 17).
  case changeSwitch(SwitchChange)
  /// Save a checkpoint now (into the run folder, or to the given path).
  case saveCheckpoint(path: String?)
  /// Replay only: play faster or slower; jump to the first or last recorded batch.
  case changeSpeed(faster: Bool)
  case seek(toEnd: Bool)
  /// Stop the run where it trains (a followed run, the PyTorch backend, a Swift run): it
  /// saves its checkpoint at its position and trains no more; a resume continues there.
  case stopRun
  /// Measure the test accuracy now, at the values in force, on a slice of the test set.
  case measureAccuracy
  /// End the session's task.
  case stop
}

extension SessionCommand {
  /// Whether the command changes a setting of the run (threshold, T, learning rate, switch).
  public var isSetting: Bool {
    switch self {
    case .setThreshold, .nudgeThreshold, .setTimeSteps, .longerTimeWindow, .shorterTimeWindow,
      .setLearningRate, .scaleLearningRate, .changeSwitch:
      true
    default: false
    }
  }
}

/// Something that publishes snapshots to a channel and obeys its commands until `.stop`:
/// a training session or the replay of a recorded run.
public protocol SessionDriver: Actor {
  nonisolated var channel: SessionChannel { get }
  func run() async
}

/// The shared mailbox between the UI thread and the training actor.
public final class SessionChannel: Sendable {
  private let latest: Mutex<SessionSnapshot>
  private let commands = Mutex<[SessionCommand]>([])
  private let publishedVersion = Atomic<Int>(0)
  /// How far the work in progress has got: reading the data, the forward of a slow batch.
  /// The session's thread writes it while busy; every snapshot read carries its reading.
  public let progress = WorkProgress()

  public init(initial: SessionSnapshot) { latest = Mutex(initial) }

  /// Sends a command (from any thread).
  public func send(_ command: SessionCommand) { commands.withLock { $0.append(command) } }

  /// The latest snapshot, with the progress of the work under way, and its version
  /// (increases with every publication and every step of that progress).
  public var snapshot: SessionSnapshot {
    var snapshot = latest.withLock { $0 }
    snapshot.work = progress.reading
    return snapshot
  }
  public var version: Int { publishedVersion.load(ordering: .acquiring) + progress.version }

  public func publish(_ snapshot: SessionSnapshot) {
    latest.withLock { $0 = snapshot }
    publishedVersion.add(1, ordering: .releasing)
  }

  func takeCommands() -> [SessionCommand] {
    commands.withLock { pending in
      defer { pending.removeAll() }
      return pending
    }
  }
}

/// Trains a run in the background under the control of a `SessionChannel`.
public actor TrainingSession: SessionDriver {
  public nonisolated let channel: SessionChannel
  private let makeRun: @Sendable () throws -> TrainingRun
  private var snapshot: SessionSnapshot
  private let startPaused: Bool

  /// - Parameters:
  ///   - makeRun: builds the run (loads data); called inside `run()`, off the UI thread.
  ///   - startPaused: begin paused instead of training at once.
  public init(
    channel: SessionChannel, startPaused: Bool = false,
    makeRun: @escaping @Sendable () throws -> TrainingRun
  ) {
    self.channel = channel
    self.makeRun = makeRun
    self.startPaused = startPaused
    snapshot = channel.snapshot
  }

  /// The most test samples `A` measures on.
  public static let accuracySlice = 1000

  /// The test accuracy at the values in force on the first test samples, as a notice.
  private func measureAccuracy(_ run: TrainingRun) -> String {
    let total = run.data.test.count
    let count = min(total, Self.accuracySlice)
    let start = Date()
    do {
      let (accuracy, _) = try run.infer(.test, limit: count)
      let net = run.trainer.network
      let thresholds = Set(net.thresholds)
      let vth =
        thresholds.count == 1
        ? String(format: "Vth %.2f", net.thresholds[0])
        : "Vth " + net.thresholds.map { String(format: "%.2f", $0) }.joined(separator: "/")
      return String(
        format: "test accuracy %.2f %% on the first %d of %d test samples at T=%d, %@ (%.1f s)",
        accuracy * 100, count, total, net.timeSteps, vth, Date().timeIntervalSince(start))
    } catch {
      return "the test accuracy could not be measured: \(error)"
    }
  }

  /// Runs until a `.stop` command: trains while running, waits while paused or finished.
  public func run() async {
    let run: TrainingRun
    do {
      run = try makeRun()
    } catch {
      snapshot.state = .failed("\(error)")
      channel.publish(snapshot)
      await waitForStop()
      return
    }
    run.trainer.settings.progress = channel.progress
    snapshot.describe(run)
    // A run with no epoch left stands finished from its first frame (a checkpoint that ends
    // its run opens finished, not paused).
    snapshot.state = run.isFinished ? .finished : startPaused ? .paused : .running
    if !run.notices.isEmpty { snapshot.message = run.notices.joined(separator: " ") }
    // Started paused (a checkpoint opened to look at): the next batch through the network as
    // it is, untrained, so that its spikes show before anything trains.
    if startPaused, let stats = try? run.look() {
      snapshot.last = stats
      snapshot.sample = run.lastSample
    }
    channel.publish(snapshot)
    var pendingSteps = 0
    // The run folder's control file: the same commands as the keys (follow --control).
    let control = run.folder.map { ControlFile(folder: $0) }
    run.recordState(run.isFinished ? "finished" : startPaused ? "paused" : "running")
    while true {
      var entries = channel.takeCommands().map { ControlFile.Entry.command($0) }
      entries += control?.take() ?? []
      for entry in entries {
        guard case .command(let command) = entry else {
          if case .refused(let refusal) = entry {
            run.recordNotice(refusal)
            snapshot.message = refusal
            snapshot.notices.append(refusal)
            channel.publish(snapshot)
          }
          continue
        }
        let wasPaused = snapshot.state.isPaused
        switch command {
        case .stop:
          snapshot.state = run.isFinished ? .finished : snapshot.state
          channel.publish(snapshot)
          return
        case .pause:
          if snapshot.state == .running { snapshot.state = .paused }
        case .resume:
          if snapshot.state.isPaused {
            snapshot.state = .running
            snapshot.message = nil
          }
        case .step:
          if snapshot.state.isPaused { pendingSteps += 1 }
        case .setThreshold, .nudgeThreshold, .setTimeSteps, .longerTimeWindow,
          .shorterTimeWindow, .setLearningRate, .scaleLearningRate, .changeSwitch:
          // Every applied change is a notice of its own: on screen, in the log and in the
          // run folder's metrics (where a replay or a follower marks it on the curves).
          if let notice = run.applySetting(command) {
            snapshot.recordChange(notice)
            run.recordNotice(notice, change: true)
          }
        case .setRasterView(let view):
          run.trainer.settings.rasterView = view
          // Paused (or ended), the last batch is shown again at once for the chosen sample
          // and neurons, as it ran; running, the next batch records them.
          if snapshot.state != .running, let (rasters, sample) = run.inspect(view) {
            snapshot.last?.rasters = rasters
            snapshot.sample = sample
            let layer = view.activation.flatMap { rasters.indices.contains($0) ? rasters[$0] : nil }
            let neurons =
              layer.map {
                $0.isWindow
                  ? " · \($0.layerName) neurons \($0.firstNeuron)–\($0.firstNeuron + $0.rows - 1)"
                  : ""
              } ?? ""
            snapshot.message =
              "sample \(sample.index + 1) of \(sample.batchSize)\(neurons): the last batch again, "
              + "as it ran"
          }
        case .saveCheckpoint(let path):
          save(run, to: path)
        case .stopRun:
          if run.isFinished || snapshot.state.isStopped {
            snapshot.message = "the run has ended: nothing to stop"
          } else {
            save(run, to: nil)
            snapshot.state = .stopped(epoch: run.epoch, batch: run.batchInEpoch, inTest: false)
            pendingSteps = 0
          }
        case .changeSpeed, .seek:
          snapshot.message = "only a replay has speeds and seeking"
        case .measureAccuracy:
          let notice = measureAccuracy(run)
          snapshot.message = notice
          snapshot.notices.append(notice)
          run.recordNotice(notice)
        }
        if wasPaused != snapshot.state.isPaused {
          run.recordState(snapshot.state.isPaused ? "paused" : "running")
        }
        snapshot.describe(run)
        channel.publish(snapshot)
      }
      let training = snapshot.state == .running || (snapshot.state.isPaused && pendingSteps > 0)
      if run.isFinished || !training {
        if run.isFinished && snapshot.state != .finished {
          snapshot.state = .finished
          channel.publish(snapshot)
        }
        try? await Task.sleep(for: .milliseconds(20))
        continue
      }
      if pendingSteps > 0 && snapshot.state.isPaused { pendingSteps -= 1 }
      do {
        let events = try run.step()
        snapshot.record(events, run: run)
        snapshot.sample = run.lastSample
      } catch WorkbenchError.diverged(let epoch, let batch, let loss) {
        snapshot.state = .diverged(epoch: epoch, batch: batch, loss: loss)
        snapshot.message =
          WorkbenchError.diverged(epoch: epoch, batch: batch, loss: loss).description
        snapshot.describe(run)
        pendingSteps = 0
      } catch {
        snapshot.state = .failed("\(error)")
      }
      channel.publish(snapshot)
      await Task.yield()
    }
  }

  private func save(_ run: TrainingRun, to path: String?) {
    guard let target = path ?? run.checkpointPath else {
      snapshot.message = "no run folder: nothing saved"
      return
    }
    do {
      try run.saveCheckpoint(to: target)
      snapshot.message = "checkpoint saved: \(target)"
    } catch {
      snapshot.message = "\(error)"
    }
  }

  private func waitForStop() async {
    while !channel.takeCommands().contains(.stop) {
      try? await Task.sleep(for: .milliseconds(20))
    }
  }
}
