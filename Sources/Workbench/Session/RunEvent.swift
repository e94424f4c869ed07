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
  /// ASF-BP's switches in force for the batch.
  public var switches = EngineSwitches()
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
  /// The latency curve after the epoch (empty when the preset asks for none).
  public var latency: [InferencePoint] = []
}

extension Preset {
  /// Throws unless the preset describes a training run (not Table 4 or Figure 3), before
  /// anything is loaded.
  public func requireTraining() throws {
    guard experiment == "training" else {
      throw WorkbenchError.notATrainingPreset(name: name, experiment: experiment)
    }
  }
}
