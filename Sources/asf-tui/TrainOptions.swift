// Options shared by commands that build a training configuration from a preset.

import ArgumentParser
import SpikingCore
import Workbench

struct PresetOptions: ParsableArguments {
  @Option(
    name: .long,
    help:
      "A preset name (see 'asf-tui presets') or the path of a YAML file (default: digits-lenet-if)."
  )
  var preset: String?

  @Option(parsing: .unconditional, help: "Override the number of epochs.")
  var epochs: Int?

  @Option(
    name: .customLong("T"), parsing: .unconditional,
    help: "Override the time window T (time steps per sample).")
  var timeSteps: Int?

  @Option(parsing: .unconditional, help: "Override the batch size.")
  var batchSize: Int?

  @Option(name: .customLong("lr"), parsing: .unconditional, help: "Override the learning rate.")
  var learningRate: Double?

  @Option(
    parsing: .unconditional,
    help: "Override the firing threshold Vth of conv, linear and output layers.")
  var threshold: Double?

  @Option(help: "Override the neuron model: if or lif.")
  var neuron: Choice<NeuronModel>?

  @Option(help: "Override the loss: sse (reference code), half-sse (paper) or cross-entropy.")
  var loss: Choice<LossScale>?

  @Option(
    help:
      "Override the training method: asf-bp (the paper), bptt (the baseline), ottt, sltt or rate-bp."
  )
  var method: Choice<TrainingMethod>?

  @Option(
    parsing: .unconditional,
    help: "With --method sltt: the steps of each batch that go back (SLTT-K; 0: all).")
  var slttSteps: Int?

  @Option(
    parsing: .unconditional,
    help:
      "Every N batches, the cosine of the method's gradient to BPTT's per layer, in metrics.jsonl and on the Train screen; train prints each layer's mean at the end (0: off).",
  )
  var gradientCheck: Int?

  @Option(help: "ASF-BP switch: the scale factors (layer, neuron, fixed, none, frozen).")
  var scaleFactor: Choice<EngineSwitches.ScaleMode>?

  @Option(parsing: .unconditional, help: "ASF-BP switch: the EMA weight of a new S (0…1).")
  var scaleSmoothing: Double?

  @Option(help: "ASF-BP switch: the 1[FI > 0] mask of the backward pass (on, off).")
  var gradientMask: OnOff?

  @Option(help: "ASF-BP switch: the reset after a spike (hard, subtract).")
  var reset: Choice<ResetMode>?

  @Option(help: "ASF-BP switch: the spike rule (strict: u > Vth; inclusive: u ≥ Vth).")
  var spikeRule: Choice<EngineSwitches.SpikeRule>?

  @Option(parsing: .unconditional, help: "Override the random seed.")
  var seed: Int?

  @Option(parsing: .unconditional, help: "Train on the first N training samples only.")
  var trainLimit: Int?

  @Option(parsing: .unconditional, help: "Test on the first N test samples only.")
  var testLimit: Int?

  @Option(
    parsing: .unconditional,
    help: "Worker threads (0: one per core); the results are the same for any number.")
  var workers: Int?

  @Option(help: "Folder with the data sets (else $ASF_DATA_DIR, else ../shared/datasets).")
  var dataDir: String?

  /// The overrides given on the command line, as preset keys.
  var overrides: [String: Any] {
    var map: [String: Any] = [:]
    if let epochs { map["epochs"] = epochs }
    if let workers { map["workers"] = workers }
    if let timeSteps { map["time-steps"] = timeSteps }
    if let batchSize { map["batch-size"] = batchSize }
    if let learningRate { map["learning-rate"] = learningRate }
    if let threshold { map["threshold"] = threshold }
    if let neuron { map["neuron"] = neuron.value.rawValue }
    if let loss { map["loss"] = loss.value.rawValue }
    if let method { map["method"] = method.value.rawValue }
    if let slttSteps { map["sltt-steps"] = slttSteps }
    if let gradientCheck { map["gradient-check"] = gradientCheck }
    if let seed { map["seed"] = seed }
    if let scaleFactor { map["scale-factor"] = scaleFactor.value.rawValue }
    if let scaleSmoothing { map["scale-smoothing"] = scaleSmoothing }
    if let gradientMask { map["gradient-mask"] = gradientMask.rawValue }
    if let reset { map["reset"] = reset.value.rawValue }
    if let spikeRule { map["spike-rule"] = spikeRule.value.rawValue }
    if let trainLimit { map["train-limit"] = trainLimit }
    if let testLimit { map["test-limit"] = testLimit }
    return map
  }

  /// The preset named on the command line, else the default.
  var presetName: String { preset ?? PresetLibrary.defaultName }

  /// Loads the preset and applies the overrides.
  func resolve(base: Preset? = nil) throws -> Preset {
    var preset = try base ?? PresetLibrary.load(presetName)
    try preset.apply(overrides, source: "command-line overrides")
    return preset
  }
}
