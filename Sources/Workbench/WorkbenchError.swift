// The errors of the workbench: presets that cannot be found or read, runs that cannot start,
// write or go on, recorded runs and result tables that cannot be read back. Each case names
// the file, key or batch at fault and what is allowed, so a message needs no other context.

import Foundation

/// Errors of the Workbench module.
public enum WorkbenchError: Error, CustomStringConvertible, Equatable {
  // Presets.
  case presetNotFound(name: String, available: [String])
  case unreadablePreset(path: String, reason: String)
  case invalidYAML(source: String, reason: String)
  case invalidValue(source: String, key: String, value: String, allowed: String)
  case unknownKey(source: String, key: String, known: [String])
  case missingKey(source: String, key: String)
  case notATrainingPreset(name: String, experiment: String)
  // Runs.
  case diverged(epoch: Int, batch: Int, loss: Float)
  case cannotCreateFolder(path: String, reason: String)
  case cannotWrite(path: String, reason: String)
  /// The PyTorch backend cannot be started: its package is missing, or the Python cannot run
  /// it (`python` is the one that was tried).
  case backendUnavailable(python: String, reason: String)
  case runFolderInUse(path: String)
  case runFolderLocked(path: String)
  /// The folder holds a preset.yaml of its own but no run: a user's file, not overwritten.
  case foreignPreset(path: String)
  case incompatibleData(expected: String, found: String)
  case splitsDiffer(train: String, test: String)
  case wrongClassCount(outputs: Int, classes: Int, dataset: String)
  case stateTooLarge(neededGiB: Double, availableGiB: Double, batch: Int, steps: Int)
  case networkTooLarge(
    neededGiB: Double, availableGiB: Double, layer: String, layerGiB: Double, batch: Int)
  // Recorded runs.
  case notARunFolder(path: String)
  case damagedRecording(path: String, line: Int, reason: String)
  case emptyRecording(path: String)
  /// A compressed recording that does not decompress.
  case unreadableRecording(path: String, reason: String)
  /// No shipped recording has this name.
  case recordingNotFound(name: String, available: [String])
  // Result tables (sweep.csv, asf-vs-bptt.csv); `hint` says what wrote them.
  case unreadableTable(path: String, hint: String)
  case badTableHeader(path: String, found: String, expected: String)
  case badTableRow(path: String, line: Int, reason: String)
  case emptyTable(path: String, hint: String)

