// How far a long piece of work has got (reading a data set, the spiking forward of a slow
// batch), written by the thread doing it and read by the screen while that thread is busy.

import Synchronization

/// A stage of work and how many of its units are done; safe to share between threads.
public final class WorkProgress: Sendable {
  /// What a reader sees: the stage's name and its units done of the total.
  public struct Reading: Sendable, Equatable {
    public var stage: String
    public var done: Int
    public var total: Int

    public init(stage: String, done: Int, total: Int) {
      self.stage = stage
      self.done = done
      self.total = total
    }

    /// The share done, 0…1 (0 for a stage without units).
    public var fraction: Double {
      total > 0 ? Double(min(max(done, 0), total)) / Double(total) : 0
    }

    /// "42 %".
    public var percent: String { "\(Int((fraction * 100).rounded(.down))) %" }
  }

  /// The stage the spiking forward of a batch reports (units: samples).
  public static let forwardStage = "spiking forward"

  private let state = Mutex(Reading(stage: "", done: 0, total: 0))
  private let changes = Atomic<Int>(0)

  public init() {}

  /// Starts `stage` with `total` units, none done.
  public func begin(_ stage: String, total: Int) {
    state.withLock { $0 = Reading(stage: stage, done: 0, total: max(0, total)) }
    changes.add(1, ordering: .releasing)
  }

  /// Marks `units` more units of the current stage done.
  public func advance(by units: Int = 1) {
    state.withLock { $0.done = min($0.total, $0.done + units) }
    changes.add(1, ordering: .releasing)
  }

  /// The current stage and its progress.
  public var reading: Reading { state.withLock { $0 } }

  /// Increases with every change (a reader redraws when it moves).
  public var version: Int { changes.load(ordering: .acquiring) }
}
