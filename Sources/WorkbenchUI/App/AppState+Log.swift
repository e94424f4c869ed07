// What the loop tells the UI state about the session each turn: the session's message
// (shown until it is old) and what goes into the log (new messages and notices, finished
// epochs, a failure), each with its time.

import Foundation
import Workbench

extension AppState {
  /// What the end of a run suggests.
  static let nextSteps =
    "finished · next: 3 the paper's runs · 2 then g the neuron lesson · ? help · q quit"

  /// The log's times: hours, minutes and seconds of the local clock.
  private static let clock: DateFormatter = {
    let formatter = DateFormatter()
    formatter.dateFormat = "HH:mm:ss"
    return formatter
  }()

  /// Notes `snapshot` at `date`, the log's entries stamped with its local time.
  public mutating func observe(_ snapshot: SessionSnapshot, at date: Date) {
    observe(snapshot, now: date.timeIntervalSinceReferenceDate, time: Self.clock.string(from: date))
  }

  /// Notes the session's `message` at time `now` (seconds) and expires it when it is old.
  public mutating func observe(message: String?, now: Double) {
    guard let message else {
      sessionMessage = nil
      sessionMessageExpired = false
      return
    }
    if sessionMessage?.text != message { sessionMessage = (message, now) }
    sessionMessageExpired = now - (sessionMessage?.since ?? now) >= Self.messageLifetime
  }

  /// Notes `snapshot` and this state's notice at `now` (seconds) and wall-clock `time`:
  /// new messages and notices, finished epochs and a failure go into the log.
  public mutating func observe(_ snapshot: SessionSnapshot, now: Double, time: String) {
    // Every notice once, however many came since the last turn (three keys in a second are
    // three lines); the message that repeats the last of them is not logged again.
    if snapshot.notices.total < loggedNotices { loggedNotices = 0 }  // another session
    let fresh = snapshot.notices.since(loggedNotices)
    for notice in fresh { log.add(.notice, notice, time: time) }
    loggedNotices = snapshot.notices.total
    if let last = fresh.last, snapshot.message == last, sessionMessage?.text != last {
      sessionMessage = (last, now)
    }
    if let message = snapshot.message, message != sessionMessage?.text {
      let kind: EventLog.Kind =
        if case .diverged = snapshot.state {
          .warning
        } else if message.hasPrefix("checkpoint saved") {
          .checkpoint
        } else { .notice }
      log.add(kind, message, time: time)
    }
    observe(message: snapshot.message, now: now)
    if let notice, notice != loggedNotice { log.add(.notice, notice, time: time) }
    loggedNotice = notice
    if snapshot.testAccuracy.count < loggedEpochs { loggedEpochs = 0 }  // another session
    while loggedEpochs < snapshot.testAccuracy.count {
      let accuracy = snapshot.testAccuracy[loggedEpochs]
      loggedEpochs += 1
      log.add(
        .epoch,
        "epoch \(loggedEpochs): test accuracy \(String(format: "%.2f", accuracy * 100)) %",
        time: time)
    }
    // The end of a run this workbench trained: what to do next, once.
    if snapshot.state == .finished, snapshot.source == .live, !snapshot.followed,
      snapshot.batchesDone > 0
    {
      if !suggestedNext {
        log.add(.notice, Self.nextSteps, time: time)
        notice = Self.nextSteps
      }
      suggestedNext = true
    } else if snapshot.state != .finished {
      suggestedNext = false
    }
    if case .failed(let reason) = snapshot.state {
      if !loggedFailure { log.add(.error, reason, time: time) }
      loggedFailure = true
    } else {
      loggedFailure = false
    }
  }
}
