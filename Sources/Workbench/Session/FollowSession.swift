// Follows a run folder while it is written — by the PyTorch backend started here, or by a
// job elsewhere whose folder is on a shared or synced file system: the Train screen shows its
// batches as their lines arrive, and (with control) the workbench's keys reach it as lines
// appended to RUN/control.jsonl, which the backend reads at its next batch boundary. The
// backend's "state" and "notice" lines say what it did.

import Datasets
import Foundation
import SpikingCore

/// A session that shows a growing run folder and, with control, steers its backend.
public actor FollowSession: SessionDriver {
  public nonisolated let channel: SessionChannel
  public let folder: String
  private let control: Bool
  private let child: Process?
  private var builder: SnapshotBuilder?
  private var offset: UInt64 = 0
  private var pending = LineAccumulator(maximumLine: FollowSession.maximumLine)
  private var linesRead = 0
  private var message: String?
  private var shownNotice: String?
  /// Whether anything shown changed since the last publication (a line, a message, the
  /// child's end): the screen redraws on publications, so an idle run costs nothing.
  private var dirty = true
  private var childEnded = false
  /// Why the folder can no longer be followed (deleted, not a file of lines): shown, and
  /// nothing more is read.
  private var failure: String?

  /// - Parameters:
  ///   - control: send the keys' commands to the backend (else the session only watches).
  ///   - child: the backend process this workbench started: stopped when the session stops.
  public init(folder: String, control: Bool, child: Process? = nil) {
    self.folder = folder
    self.control = control
    self.child = child
    var first = SessionSnapshot(presetName: URL(fileURLWithPath: folder).lastPathComponent)
    first.state = .idle
    first.message = "waiting for \(folder)/metrics.jsonl …"
    first.runFolder = folder
    channel = SessionChannel(initial: first)
  }

  public func run() async {
    while true {
      for command in channel.takeCommands() {
        if command == .stop {
          await stopChild()
          return
        }
        handle(command)
        dirty = true
      }
      let more = readNewLines()
      let ended = child.map { !$0.isRunning } ?? false
      if ended != childEnded {
        childEnded = ended
        dirty = true
      }
      if dirty {
        publish()
        dirty = false
      }
      if !more { try? await Task.sleep(for: .milliseconds(100)) }
    }
  }

  /// The longest line a follower takes (a run's records are kilobytes).
  static let maximumLine = LineReader.defaultMaximumLine
  /// The most bytes read in one poll, so that a fast writer cannot stall the screen.
  static let readPerPoll = 4 << 20

  /// Reads the preset (once) and the complete lines added since the last read: at most
  /// `readPerPoll` bytes, from a regular file, in lines of at most `maximumLine` bytes.
  /// Returns whether more may be waiting (the read stopped at its bound).
  private func readNewLines() -> Bool {
    guard failure == nil else { return false }
    var isFolder: ObjCBool = false
    if !FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder)
      || !isFolder.boolValue
    {
      if builder != nil || offset > 0 {
        failure = "the run folder \(folder) was deleted while followed: nothing more will come"
        dirty = true
      }
      return false
    }
    if builder == nil {
      guard let text = try? String(contentsOfFile: folder + "/preset.yaml", encoding: .utf8),
        let preset = try? Preset(yaml: text, source: folder + "/preset.yaml")
      else { return false }
      builder = SnapshotBuilder(preset: preset)
      dirty = true
    }
    let path = folder + "/metrics.jsonl"
    var status = stat()
    guard stat(path, &status) == 0 else { return false }
    guard status.st_mode & S_IFMT == S_IFREG else {
      failure =
        "\(path) is not a regular file (a device, a FIFO or a folder): follow reads the records a run appends to a file"
      dirty = true
      return false
    }
    guard let handle = FileHandle(forReadingAtPath: path) else { return false }
    defer { try? handle.close() }
    let piece: Data
    do {
      try handle.seek(toOffset: offset)
      piece = try handle.read(upToCount: Self.readPerPoll) ?? Data()
      offset += UInt64(piece.count)
    } catch {
      return false
    }
    do {
      for line in try pending.add(piece, path: path, line: linesRead + 1) {
        linesRead += 1
        _ = try? builder?.apply(line)
        dirty = true
      }
    } catch {
      failure = "\(error) Follow stops reading it."
      dirty = true
      return false
    }
    return piece.count == Self.readPerPoll
  }

  /// The snapshot so far, in the state the backend reported (or that its process ended in).
  private func publish() {
    var snapshot: SessionSnapshot
    if let builder {
      snapshot = builder.snapshot
      snapshot.source = .live
      snapshot.runFolder = folder
      if let notice = builder.snapshot.message, notice != shownNotice {
        shownNotice = notice
        message = notice
      }
      let perEpoch = snapshot.batchesPerEpoch
      if perEpoch > 0, snapshot.samplesPerSecond > 0 {
        let left = max(0, (snapshot.epochs - snapshot.epoch) * perEpoch - snapshot.batch)
        snapshot.secondsRemaining =
          Double(left * builder.preset.batchSize) / snapshot.samplesPerSecond
      }
      snapshot.state =
        switch builder.reportedState {
        case "paused": .paused
        case "finished": .finished
        case "stopped": builder.stoppedAt ?? .finished
        default:
          // A run that ended before it wrote its last state (or wrote none) is finished
          // when it holds every epoch of its preset.
          builder.snapshot.testAccuracy.count >= builder.preset.epochs
            ? .finished : builder.snapshot.batchesDone > 0 ? .running : .idle
        }
      if snapshot.state == .finished || snapshot.state.isStopped {
        snapshot.secondsRemaining = 0  // nothing is left to wait for (shown as --)
      }
    } else {
      snapshot = channel.snapshot
    }
    if let child, !child.isRunning, child.terminationStatus != 0, snapshot.state != .finished,
      !snapshot.state.isStopped
    {
      let how =
        child.terminationReason == .uncaughtSignal
        ? "was killed by signal \(child.terminationStatus)\(Self.signalName(child.terminationStatus))"
        : "ended with status \(child.terminationStatus)"
      let tail = logTail()
      snapshot.state = .failed(
        "the PyTorch backend \(how)"
          + (tail.isEmpty ? " and wrote nothing to \(folder)/backend.log" : ":\n" + tail))
    }
    if let failure { snapshot.state = .failed(failure) }
    snapshot.message = message
    snapshot.followed = true
    snapshot.quitLeavesRun = child == nil
    snapshot.readOnly = control ? nil : Self.readOnlyText(folder)
    channel.publish(snapshot)
  }

  /// " (SIGKILL)" for a signal's number.
  static func signalName(_ number: Int32) -> String {
    let names: [Int32: String] = [
      SIGKILL: "SIGKILL", SIGTERM: "SIGTERM", SIGINT: "SIGINT", SIGSEGV: "SIGSEGV",
      SIGABRT: "SIGABRT", SIGHUP: "SIGHUP", SIGBUS: "SIGBUS", SIGXFSZ: "SIGXFSZ",
    ]
    return names[number].map { " (\($0))" } ?? ""
  }

  /// The last lines of the backend's log (its error, when it failed).
  private func logTail() -> String {
    let text = (try? String(contentsOfFile: folder + "/backend.log", encoding: .utf8)) ?? ""
    return text.split(separator: "\n").suffix(8).joined(separator: "\n")
  }

  /// A key's command as a control line (with control), or why it cannot be sent.
  private func handle(_ command: SessionCommand) {
    guard control else {
      message = Self.readOnlyText(folder)
      return
    }
    let line: [String: Any]
    switch command {
    case .pause: line = ["command": "pause"]
    case .resume: line = ["command": "resume"]
    case .step: line = ["command": "step"]
    case .setThreshold(let layer, let value):
      line = ["command": "threshold", "layer": layer.map { $0 as Any } ?? NSNull(), "value": value]
    case .nudgeThreshold(let layer, let by):
      line = ["command": "threshold", "layer": layer.map { $0 as Any } ?? NSNull(), "by": by]
    case .setTimeSteps(let steps): line = ["command": "T", "value": steps]
    case .longerTimeWindow: line = ["command": "T", "longer": true]
    case .shorterTimeWindow: line = ["command": "T", "longer": false]
    case .setLearningRate(let rate): line = ["command": "lr", "value": rate]
    case .scaleLearningRate(let factor): line = ["command": "lr", "factor": factor]
    case .saveCheckpoint: line = ["command": "save"]
    case .stopRun: line = ["command": "stop"]
    case .setRasterView:
      message = "the PyTorch backend records the first sample's rasters only"
      return
    case .changeSpeed, .seek:
      message = "a followed run plays as it trains: no speeds or seeking"
      return
    case .measureAccuracy:
      message = "A measures a run this workbench trains; the followed run tests after each epoch"
      return
    case .changeSwitch(let change):
      switch change {
      case .nextScaleMode: line = ["command": "switch", "change": "scale-mode"]
      case .toggleMask: line = ["command": "switch", "change": "mask"]
      case .toggleReset: line = ["command": "switch", "change": "reset"]
      case .toggleSpikeRule: line = ["command": "switch", "change": "spike-rule"]
      case .smoothing(let by): line = ["command": "switch", "change": "smoothing", "by": by]
      }
    case .stop: return
    }
    do {
      try append(line)
      message =
        switch command {
        case .stopRun: "stop sent: the run saves its checkpoint at its next batch and ends"
        case .pause: "pause sent: the run pauses after its batch (its state line says when)"
        default: "sent to the run (it applies it at its next batch boundary)"
        }
    } catch {
      message = "cannot write \(folder)/control.jsonl: \(plainReason(error))"
    }
  }

  static func readOnlyText(_ folder: String) -> String {
    "read-only: 'asf-tui follow --control \(folder)' steers the run"
  }

  private func append(_ line: [String: Any]) throws {
    try ControlLine.append(line, inFolder: folder)
  }

  /// Asks the backend this workbench started to stop (it saves its checkpoint at its next
  /// batch, in training or test), waits up to 10 s; then sends SIGTERM to its whole process
  /// group (torchrun and its workers: the same request), waits up to 20 s more, and kills
  /// what is left of the group. Nothing of it outlives the workbench.
  private func stopChild() async {
    guard let child else { return }
    let group = child.processIdentifier  // Foundation starts it in a process group of its own
    if child.isRunning {
      try? append(["command": "stop"])
      for _ in 0..<100 where child.isRunning {
        try? await Task.sleep(for: .milliseconds(100))
      }
    }
    if child.isRunning {
      killpg(group, SIGTERM)
      for _ in 0..<200 where child.isRunning {
        try? await Task.sleep(for: .milliseconds(100))
      }
    }
    killpg(group, SIGKILL)  // the launcher is gone or stuck: whatever it left behind
    child.waitUntilExit()
  }
}
