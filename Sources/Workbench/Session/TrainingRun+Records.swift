// The checkpoint and the epoch's records of a run folder: its epochs.csv row, and on a resume the records a run
// killed between its epoch's checkpoint and its records never wrote.

import Foundation
import SpikingCore

extension TrainingRun {
  /// Saves the current state (atomically).
  public func saveCheckpoint(
    to path: String, batchesInEpoch: Int? = nil, epochRecords: Checkpoint.EpochRecords? = nil
  ) throws {
    let batchesInEpoch = batchesInEpoch ?? nextBatch
    if path == runFolder?.checkpointPath { try runFolder?.create() }
    let checkpoint = Checkpoint(
      trainer: trainer, epoch: epoch, batchesInEpoch: batchesInEpoch, preset: presetInForce.yaml,
      epochRecords: epochRecords)
    try checkpoint.write(to: path)
  }

  /// An epoch's row of epochs.csv.
  static func epochCSVRow(_ r: EpochResult) -> String {
    String(
      format: "%d,%.4f,%.6f,%.4f,%.1f,%.1f,", r.epoch + 1, r.trainAccuracy, r.trainLoss,
      r.testAccuracy, r.trainSeconds, r.testSeconds)
      + r.scaleFactors.map { String(format: "%.4f", $0) }.joined(separator: " ")
  }

  /// On a resume into the run's own folder: the records of the checkpoint's epoch that a run
  /// killed after its checkpoint never wrote (its epochs.csv row, its metrics line).
  func writeMissingRecords(_ header: Checkpoint.Header) throws {
    guard let runFolder, let records = header.epochRecords, header.batchesInEpoch == 0,
      header.epoch > 0
    else { return }
    let number = String(header.epoch)
    if !epochRows.contains(where: { $0.prefix { $0 != "," } == number }) {
      epochRows.append(records.csvRow)
      try runFolder.writeEpochs(epochRows)
    }
    try runFolder.create()
    // The latest epoch record tells: this epoch's (or a later one's) is there, or it is not.
    // (The kill may have come far into the next epoch: its batch lines follow the record.)
    if (runFolder.lastRecordedEpoch() ?? -1) < header.epoch - 1 {
      try runFolder.appendLine(Data(records.metricsLine.utf8))
    }
  }
}
