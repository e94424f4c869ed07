// A file digest (SHA-256 or MD5) and computing it with the system's own tools
// (`sha256sum`, `md5sum`, or macOS's `shasum` and `md5`) run through Process.
// No hashing code of our own: the package has no crypto dependency and needs none.

import Foundation
import SpikingCore

/// The digest a file must have, as lowercase hex.
public enum FileChecksum: Sendable, Equatable, CustomStringConvertible {
  case sha256(String)
  case md5(String)

  /// `SHA-256` or `MD5`, for messages.
  public var algorithm: String {
    switch self {
    case .sha256: return "SHA-256"
    case .md5: return "MD5"
    }
  }

  /// The expected digest in lowercase hex.
  public var hex: String {
    switch self {
    case .sha256(let hex), .md5(let hex): return hex.lowercased()
    }
  }

  public var description: String { "\(algorithm) \(hex)" }

  /// The same algorithm's digest of the file at `path`, in lowercase hex.
  /// - Throws: `DatasetError.checksumToolFailed` when no tool is found or it fails.
  public func digest(ofFileAt path: String) throws -> String {
    let tools: [(path: String, arguments: [String])]
    switch self {
    case .sha256:
      tools = [
        ("/usr/bin/sha256sum", []), ("/bin/sha256sum", []), ("/usr/bin/shasum", ["-a", "256"]),
      ]
    case .md5:
      tools = [("/usr/bin/md5sum", []), ("/bin/md5sum", []), ("/sbin/md5", ["-r"])]
    }
    guard let tool = tools.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) })
    else {
      throw DatasetError.checksumToolFailed(
        tool: tools.map(\.path).joined(separator: ", "), path: path, detail: "not installed")
    }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: tool.path)
    process.arguments = tool.arguments + [path]
    let output = Pipe()
    process.standardOutput = output
    process.standardError = output
    do {
      try process.run()
    } catch {
      throw DatasetError.checksumToolFailed(tool: tool.path, path: path, detail: plainReason(error))
    }
    // A digest line is short: reading to the end before waiting cannot fill the pipe.
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let text = String(decoding: data, as: UTF8.self)
    // All these tools print `<hex> <path>` (md5 -r included).
    let first = text.split(whereSeparator: { $0 == " " || $0 == "\n" }).first.map(String.init)
    guard process.terminationStatus == 0, let first,
      first.count == hex.count, first.allSatisfy(\.isHexDigit)
    else {
      throw DatasetError.checksumToolFailed(
        tool: tool.path, path: path,
        detail: "exit status \(process.terminationStatus), output '\(text.prefix(200))'")
    }
    return first.lowercased()
  }

  /// Whether the file at `path` has this digest.
  public func matches(fileAt path: String) throws -> Bool {
    try digest(ofFileAt: path) == hex
  }
}
