// Files the commands write for the user (charts, tables, slides): checked before the work
// that makes them (the kind its name asks for, a folder that exists) and written with errors
// that name the file and say why in words, not the file system's error dump.

import Foundation
import SpikingCore

enum OutputFile {
  /// Throws unless `path` ends in one of `extensions` (".svg", …), is not a folder, and its
  /// folder exists: checked before a command spends minutes on what it would write there.
  static func check(_ path: String, extensions: [String], what: String) throws {
    guard extensions.contains(where: { path.lowercased().hasSuffix($0) }) else {
      let kinds = extensions.map { "FILE\($0)" }
      throw CommandError.cannotWrite(
        path: path,
        reason:
          "\(what) is written as \(kinds.dropLast().joined(separator: ", ")) or \(kinds.last ?? ""), chosen by the name's ending"
      )
    }
    if let reason = obstacle(path) { throw CommandError.cannotWrite(path: path, reason: reason) }
  }

  /// Why `path` cannot be written, when that shows without trying: it is a folder, or its
  /// folder is missing or is a file.
  static func obstacle(_ path: String) -> String? {
    var isFolder: ObjCBool = false
    if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
      return "it is a folder; give a file name"
    }
    let parent = URL(fileURLWithPath: path).deletingLastPathComponent().path
    guard FileManager.default.fileExists(atPath: parent, isDirectory: &isFolder) else {
      return "its folder \(parent) does not exist"
    }
    guard isFolder.boolValue else { return "\(parent) is a file, not a folder" }
    guard FileManager.default.isWritableFile(atPath: parent) else {
      return "the folder \(parent) is not writable (permission denied)"
    }
    return nil
  }

  /// Writes `text` to `path` atomically, or throws `CommandError.cannotWrite` with why.
  static func write(_ text: String, to path: String) throws {
    if let reason = obstacle(path) { throw CommandError.cannotWrite(path: path, reason: reason) }
    do {
      try text.write(toFile: path, atomically: true, encoding: .utf8)
    } catch {
      throw CommandError.cannotWrite(path: path, reason: plainReason(error))
    }
  }
}
