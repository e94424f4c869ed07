// RUN/control.jsonl as the Swift engine reads it at batch boundaries — `asf-tui train` and the
// workbench's runs, as the PyTorch backend does (asf_torch/control.py): one JSON object per
// line, appended by `asf-tui follow --control` or by hand. The reader keeps its place by line
// count and the file's identity (device, inode; a file made anew is read from its first
// line), reads only a regular file (a FIFO would block the run), bounds a line's length and
// a read's size, and refuses a line that is not a well-formed command with a sentence
// naming the line, going on with the next.

import Foundation

/// The commands of a run folder's control file.
public final class ControlFile {
  public let path: String
  private var identity: (device: UInt64, inode: UInt64)?
  private var offset: UInt64 = 0
  private var notAFile = false
  /// The last bytes read, those just before `offset`: read again to see that the file is
  /// the same (a file made anew can get the old inode number back).
  private var tail = Data()
  static let tailLength = 64
  /// Complete lines read so far.
  public private(set) var lines = 0

  public static let maximumLine = 64 * 1024
  public static let maximumRead = 1 << 20

  /// The reader of `folder`'s control.jsonl; what the file holds already is not for this run
  /// unless `fromStart`.
  public init(folder: String, fromStart: Bool = false) {
    path = folder + "/control.jsonl"
    if !fromStart { _ = take() }
  }

  /// One line of the file: a command, or why it was refused.
  public enum Entry: Sendable, Equatable {
    case command(SessionCommand)
    case refused(String)
  }

