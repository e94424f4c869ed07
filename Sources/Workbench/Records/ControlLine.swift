// One command appended to a run folder's control.jsonl, as `follow --control` and the
// workbench's backend runs send them: to a regular file only, so "sent" means written.

import Foundation

/// Appending control lines.
enum ControlLine {
  /// Appends one control line to RUN/control.jsonl: a regular file only, opened without
  /// following a symbolic link and without waiting (a FIFO with no reader is refused at
  /// once, not waited on), so a notice that a command was sent is true.
  static func append(_ line: [String: Any], inFolder folder: String) throws {
    let path = folder + "/control.jsonl"
    var data = try JSONSerialization.data(withJSONObject: line, options: [.sortedKeys])
    data.append(UInt8(ascii: "\n"))
    let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0o644)
    guard fd >= 0 else {
      let code = errno
      throw ControlWriteError(
        reason: code == ELOOP
          ? "it is a symbolic link; steering writes only the run folder's own file"
          : code == ENXIO
            ? "it is a FIFO with no reader; steering appends to a regular file"
            : String(cString: strerror(code)))
    }
    defer { close(fd) }
    var status = stat()
    guard fstat(fd, &status) == 0, status.st_mode & S_IFMT == S_IFREG else {
      throw ControlWriteError(
        reason: "it is not a regular file (a FIFO or a device); steering appends to a regular file")
    }
    let written = data.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    guard written == data.count else {
      throw ControlWriteError(
        reason: written < 0 ? String(cString: strerror(errno)) : "only part of the line fit")
    }
  }
}

/// Why a control line could not be appended.
struct ControlWriteError: Error, CustomStringConvertible {
  let reason: String
  var description: String { reason }
}
