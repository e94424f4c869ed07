// Plays a recorded run back through the same channel the live session uses: the UI shows
// the recorded snapshots one batch after another at an adjustable speed, without training.
// A session made from a folder reads it in the background, publishing its progress, so the
// UI stays responsive (and q quits) while a large run loads.

import Foundation

/// Replays a `RunRecording`.
public actor ReplaySession: SessionDriver {
  public nonisolated let channel: SessionChannel
  private var recording: RunRecording?
  private let folder: String
  /// Batches per second the replay may use.
  public static let speeds: [Double] = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000]

  public init(recording: RunRecording) {
    self.recording = recording
    folder = recording.folder
    var first = recording.frames[0]
    first.state = .running
    channel = SessionChannel(initial: first)
  }

  /// A replay of the run in `folder`, read when the session runs (off the UI thread).
  /// - Throws: `WorkbenchError.notARunFolder` at once when the folder holds no run.
  public init(folder: String) throws {
    try RunRecording.checkFolder(folder)
    recording = nil
    self.folder = folder
    var first = SessionSnapshot(presetName: URL(fileURLWithPath: folder).lastPathComponent)
    first.state = .idle
    first.source = .replay(speed: 0, position: 0, length: 0)
    first.message = "reading \(folder)/metrics.jsonl …"
    channel = SessionChannel(initial: first)
  }

  /// Reads the recording, publishing the share read so far; nil when stopped meanwhile or
  /// when the folder cannot be read (then the failure is published).
  private func load() async -> RunRecording? {
    var snapshot = channel.snapshot
    var stopped = false
    do {
      let recording = try RunRecording(folder: folder) { fraction in
        for command in self.channel.takeCommands() where command == .stop { stopped = true }
        snapshot.message = "reading \(self.folder)/metrics.jsonl: \(Int(fraction * 100)) %"
        self.channel.publish(snapshot)
        return !stopped
      }
      return recording
    } catch {
      guard !stopped else { return nil }
      snapshot.state = .failed("\(error)")
      snapshot.message = nil
      channel.publish(snapshot)
      while !channel.takeCommands().contains(.stop) {
        try? await Task.sleep(for: .milliseconds(20))
      }
      return nil
    }
  }

  /// The speed that plays the whole run in about a minute.
  static func defaultSpeed(frames: Int) -> Double {
    speeds.first { $0 * 60 >= Double(frames) } ?? speeds[speeds.count - 1]
  }

  public func run() async {
    if recording == nil { recording = await load() }
    guard let recording else { return }
    let frames = recording.frames
    var position = 0
    var speed = Self.defaultSpeed(frames: frames.count)
    var playing = true
    var message = recording.warning
    var last = Date.distantPast
    func publish() {
      var snapshot = frames[position]
      snapshot.source = .replay(speed: speed, position: position + 1, length: frames.count)
      snapshot.state = playing ? .running : (position == frames.count - 1 ? .finished : .paused)
      snapshot.message = message
      channel.publish(snapshot)
    }
    publish()
    while true {
      for command in channel.takeCommands() {
        message = nil
        switch command {
        case .stop:
          return
        case .pause:
          playing = false
        case .resume:
          if position == frames.count - 1 { position = 0 }
          playing = true
        case .step:
          playing = false
          position = min(frames.count - 1, position + 1)
        case .changeSpeed(let faster):
          let index = Self.speeds.firstIndex { $0 >= speed } ?? 0
          speed = Self.speeds[max(0, min(Self.speeds.count - 1, index + (faster ? 1 : -1)))]
          message = "replay speed: \(Int(speed)) batches/s"
        case .seek(let toEnd):
          position = toEnd ? frames.count - 1 : 0
        case .setThreshold, .setTimeSteps, .setLearningRate, .scaleLearningRate, .saveCheckpoint,
          .changeSwitch, .stopRun,
          .nudgeThreshold, .setRasterView,
          .longerTimeWindow, .shorterTimeWindow, .measureAccuracy:
          message = "a replay shows a recorded run: it cannot change it"
        }
        publish()
      }
      if playing && Date().timeIntervalSince(last) >= 1 / speed {
        last = Date()
        if position < frames.count - 1 {
          // Past 30 batches a second, skip frames rather than draw them all.
          position = min(frames.count - 1, position + max(1, Int(speed / 30)))
        } else {
          playing = false
        }
        publish()
      }
      try? await Task.sleep(for: .milliseconds(playing ? 5 : 20))
    }
  }
}
