// Reads a preset from YAML text (Yams) with validation that names key, value and range.

import SpikingCore
import Yams

extension Preset {
  /// Every key a preset may have.
  /// Words a user may type for a preset key (command-line flags, common abbreviations).
  public static let keyAliases: [String: String] = [
    "lr": "learning-rate", "t": "time-steps", "timesteps": "time-steps", "vth": "threshold",
    "batch": "batch-size", "bs": "batch-size", "wd": "weight-decay", "model": "network",
    "arch": "network", "architecture": "network", "data": "dataset",
  ]

  public static let knownKeys =
    [
      "name", "description", "reproduces", "paper-accuracy", "dataset", "network", "layers",
      "neuron", "time-steps", "threshold", "pool-threshold", "encoder", "batch-size", "epochs",
      "learning-rate", "weight-decay", "lr-milestones", "lr-decay", "scale-update-period", "loss",
      "seed", "train-limit", "test-limit", "experiment", "synapses", "synaptic-weight-total",
      "trials", "record-every", "event-frames", "method", "time-windows", "workers",
      "latency-samples", "sltt-steps", "gradient-check",
    ] + switchKeys

  /// The experiments a preset may describe.
  public static let experiments = ["training", "table4", "training-time"]

  /// Parses a preset; `source` names it in errors (a file path or preset name).
  public init(yaml: String, source: String) throws {
    let node: Any?
    do {
      try Self.checkNesting(yaml, source: source)
      let root = try Yams.compose(yaml: yaml)
      if let root { try Self.checkStructure(root, source: source) }
      node = root?.any
    } catch let error as WorkbenchError {
      throw error
    } catch {
      throw WorkbenchError.invalidYAML(source: source, reason: clipped("\(error)", to: 400))
    }
    guard let map = node as? [String: Any] else {
      throw WorkbenchError.invalidYAML(
        source: source, reason: "the top level must be a mapping of keys")
    }
    for key in map.keys where !Self.knownKeys.contains(key) {
      throw WorkbenchError.unknownKey(source: source, key: key, known: Self.knownKeys)
    }
    guard let name = map["name"] as? String, !name.isEmpty else {
      throw WorkbenchError.missingKey(source: source, key: "name")
    }
    self.init(name: name)
    try apply(map, source: source)
  }

  /// Applies the keys of `map` (as in a preset file) on top of this preset, e.g. command-line
  /// overrides. Validates every key and value; on error nothing is changed.
  public mutating func apply(_ map: [String: Any], source: String) throws {
    for key in map.keys where !Self.knownKeys.contains(key) {
      throw WorkbenchError.unknownKey(source: source, key: key, known: Self.knownKeys)
    }
    var copy = self
    try copy.applyChecked(map, source: source)
    self = copy
  }

  private mutating func applyChecked(_ map: [String: Any], source: String) throws {
    let reader = KeyReader(map: map, source: source)
    if let value = try reader.string("name"), !value.isEmpty { name = value }
    summary = try reader.string("description") ?? summary
    paperReference = try reader.string("reproduces") ?? paperReference
    paperAccuracy = try reader.double("paper-accuracy", in: 0...100) ?? paperAccuracy
    if let value = try reader.string("dataset") {
      guard let choice = DatasetChoice(rawValue: value) else {
        throw reader.invalid("dataset", value, DatasetChoice.allCases.map(\.rawValue))
      }
      dataset = choice
    }
    if let value = try reader.string("neuron") {
      guard let model = NeuronModel(rawValue: value) else {
        throw reader.invalid("neuron", value, NeuronModel.allCases.map(\.rawValue))
      }
      neuron = model
    }
    if let value = try reader.string("encoder") {
      guard let encoding = InputEncoding(rawValue: value) else {
        throw reader.invalid("encoder", value, InputEncoding.allCases.map(\.rawValue))
      }
      encoder = encoding
    }
    if let value = try reader.string("method") {
      guard let choice = TrainingMethod(rawValue: value) else {
        throw reader.invalid("method", value, TrainingMethod.allCases.map(\.rawValue))
      }
      method = choice
    }
    if let value = try reader.string("loss") {
      guard let scale = LossScale(rawValue: value) else {
        throw reader.invalid("loss", value, LossScale.allCases.map(\.rawValue))
      }
      loss = scale
    }
    if let value = try reader.string("network") {
      switch value {
      case "lenet": network = .lenet
      case "vgg7": network = .vgg7
      case "custom": break
      default: throw reader.invalid("network", value, ["lenet", "vgg7", "custom"])
      }
      architecture = value
    }
    if let layers = map["layers"] {
      network = try Self.parseLayers(layers, input: network.input, reader: reader)
      architecture = "custom"
    }
    timeSteps = try reader.int("time-steps", in: Limits.timeSteps) ?? timeSteps
    threshold = try reader.float("threshold", in: Limits.threshold) ?? threshold
    poolThreshold = try reader.float("pool-threshold", in: Limits.threshold) ?? poolThreshold
    batchSize = try reader.int("batch-size", in: 1...4096) ?? batchSize
    epochs = try reader.int("epochs", in: 1...10_000) ?? epochs
    learningRate = try reader.float("learning-rate", in: Limits.learningRate) ?? learningRate
    weightDecay = try reader.float("weight-decay", in: 0...1) ?? weightDecay
    lrDecayFactor = try reader.float("lr-decay", in: 0...1) ?? lrDecayFactor
    scaleUpdatePeriod = try reader.int("scale-update-period", in: 1...10_000) ?? scaleUpdatePeriod
    seed = UInt64(try reader.int("seed", in: 0...Int.max) ?? Int(seed))
    if let value = try reader.string("experiment") {
      guard Self.experiments.contains(value) else {
        throw reader.invalid("experiment", value, Self.experiments)
      }
      experiment = value
    }
    synapses = try reader.int("synapses", in: 1...1000) ?? synapses
    synapticWeightTotal =
      try reader.float("synaptic-weight-total", in: 0.01...100) ?? synapticWeightTotal
    trials = try reader.int("trials", in: 1...1_000_000) ?? trials
    recordEvery = try reader.int("record-every", in: 1...1_000_000) ?? recordEvery
    latencySamples = try reader.int("latency-samples", in: 0...1_000_000) ?? latencySamples
    slttSteps = try reader.int("sltt-steps", in: 0...Limits.timeSteps.upperBound) ?? slttSteps
    gradientCheck = try reader.int("gradient-check", in: 0...1_000_000) ?? gradientCheck
    workers = try reader.int("workers", in: 0...256) ?? workers
    eventFrames = try reader.int("event-frames", in: 1...1000) ?? eventFrames
    trainLimit = try reader.int("train-limit", in: 0...100_000_000) ?? trainLimit
    testLimit = try reader.int("test-limit", in: 0...100_000_000) ?? testLimit
    try applySwitches(map, reader: reader)
    if let windows = map["time-windows"] {
      guard let list = windows as? [Int], !list.isEmpty,
        list.allSatisfy({ (1...10_000).contains($0) })
      else {
        throw WorkbenchError.invalidValue(
          source: source, key: "time-windows", value: "\(windows)",
          allowed: "a non-empty list of time windows from 1 to 10000, e.g. [25, 50, 100]")
      }
      timeWindows = list
    }
    if let milestones = map["lr-milestones"] {
      guard let list = milestones as? [Int], list.allSatisfy({ $0 >= 0 }) else {
        throw WorkbenchError.invalidValue(
          source: source, key: "lr-milestones", value: "\(milestones)",
          allowed: "a list of epoch numbers ≥ 0, e.g. [25]")
      }
      lrMilestones = list
    }
    if slttSteps > 0 && method != .sltt {
      throw WorkbenchError.invalidValue(
        source: source, key: "sltt-steps", value: "\(slttSteps)",
        allowed: "0 unless the method is sltt (it is \(method.rawValue))")
    }
    if slttSteps > timeSteps {
      throw WorkbenchError.invalidValue(
        source: source, key: "sltt-steps", value: "\(slttSteps)",
        allowed: "from 0 (all steps) to the time window, time-steps: \(timeSteps)")
    }
  }

