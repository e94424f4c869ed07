// The PyTorch backend as asf-tui starts it: where its package (asf_torch) lies, which Python
// runs it, and the child process of one run: `python -m asf_torch.train` writing a run
// folder that a FollowSession shows and steers through the folder's control file.

import Datasets
import Foundation
import SpikingCore
import TorchPackage

/// Starting the PyTorch backend on a preset.
public enum TorchBackend {
  /// The folder that holds the asf_torch package: the copy bundled with this build, else
  /// Python/ of a checkout.
  public static var packageFolder: String? {
    let candidates = [
      TorchPackage.bundledFolder, FileManager.default.currentDirectoryPath + "/Python",
    ].compactMap { $0 }
    return candidates.first { FileManager.default.fileExists(atPath: $0 + "/asf_torch") }
  }

  /// The Python to run: `explicit`, else $ASF_PYTHON, else ./.venv/bin/python, else python3.
  public static func python(_ explicit: String?) -> String {
    if let explicit { return explicit }
    if let variable = ProcessInfo.processInfo.environment["ASF_PYTHON"] { return variable }
    let venv = FileManager.default.currentDirectoryPath + "/.venv/bin/python"
    return FileManager.default.isExecutableFile(atPath: venv) ? venv : "python3"
  }

  /// Prepares `folder` for a run of `preset` (its preset.yaml; the synthetic digits as IDX
  /// files under folder/data when the preset trains on them) and starts the backend there,
  /// its output into folder/backend.log. The child waits after its last epoch until told to
  /// stop (the workbench's q). With `processes` > 1 it is torchrun's N processes. Foundation
  /// starts it in a process group of its own, which the workbench ends on its way out.
  public static func start(
    preset: Preset, folder: String, dataDirectory: String?, python: String?, paused: Bool,
    processes: Int = 1
  ) throws -> Process {
    guard let package = packageFolder else {
      throw WorkbenchError.backendUnavailable(
        python: "asf_torch", reason: "the backend's package is missing from this build")
    }
    try requireTorch(Self.python(python))
    try RunFolder.checkPreset(in: folder, yaml: preset.yaml, continuing: false)
    do {
      try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
      try preset.yaml.write(toFile: folder + "/preset.yaml", atomically: true, encoding: .utf8)
    } catch {
      throw WorkbenchError.cannotCreateFolder(path: folder, reason: plainReason(error))
    }
    var data = dataDirectory
    if preset.dataset == .digits {
      let (train, test) = SyntheticDigits.standardSplits(seed: preset.seed)
      do {
        try IDXWriter.writeSplits(train: train, test: test, to: folder + "/data/digits")
      } catch {
        throw WorkbenchError.cannotCreateFolder(
          path: folder + "/data/digits", reason: plainReason(error))
      }
      data = folder + "/data"
    } else {
      let locator = DataLocator(dataDirectory: dataDirectory)
      switch preset.dataset {
      case .mnist, .mnistEvents: data = try locator.mnistDirectory()
      case .cifar10: data = try locator.cifar10Directory()
      case .cifar10DVS: data = try locator.cifar10DVSDirectory()
      case .digits: break
      }
    }
    let process = Process()
    let executable = Self.python(python)
    var arguments: [String] = []
    if executable.contains("/") {
      process.executableURL = URL(fileURLWithPath: executable)
    } else {
      process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
      arguments = [executable]
    }
    // N data-parallel processes: torchrun through asf_torch.launch, which ends torchrun (and
    // so its workers) when this process is gone, however it ended.
    arguments +=
      processes > 1
      ? ["-m", "asf_torch.launch", "--nproc", "\(processes)", "--"]
      : [
        "-m", "asf_torch.train",
      ]
    // The keys pressed while Python starts count: the backend reads the control file from its
    // first line, which is emptied here first.
    try? FileManager.default.removeItem(atPath: folder + "/control.jsonl")
    arguments += [
      "--preset", folder + "/preset.yaml", "--out", folder, "--wait", "--control-from-start",
    ]
    if let data { arguments += ["--data-dir", data] }
    if paused { arguments.append("--paused") }
    process.arguments = arguments
    var environment = ProcessInfo.processInfo.environment
    environment["PYTHONPATH"] = package
    // The backend ends when this process is gone, even if it dies while Python still starts
    // (the backend compares its parent with this pid from its first instant).
    environment["ASF_PARENT_PID"] = String(getpid())
    process.environment = environment
    let log = folder + "/backend.log"
    FileManager.default.createFile(atPath: log, contents: nil)
    let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
    process.standardOutput = handle
    process.standardError = handle
    process.standardInput = FileHandle.nullDevice
    do {
      try process.run()
    } catch {
      throw WorkbenchError.backendUnavailable(python: executable, reason: plainReason(error))
    }
    return process
  }

  /// Runs `python -m …` with the backend's package on PYTHONPATH, its output on this
  /// process's; returns its exit status.
  public static func runModule(_ arguments: [String], python: String?) throws -> Int32 {
    guard let package = packageFolder else {
      throw WorkbenchError.backendUnavailable(
        python: "asf_torch", reason: "the backend's package is missing from this build")
    }
    let process = Process()
    let executable = Self.python(python)
    if executable.contains("/") {
      process.executableURL = URL(fileURLWithPath: executable)
      process.arguments = arguments
    } else {
      process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
      process.arguments = [executable] + arguments
    }
    var environment = ProcessInfo.processInfo.environment
    environment["PYTHONPATH"] = package
    process.environment = environment
    try requireTorch(executable)
    do {
      try process.run()
    } catch {
      throw WorkbenchError.backendUnavailable(python: executable, reason: plainReason(error))
    }
    process.waitUntilExit()
    return process.terminationStatus
  }

  /// Throws unless `python` runs and imports torch, saying how to get one.
  static func requireTorch(_ python: String) throws {
    let probe = Process()
    probe.executableURL = URL(fileURLWithPath: python.contains("/") ? python : "/usr/bin/env")
    probe.arguments = (python.contains("/") ? [] : [python]) + ["-c", "import torch, yaml"]
    probe.standardOutput = FileHandle.nullDevice
    probe.standardError = FileHandle.nullDevice
    do {
      try probe.run()
      probe.waitUntilExit()
    } catch {
      throw WorkbenchError.backendUnavailable(python: python, reason: plainReason(error))
    }
    guard probe.terminationStatus == 0 else {
      throw WorkbenchError.backendUnavailable(
        python: python, reason: "it cannot import torch and yaml")
    }
  }
}
