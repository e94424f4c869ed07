// What a training run reports (a batch's progress, an epoch's result, a checkpoint), the
// errors it throws, and the check that a preset is one that trains.

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
  case cannotWrite(path: String, reason: String)
  case incompatibleData(expected: String, found: String)
  case notATrainingPreset(name: String, experiment: String)
  case stateTooLarge(neededGiB: Double, availableGiB: Double, batch: Int, steps: Int)

  public var description: String {
    switch self {
    case .diverged(let epoch, let batch, let loss):
      "Training diverged at epoch \(epoch + 1), batch \(batch + 1): the loss is \(loss). The weights of the previous batch are kept; lower the learning rate or the threshold and resume from the last checkpoint."
    case .cannotCreateFolder(let path, let reason):
      "Cannot create the run folder \(path): \(reason)."
    case .cannotWrite(let path, let reason):
      "Cannot write \(path): \(reason). The files written before stay whole; free some space or choose another folder with --out, then resume from the last checkpoint."
    case .notATrainingPreset(let name, let experiment):
      "Preset '\(name)' describes the '\(experiment)' experiment, not a training run: "
        + (experiment == "training-time"
          ? "measure it with 'asf-tui bench asf-vs-bptt'."
          : "use 'asf-tui table4' or the neuron lab ('asf-tui neuron').")
    case .stateTooLarge(let needed, let available, let batch, let steps):
      String(
        format:
          "BPTT would keep %.1f GiB of per-step state for batches of %d at T=%d, but this machine has %.1f GiB: lower the batch size or T, or train with ASF-BP (--method asf-bp), whose memory does not grow with T.",
        needed, batch, steps, available)
    case .incompatibleData(let expected, let found):
      "The network expects inputs of \(expected) but the data set has \(found)."
    }
  }
}

extension Preset {
  /// Throws unless the preset describes a training run (not Table 4 or Figure 3), before
  /// anything is loaded.
  public func requireTraining() throws {
    guard experiment == "training" else {
      throw RunError.notATrainingPreset(name: name, experiment: experiment)
    }
  }
}