  public var description: String {
    switch self {
    case .presetNotFound(let name, let available):
      "No preset named '\(name)'.\(Suggestion.sentence(for: name, among: available)) Available presets: \(available.joined(separator: ", ")); or give the path of a YAML file."
    case .unreadablePreset(let path, let reason):
      "Cannot read preset file \(path): \(reason)."
    case .invalidYAML(let source, let reason):
      "Preset \(source) is not valid YAML: \(reason)."
    case .invalidValue(let source, let key, let value, let allowed):
      "Preset \(source): '\(key)' is \(value), but it must be \(allowed)."
    case .unknownKey(let source, let key, let known):
      "Preset \(source): unknown key '\(clipped(key))'.\(Suggestion.sentence(for: key, among: known)) Known keys: \(known.joined(separator: ", "))."
    case .missingKey(let source, let key):
      "Preset \(source): the key '\(key)' is required."
    case .notATrainingPreset(let name, let experiment):
      "Preset '\(name)' describes the '\(experiment)' experiment, not a training run: "
        + (experiment == "training-time"
          ? "measure it with 'asf-tui bench asf-vs-bptt'."
          : "use 'asf-tui table4' or the neuron lab ('asf-tui neuron').")
    case .diverged(let epoch, let batch, let loss):
      "Training diverged at epoch \(epoch + 1), batch \(batch + 1): the loss is \(loss). The weights of the previous batch are kept; lower the learning rate or the threshold and resume from the last checkpoint."
    case .cannotCreateFolder(let path, let reason):
      "Cannot create the run folder \(path): \(reason)."
    case .cannotWrite(let path, let reason):
      "Cannot write \(path): \(reason). The files written before stay whole; free some space or choose another folder with --out, then resume from the last checkpoint."
    case .backendUnavailable(let python, let reason):
      "The PyTorch backend cannot start with \(python): \(reason). Give a Python that has torch and pyyaml with --python PATH or $ASF_PYTHON (python3 -m venv .venv && .venv/bin/pip install ./Python, or torch pyyaml numpy)."
    case .runFolderInUse(let path):
      "\(path) already holds a run; its files stay as they are. Choose another folder with --out, or continue that run with --resume \(path)/checkpoint.asfck --out \(path)."
    case .foreignPreset(let path):
      "\(path)/preset.yaml is there already and is not this run's preset (the folder holds no run): it stays as it is. Choose another folder with --out (a run folder writes its own preset.yaml)."
    case .runFolderLocked(let path):
      "Another asf-tui is writing the run folder \(path) (it holds \(path)/.lock): choose another folder with --out."
    case .incompatibleData(let expected, let found):
      "The network expects inputs of \(expected) but the data set has \(found)."
    case .splitsDiffer(let train, let test):
      "The training images (\(train)) and the test images (\(test)) differ in size: both files of a data set must hold images of one size."
    case .wrongClassCount(let outputs, let classes, let dataset):
      "The output layer has \(outputs) neurons but \(dataset) has \(classes) classes: the last layer must be {linear: \(classes)}."
    case .stateTooLarge(let needed, let available, let batch, let steps):
      String(
        format:
          "BPTT would keep %.1f GiB of per-step state for batches of %d at T=%d, but this machine has %.1f GiB: lower the batch size or T, or train with ASF-BP (--method asf-bp), whose memory does not grow with T.",
        needed, batch, steps, available)
    case .networkTooLarge(let needed, let available, let layer, let layerGiB, let batch):
      "Training this network in batches of \(batch) would need \(gib(needed)) GiB (\(gib(layerGiB)) GiB of it for layer \(layer)), but this machine has \(gib(available)) GiB: make that layer smaller, or lower the batch size."
    case .notARunFolder(let path):
      "\(path) is not a run folder: expected \(path)/metrics.jsonl and \(path)/preset.yaml, as 'asf-tui train' or the workbench write them."
    case .damagedRecording(let path, let line, let reason):
      "\(path), line \(line): \(reason)."
    case .emptyRecording(let path):
      "\(path) records no trained batch yet: nothing to replay."
    case .unreadableRecording(let path, let reason):
      "cannot read the recording \(path): \(reason)."
    case .recordingNotFound(let name, let available):
      "no run folder or shipped recording is called '\(name)'; the shipped recordings are: \(available.isEmpty ? "none" : available.joined(separator: ", "))."
    case .unreadableTable(let path, let hint):
      "cannot read \(path): \(hint)"
    case .badTableHeader(let path, let found, let expected):
      "\(path) is not \(Self.tableKind(path)): the header is '\(found)', expected '\(expected)'"
    case .badTableRow(let path, let line, let reason):
      "\(path) line \(line): \(reason)"
    case .emptyTable(let path, let hint):
      "\(path) has no rows: \(hint)"
    }
  }

  /// One decimal: "58.3"; huge values stay readable ("1.2e+04").
  private func gib(_ value: Double) -> String {
    value < 100_000 ? String(format: "%.1f", value) : String(format: "%.1e", value)
  }

  /// "a sweep CSV" for …/sweep.csv, "an asf-vs-bptt CSV" for …/asf-vs-bptt.csv.
  private static func tableKind(_ path: String) -> String {
    let name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
    let article = name.first.map { "aeiou".contains($0) } == true ? "an" : "a"
    return "\(article) \(name) CSV"
  }
}
