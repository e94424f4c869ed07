// Plays a recorded run back through the same channel the live session uses: the UI shows
// the recorded snapshots one batch after another at an adjustable speed, without training.

import Foundation

/// Replays a `RunRecording`.
public actor ReplaySession: SessionDriver {
  public nonisolated let channel: SessionChannel
  private let recording: RunRecording
  /// Batches per second the replay may use.
  public static let speeds: [Double] = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000]

  public init(recording: RunRecording) {
    self.recording = recording
    var first = recording.frames[0]
    first.state = .running
    channel = SessionChannel(initial: first)
  }

  /// The speed that plays the whole run in about a minute.
  static func defaultSpeed(frames: Int) -> Double {
    speeds.first { $0 * 60 >= Double(frames) } ?? speeds[speeds.count - 1]
  }

  public func run() async {
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
        case .setThreshold, .setTimeSteps, .setLearningRate, .saveCheckpoint, .nudgeThreshold,
          .longerTimeWindow, .shorterTimeWindow:
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