  /// The complete lines appended since the last call, in the file's order: each a command,
  /// or the sentence that refuses it.
  public func take() -> [Entry] {
    var info = stat()
    guard stat(path, &info) == 0 else {
      (identity, offset, lines, tail) = (nil, 0, 0, Data())
      return []
    }
    guard info.st_mode & S_IFMT == S_IFREG else {
      if notAFile { return [] }
      notAFile = true
      return [.refused("\(path) is not a regular file: commands are not read from it")]
    }
    notAFile = false
    let current = (UInt64(info.st_dev), UInt64(info.st_ino))
    if identity.map({ $0 != current }) ?? true || UInt64(info.st_size) < offset {
      (identity, offset, lines, tail) = (current, 0, 0, Data())
    }
    guard UInt64(info.st_size) > offset, let handle = FileHandle(forReadingAtPath: path) else {
      return []
    }
    defer { try? handle.close() }
    guard (try? handle.seek(toOffset: offset - UInt64(tail.count))) != nil,
      var data = try? handle.read(upToCount: tail.count + Self.maximumRead)
    else { return [] }
    if data.prefix(tail.count) == tail {
      data = data.dropFirst(tail.count)
    } else {
      // Written anew in place since the last read: from its first line.
      (offset, lines, tail) = (0, 0, Data())
      guard (try? handle.seek(toOffset: 0)) != nil,
        let whole = try? handle.read(upToCount: Self.maximumRead)
      else { return [] }
      data = whole
    }
    guard !data.isEmpty else { return [] }
    guard let end = data.lastIndex(of: UInt8(ascii: "\n")) else {
      if data.count >= Self.maximumRead {
        offset += UInt64(data.count)
        tail = Data(data.suffix(Self.tailLength))
        return [.refused("\(path): a line of over \(Self.maximumRead) bytes was skipped")]
      }
      return []
    }
    offset += UInt64(end - data.startIndex + 1)
    tail = Data((tail + data[data.startIndex...end]).suffix(Self.tailLength))
    var entries: [Entry] = []
    for line in data[data.startIndex..<end].split(
      separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
    {
      lines += 1
      guard !line.allSatisfy({ $0 == 32 || $0 == 9 || $0 == 13 }) else { continue }
      guard line.count <= Self.maximumLine else {
        entries.append(
          .refused(
            "control line \(lines) (\(line.count) bytes) is longer than \(Self.maximumLine) bytes: refused"
          ))
        continue
      }
      switch Self.command(Data(line)) {
      case .success(let command): entries.append(.command(command))
      case .failure(let problem):
        entries.append(.refused("control line \(lines): \(problem): refused"))
      }
    }
    return entries
  }

  /// Why a line is not a command.
  public struct Problem: Error, CustomStringConvertible, Equatable {
    public let description: String
    init(_ text: String) { description = text }
  }

  /// The command of one line, or why it is not one.
  public static func command(_ line: Data) -> Result<SessionCommand, Problem> {
    guard let value = try? JSONDecoder().decode(JSONValue.self, from: line) else {
      return .failure(Problem("not JSON"))
    }
    guard case .object(let fields) = value, case .string(let kind)? = fields["command"] else {
      return .failure(Problem("not an object with a \"command\""))
    }
    func number(_ key: String) -> Double? {
      if case .number(let x)? = fields[key], x.isFinite { return x }
      return nil
    }
    switch kind {
    case "pause": return .success(.pause)
    case "resume": return .success(.resume)
    case "step": return .success(.step)
    case "save": return .success(.saveCheckpoint(path: nil))
    case "stop": return .success(.stopRun)
    case "threshold":
      var layer: Int?
      switch fields["layer"] {
      case nil, .null?: layer = nil
      case .number(let x)? where x == x.rounded() && abs(x) < 1e6: layer = Int(x)
      default: return .failure(Problem("threshold: layer must be a layer index or null"))
      }
      if fields["value"] != nil {
        guard let value = number("value") else {
          return .failure(Problem("threshold: value must be a finite number"))
        }
        return .success(.setThreshold(layer: layer, value: Float(value)))
      }
      guard let by = number("by") else {
        return .failure(Problem("threshold: needs a finite value or by"))
      }
      return .success(.nudgeThreshold(layer: layer, by: Float(by)))
    case "T":
      if fields["value"] != nil {
        guard let value = number("value"), value == value.rounded(), abs(value) < 1e9 else {
          return .failure(Problem("T: value must be a whole number of steps"))
        }
        return .success(.setTimeSteps(Int(value)))
      }
      guard case .bool(let longer)? = fields["longer"] else {
        return .failure(Problem("T: needs value or longer"))
      }
      return .success(longer ? .longerTimeWindow : .shorterTimeWindow)
    case "lr":
      if fields["value"] != nil {
        guard let value = number("value"), value > 0 else {
          return .failure(Problem("lr: value must be a positive number"))
        }
        return .success(.setLearningRate(Float(value)))
      }
      guard let factor = number("factor"), factor > 0 else {
        return .failure(Problem("lr: factor must be a positive number"))
      }
      return .success(.scaleLearningRate(by: Float(factor)))
    case "switch":
      guard case .string(let change)? = fields["change"] else {
        return .failure(Problem(Self.switchChanges))
      }
      switch change {
      case "scale-mode": return .success(.changeSwitch(.nextScaleMode))
      case "mask": return .success(.changeSwitch(.toggleMask))
      case "reset": return .success(.changeSwitch(.toggleReset))
      case "spike-rule": return .success(.changeSwitch(.toggleSpikeRule))
      case "smoothing":
        guard let by = number("by") else {
          return .failure(Problem("switch: smoothing needs a finite by"))
        }
        return .success(.changeSwitch(.smoothing(by: Float(by))))
      default: return .failure(Problem(Self.switchChanges))
      }
    default:
      return .failure(
        Problem(
          "unknown command '\(kind.prefix(40))' (known: pause, resume, step, save, stop, threshold, T, lr, switch)"
        ))
    }
  }

  private static let switchChanges =
    "switch: change must be one of scale-mode, mask, reset, spike-rule, smoothing"
}

/// A JSON value as it was written: a number is not a boolean, and a number out of range is
/// not read at all (JSONDecoder refuses it).
enum JSONValue: Decodable, Equatable {
  case null
  case bool(Bool)
  case number(Double)
  case string(String)
  case array([JSONValue])
  case object([String: JSONValue])

  init(from decoder: Decoder) throws {
    let container = try decoder.singleValueContainer()
    if container.decodeNil() {
      self = .null
    } else if let value = try? container.decode(Bool.self) {
      self = .bool(value)
    } else if let value = try? container.decode(Double.self) {
      self = .number(value)
    } else if let value = try? container.decode(String.self) {
      self = .string(value)
    } else if let value = try? container.decode([String: JSONValue].self) {
      self = .object(value)
    } else {
      self = .array(try container.decode([JSONValue].self))
    }
  }
}