  /// Layers as a YAML list: `{conv: 20, kernel: 5, padding: 2}`, `{avgpool: 2}`,
  /// `{maxpool: 2}`, `flatten`, `{linear: 200}`; the input as the first item
  /// `{input: [28, 28, 1]}` (height, width, channels) when it differs from the network's.
  static func parseLayers(_ node: Any, input: Shape, reader: KeyReader) throws -> NetworkSpec {
    let allowed =
      "a list of {input: [h, w, c]}, {conv: N, kernel: K, padding: P}, {avgpool: S}, {maxpool: S}, flatten, {linear: N}"
    guard let items = node as? [Any] else {
      throw WorkbenchError.invalidValue(
        source: reader.source, key: "layers", value: yamlText(node), allowed: allowed)
    }
    var shape = input
    var layers: [LayerSpec] = []
    for (index, item) in items.enumerated() {
      func bad() -> WorkbenchError {
        .invalidValue(
          source: reader.source, key: "layers", value: yamlText(item), allowed: allowed)
      }
      if let word = item as? String {
        guard word == "flatten" else { throw bad() }
        layers.append(.flatten)
        continue
      }
      guard let entry = item as? [String: Any] else { throw bad() }
      let layer = try LayerItem(
        entry, number: index + 1, source: reader.source, allowed: allowed)
      let itemReader = KeyReader(map: entry, source: reader.source)
      func whole(_ key: String, _ range: ClosedRange<Int>) throws -> Int? {
        do {
          return try itemReader.int(key, in: range)
        } catch {
          throw WorkbenchError.invalidValue(
            source: reader.source, key: "layers", value: yamlText(item),
            allowed:
              "an item whose \(key) is a whole number from \(range.lowerBound) to \(range.upperBound)"
          )
        }
      }
      switch layer.kind {
      case "input":
        guard let dims = entry["input"] as? [Int], dims.count == 3, dims.allSatisfy({ $0 > 0 })
        else { throw bad() }
        shape = Shape(height: dims[0], width: dims[1], channels: dims[2])
      case "conv":
        guard let channels = try whole("conv", Limits.layerWidth) else { throw bad() }
        let kernel = try whole("kernel", Limits.kernel) ?? 3
        let padding = try whole("padding", 0...Limits.kernel.upperBound) ?? kernel / 2
        layers.append(.conv(outChannels: channels, kernel: kernel, padding: padding))
      case "avgpool":
        guard let size = try whole("avgpool", Limits.poolSize) else { throw bad() }
        layers.append(.avgPool(size: size))
      case "maxpool":
        guard let size = try whole("maxpool", Limits.poolSize) else { throw bad() }
        layers.append(.maxPool(size: size))
      default:
        guard let features = try whole("linear", Limits.layerWidth) else { throw bad() }
        layers.append(.linear(outFeatures: features))
      }
    }
    let spec = NetworkSpec(input: shape, layers: layers)
    do {
      _ = try Network.layers(of: spec)
    } catch let error as EngineError {
      throw WorkbenchError.invalidValue(
        source: reader.source, key: "layers", value: "\(items.count) layers",
        allowed: "a valid network (\(error))")
    }
    return spec
  }
}
