// libFuzzer target: the line readers of replay and follow on arbitrary bytes, plain or gzip
// (by magic): LineReader over the bytes as a file, with small bounds on a line and on the
// expansion; the same bytes fed to LineAccumulator in two pieces cut at the first byte's
// value; and RunRecording read from a run folder holding them. The lines must agree.

import Datasets
import Foundation
import FuzzSupport
import Workbench

@_cdecl("fuzz_lines_main")
public func entry(_ argc: CInt, _ argv: Arguments) -> CInt { fuzz(argc, argv, fuzzLines) }

/// A run folder of this process in shared memory, its preset written once.
let folder: String = {
  let path = "/dev/shm/asf-fuzz-lines-\(getpid())"
  try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  try? "name: fuzz\n".write(toFile: path + "/preset.yaml", atomically: false, encoding: .utf8)
  return path
}()

func fuzzLines(_ input: UnsafeBufferPointer<UInt8>) {
  let bytes = Data(input)
  let path = folder + "/metrics.jsonl"
  guard FileManager.default.createFile(atPath: path, contents: bytes) else { return }
  var read: [Data] = []
  do {
    let reader = try LineReader(path: path, maximumLine: 4096, maximumBytes: 1 << 20)
    while let line = try reader.next() { read.append(Data(line)) }
  } catch {
    read = []
  }
  if !Gzip.isCompressed([UInt8](bytes.prefix(2))), !read.isEmpty || bytes.isEmpty {
    // Plain text: the accumulator gives the same non-empty lines (a last line without a
    // newline stays pending there).
    var accumulator = LineAccumulator(maximumLine: 4096)
    let cut = bytes.isEmpty ? 0 : Int(bytes[bytes.startIndex]) % (bytes.count + 1)
    var pieces: [Data] = []
    do {
      pieces += try accumulator.add(bytes.prefix(cut), path: path, line: 1)
      pieces += try accumulator.add(bytes.dropFirst(cut), path: path, line: 1)
    } catch {
      return
    }
    let whole = bytes.last == UInt8(ascii: "\n") ? read : Array(read.dropLast())
    guard pieces == whole.filter({ !$0.isEmpty }) else {
      fatalError("LineAccumulator and LineReader disagree on \(bytes.count) bytes")
    }
  }
  _ = try? RunRecording(folder: folder)
}
