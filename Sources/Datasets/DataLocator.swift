// Finding the data root (flag, ASF_DATA_DIR, or ../shared/datasets) and data set folders
// under it. It only looks; it never downloads or creates anything.

import Foundation

/// Resolves where data sets live.
///
/// The data root is, in order of precedence: the `--data-dir` value if given, else the
/// `ASF_DATA_DIR` environment variable, else `../shared/datasets` relative to the current
/// directory. Empty values count as not given. There is no fallback from one to the next:
/// an explicit setting that points nowhere is reported, not silently ignored.
public struct DataLocator: Sendable, Equatable {
  /// Where the data root came from.
  public enum Origin: Sendable, Equatable {
    /// The `--data-dir` command-line option.
    case flag
    /// The `ASF_DATA_DIR` environment variable.
    case environment
    /// `../shared/datasets` relative to the current directory.
    case defaultLocation
  }

  /// The environment variable that names the data root.
  public static let environmentVariable = "ASF_DATA_DIR"
  /// The data root used when neither the flag nor the environment variable is set.
  public static let defaultRelativePath = "../shared/datasets"

  /// The data root as an absolute, standardised path.
  public let root: String
  /// Which setting chose `root`.
  public let origin: Origin
  /// The `--data-dir` value, if one was given.
  public let flagValue: String?
  /// The `ASF_DATA_DIR` value, if it was set.
  public let environmentValue: String?
  /// The directory relative paths were resolved against.
  public let currentDirectory: String

  /// Resolves the data root.
  /// - Parameters:
  ///   - dataDirectory: the `--data-dir` value, or `nil` when the option was not given.
  ///   - environment: the process environment (injectable for tests).
  ///   - currentDirectory: the base for relative paths (injectable for tests).
  public init(
    dataDirectory: String? = nil,
    environment: [String: String] = ProcessInfo.processInfo.environment,
    currentDirectory: String = FileManager.default.currentDirectoryPath
  ) {
    let flag = dataDirectory.flatMap { $0.isEmpty ? nil : $0 }
    let fromEnvironment = environment[Self.environmentVariable].flatMap { $0.isEmpty ? nil : $0 }
    self.flagValue = flag
    self.environmentValue = fromEnvironment
    self.currentDirectory = currentDirectory
    let chosen: String
    if let flag {
      (chosen, origin) = (flag, .flag)
    } else if let fromEnvironment {
      (chosen, origin) = (fromEnvironment, .environment)
    } else {
      (chosen, origin) = (Self.defaultRelativePath, .defaultLocation)
    }
    root = Self.absolute(chosen, relativeTo: currentDirectory)
  }

  /// The folders searched for MNIST, in order: `<root>/mnist`, then `<root>` itself.
  public var mnistCandidates: [String] {
    [URL(fileURLWithPath: root).appendingPathComponent("mnist").path, root]
  }

  /// The first folder of `mnistCandidates` that holds an MNIST images file (raw or `.gz`).
  /// - Throws: `DatasetError.dataNotFound`, listing every folder searched and how the
  ///   data root was chosen.
  public func mnistDirectory() throws -> String {
    try firstDirectory(
      mnistCandidates, dataset: "MNIST", holds: MNIST.looksLikeMNISTDirectory,
      expectedFiles: MNIST.canonicalFileNames)
  }

  /// The first of `candidates` for which `holds` is true, or `dataNotFound` naming every
  /// folder searched, how the data root was chosen, and the files expected there.
  func firstDirectory(
    _ candidates: [String], dataset: String, holds: (String) -> Bool, expectedFiles: [String]
  ) throws -> String {
    if let found = candidates.first(where: holds) { return found }
    throw DatasetError.dataNotFound(
      dataset: dataset, searched: candidates, settings: settingsSummary,
      expectedFiles: expectedFiles)
  }

  /// The folders searched for CIFAR-10, in order: `<root>/cifar10`,
  /// `<root>/cifar-10-batches-bin` (the folder the official archive unpacks to), then `<root>`.
  public var cifar10Candidates: [String] {
    let base = URL(fileURLWithPath: root)
    return [
      base.appendingPathComponent("cifar10").path,
      base.appendingPathComponent("cifar-10-batches-bin").path, root,
    ]
  }

  /// The first folder of `cifar10Candidates` that holds a CIFAR-10 batch file (raw or `.gz`).
  /// - Throws: `DatasetError.dataNotFound`, listing every folder searched, how the data
  ///   root was chosen and the batch file names.
  public func cifar10Directory() throws -> String {
    try firstDirectory(
      cifar10Candidates, dataset: "CIFAR-10", holds: CIFAR10.looksLikeCIFAR10Directory,
      expectedFiles: CIFAR10.canonicalFileNames)
  }

  /// One line per setting (flag, environment, default), marking the one in use.
  public var settingsSummary: [String] {
    let used = " (used)"
    let flagLine =
      flagValue.map { "--data-dir '\($0)'" + (origin == .flag ? used : "") }
      ?? "--data-dir not given"
    let environmentLine =
      environmentValue.map {
        "\(Self.environmentVariable)='\($0)'" + (origin == .environment ? used : "")
      } ?? "\(Self.environmentVariable) not set"
    let defaultPath = Self.absolute(Self.defaultRelativePath, relativeTo: currentDirectory)
    let defaultLine =
      "default '\(Self.defaultRelativePath)' = '\(defaultPath)'"
      + (origin == .defaultLocation ? used : " (not used)")
    return [flagLine, environmentLine, defaultLine]
  }

  private static func absolute(_ path: String, relativeTo base: String) -> String {
    let expanded = (path as NSString).expandingTildeInPath
    let url =
      expanded.hasPrefix("/")
      ? URL(fileURLWithPath: expanded)
      : URL(fileURLWithPath: base).appendingPathComponent(expanded)
    return url.standardizedFileURL.path
  }
}
