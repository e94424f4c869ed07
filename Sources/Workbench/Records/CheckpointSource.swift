// A checkpoint named on the command line: a file (the checkpoint.asfck a run wrote, or a
// weights file, gzip-compressed or not), or the name of a shipped recording whose final
// weights ship with it (Recordings/NAME/weights.asfck.gz), e.g. `mnist-lenet-if-2h`.

import Datasets
import Foundation
import SpikingCore

public enum CheckpointSource {
  /// The file name of a recording's shipped weights.
  public static let weightsFile = "weights.asfck.gz"
  /// The most a compressed checkpoint may expand to (VGG7 with Adam's moments is ~115 MB).
  public static let maximumBytes = 1 << 30

  /// The shipped recordings that carry their final weights, by name.
  public static func shippedNames() -> [String] {
    ShippedRecording.names().filter { weightsPath(ofRecording: $0) != nil }
  }

  /// The weights file of the shipped recording `name`, when it has one.
  static func weightsPath(ofRecording name: String) -> String? {
    guard let library = ShippedRecording.libraryURL else { return nil }
    let path = library.appendingPathComponent(name).appendingPathComponent(weightsFile).path
    return FileManager.default.fileExists(atPath: path) ? path : nil
  }

  /// Reads the checkpoint `argument` names: a file if there is one at that path, else a
  /// shipped network's weights.
  /// - Throws: the checkpoint's errors, or `unreadableCheckpoint` naming the shipped networks
  ///   when there is neither.
  public static func read(_ argument: String) throws -> Checkpoint {
    var isFolder: ObjCBool = false
    let exists = FileManager.default.fileExists(atPath: argument, isDirectory: &isFolder)
    if !exists || isFolder.boolValue, let shipped = weightsPath(ofRecording: argument) {
      return try decode(path: shipped, named: "\(argument) (the shipped weights)")
    }
    guard FileManager.default.fileExists(atPath: argument) else {
      let names = shippedNames()
      throw EngineError.unreadableCheckpoint(
        path: argument,
        reason: "no such file"
          + (names.isEmpty
            ? ""
            : "; the trained networks that ship with asf-tui: " + names.joined(separator: ", ")))
    }
    return try decode(path: argument, named: argument)
  }

  /// A checkpoint file, inflated first when it is gzip-compressed.
  private static func decode(path: String, named name: String) throws -> Checkpoint {
    var isFolder: ObjCBool = false
    FileManager.default.fileExists(atPath: path, isDirectory: &isFolder)
    guard !isFolder.boolValue, let data = FileManager.default.contents(atPath: path) else {
      // The plain reader names why (a folder, no permission).
      return try Checkpoint.read(from: path)
    }
    var bytes = [UInt8](data)
    if Gzip.isCompressed(bytes) {
      do {
        bytes = try Gzip.decompress(bytes, path: name, maximum: maximumBytes)
      } catch {
        throw EngineError.corruptCheckpoint(path: name, reason: "\(error)")
      }
    }
    return try Checkpoint.decode(bytes, path: name)
  }
}
