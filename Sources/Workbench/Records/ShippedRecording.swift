// The recorded runs that ship with asf-tui (Recordings/ in this module's resources): run
// folders whose metrics.jsonl is compressed, each with an about.yaml that says what was
// recorded and how. The Experiments screen lists them and `asf-tui replay NAME` plays them.

import Foundation
import Yams

/// One recorded run shipped with asf-tui.
public struct ShippedRecording: Sendable, Equatable {
  /// The folder's name, e.g. "mnist-lenet-if-2h".
  public let name: String
  /// The run folder (preset.yaml, metrics.jsonl.gz, epochs.csv, about.yaml).
  public let folder: String
  /// What it reproduces and where, e.g. "Table 1, MNIST LeNet IF, recorded on a 2-core
  /// machine".
  public let title: String
  /// The command, machine and duration of the recording, as about.yaml gives them.
  public let command: String
  public let machine: String
  public let duration: String
  /// Epochs trained and the test accuracy (0…1) after the last, from epochs.csv.
  public let epochs: Int
  public let testAccuracy: Double?

  /// The keys about.yaml must have.
  static let aboutKeys = ["title", "command", "machine", "duration"]

  /// Reads the recording in `folder`.
  /// - Throws: `WorkbenchError.notARunFolder` without metrics and preset, or
  ///   `.unreadableRecording` when about.yaml is missing, malformed or lacks a key.
  public init(folder: String) throws {
    try RunRecording.checkFolder(folder)
    let aboutPath = folder + "/about.yaml"
    let expected = "expected a YAML mapping with " + Self.aboutKeys.joined(separator: ", ")
    guard let data = FileManager.default.contents(atPath: aboutPath) else {
      throw WorkbenchError.unreadableRecording(path: aboutPath, reason: "no such file; " + expected)
    }
    guard let about = try? YAMLDecoder().decode([String: String].self, from: data),
      Self.aboutKeys.allSatisfy({ !(about[$0] ?? "").isEmpty })
    else {
      throw WorkbenchError.unreadableRecording(path: aboutPath, reason: expected)
    }
    name = URL(fileURLWithPath: folder).lastPathComponent
    self.folder = folder
    title = about["title"] ?? ""
    command = about["command"] ?? ""
    machine = about["machine"] ?? ""
    duration = about["duration"] ?? ""
    let table = CSVTable(
      (try? String(contentsOfFile: folder + "/epochs.csv", encoding: .utf8)) ?? "")
    epochs = table.rows.count
    testAccuracy = table.value("test_accuracy", inRow: table.rows.count - 1).flatMap(Double.init)
  }

  /// One line for lists: "Table 1, …: 22 epochs, test accuracy 99.45 %".
  public var summary: String {
    "\(title): \(epochs) epoch\(epochs == 1 ? "" : "s")"
      + (testAccuracy.map { String(format: ", test accuracy %.2f %%", $0 * 100) } ?? "")
  }

  /// The folder that holds the shipped recordings: Recordings in this module's resource
  /// bundle, else ./Recordings (a checkout).
  static var libraryURL: URL? {
    let candidates = [
      Bundle.module.url(forResource: "Recordings", withExtension: nil),
      URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        .appendingPathComponent("Sources/Workbench/Recordings"),
    ]
    return candidates.compactMap { $0 }.first { FileManager.default.fileExists(atPath: $0.path) }
  }

  /// Names of the shipped recordings (folders with a recorded run), sorted.
  public static func names() -> [String] {
    guard let library = libraryURL,
      let entries = try? FileManager.default.contentsOfDirectory(atPath: library.path)
    else { return [] }
    return entries.filter {
      RunRecording.metricsPath(in: library.appendingPathComponent($0).path) != nil
    }.sorted()
  }

  /// Every shipped recording that can be read, by name.
  public static func all() -> [ShippedRecording] {
    names().compactMap { try? named($0) }
  }

  /// The shipped recording called `name`.
  /// - Throws: `WorkbenchError.recordingNotFound` (listing the names) when there is none.
  public static func named(_ name: String) throws -> ShippedRecording {
    guard let library = libraryURL, names().contains(name) else {
      throw WorkbenchError.recordingNotFound(name: name, available: names())
    }
    return try ShippedRecording(folder: library.appendingPathComponent(name).path)
  }
}
