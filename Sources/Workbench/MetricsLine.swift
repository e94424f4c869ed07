// One JSON object per line of a run's metrics.jsonl: a "batch" line after every batch and an
// "epoch" line after every epoch. Written by hand to keep key order stable and numbers short.

/// Formats metrics lines.
enum MetricsLine {
  static func number(_ x: Double) -> String {
    x.isFinite ? String(format6(x)) : "null"
  }

  private static func format6(_ x: Double) -> String {
    let rounded = (x * 1e6).rounded() / 1e6
    return rounded == rounded.rounded() && abs(rounded) < 1e15 ? String(Int(rounded)) : "\(rounded)"
  }

  static func list(_ xs: [Float]) -> String {
    "[" + xs.map { number(Double($0)) }.joined(separator: ",") + "]"
  }

  static func batch(
    epoch: Int, batch: Int, loss: Float, accuracy: Float, learningRate: Float, timeSteps: Int,
    samplesPerSecond: Double, scaleFactors: [Float], spikeRates: [Float], thresholds: [Float]
  ) -> String {
    "{\"type\":\"batch\",\"epoch\":\(epoch),\"batch\":\(batch),\"loss\":\(number(Double(loss))),"
      + "\"accuracy\":\(number(Double(accuracy))),\"lr\":\(number(Double(learningRate))),"
      + "\"T\":\(timeSteps),\"samples_per_s\":\(number(samplesPerSecond)),"
      + "\"scale\":\(list(scaleFactors)),\"spike_rate\":\(list(spikeRates)),"
      + "\"vth\":\(list(thresholds))}"
  }

  static func epoch(
    epoch: Int, trainAccuracy: Double, trainLoss: Double, testAccuracy: Double,
    trainSeconds: Double, testSeconds: Double, scaleFactors: [Float]
  ) -> String {
    "{\"type\":\"epoch\",\"epoch\":\(epoch),\"train_accuracy\":\(number(trainAccuracy)),"
      + "\"train_loss\":\(number(trainLoss)),\"test_accuracy\":\(number(testAccuracy)),"
      + "\"train_seconds\":\(number(trainSeconds)),\"test_seconds\":\(number(testSeconds)),"
      + "\"scale\":\(list(scaleFactors))}"
  }
}
