// A headless run (`asf-tui train`) steered through its run folder's control file, as the
// workbench and the PyTorch backend are: at every batch boundary the new lines are read and
// applied (pause, resume, one batch, save, stop, the settings), each answered with a notice
// line in metrics.jsonl and a line for the caller; a bad line is refused with a notice and
// reading goes on. While paused the run waits, reading the file every 50 ms.

import Foundation

/// The control file of a run, applied between its batches.
public final class RunSteering {
  public let run: TrainingRun
  private let control: ControlFile?
  public private(set) var paused = false
  private var pendingSteps = 0
  /// Set when a stop command came: where the run stopped.
  public private(set) var stopped = false

  /// Steering for `run`, whose folder's control file is read from the lines added after now.
  public init(run: TrainingRun) {
    self.run = run
    control = run.folder.map { ControlFile(folder: $0) }
    run.recordState("running")  // with the batches of an epoch, for followers
  }

  /// Called between batches: applies the new commands, waits while paused; returns false
  /// when the run is to stop (its checkpoint then saved). `say` gets each notice.
  public func boundary(poll interval: Duration = .milliseconds(50), say: (String) -> Void)
    -> Bool
  {
    while true {
      apply(say: say)
      if stopped { return false }
      if !paused { return true }
      if pendingSteps > 0 {
        pendingSteps -= 1
        return true
      }
      Thread.sleep(forTimeInterval: Double(interval.components.attoseconds) / 1e18)
    }
  }

  private func apply(say: (String) -> Void) {
    guard let control else { return }
    for entry in control.take() {
      guard case .command(let command) = entry else {
        if case .refused(let refusal) = entry {
          run.recordNotice(refusal)
          say(refusal)
        }
        continue
      }
      let notice: String?
      switch command {
      case .pause:
        notice =
          paused ? nil : "paused at batch \(run.batchInEpoch) (resume or step in control.jsonl)"
        if !paused { run.recordState("paused") }
        paused = true
      case .resume:
        notice = paused ? "running again" : nil
        if paused { run.recordState("running") }
        paused = false
        pendingSteps = 0
      case .step:
        notice = paused ? "one batch, then paused" : nil
        if paused { pendingSteps += 1 }
      case .saveCheckpoint:
        if let path = run.checkpointPath {
          do {
            try run.saveCheckpoint(to: path)
            notice = "checkpoint saved: \(path)"
          } catch {
            notice = "\(error)"
          }
        } else {
          notice = nil
        }
      case .stopRun:
        stopped = true
        notice = nil
      default:
        notice = run.applySetting(command)
      }
      if let notice {
        run.recordNotice(notice, change: command.isSetting)
        say(notice)
      }
      if stopped { return }
    }
  }

  /// Saves the checkpoint where the run stands and records where it stopped; returns the
  /// sentence for the caller.
  public func finishStopped() throws -> String {
    if let path = run.checkpointPath { try run.saveCheckpoint(to: path) }
    run.recordState("stopped")
    return
      "stopped at batch \(run.batchInEpoch) of epoch \(run.epoch + 1); checkpoint saved: \(run.checkpointPath ?? "none")"
  }
}
