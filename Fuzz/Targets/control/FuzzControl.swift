// libFuzzer target: the Swift engine's control-file reader on arbitrary bytes: each line as
// a command, and the file read by ControlFile from its start in two appends (cut at the
// first byte's value), which must give one entry per non-blank line.

import Foundation
import FuzzSupport
import Workbench

@_cdecl("fuzz_control_main")
public func entry(_ argc: CInt, _ argv: Arguments) -> CInt { fuzz(argc, argv, fuzzControl) }

let folder: String = {
  let path = "/dev/shm/asf-fuzz-control-\(getpid())"
  try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  return path
}()

func fuzzControl(_ input: UnsafeBufferPointer<UInt8>) {
  let bytes = Data(input)
  for line in bytes.split(separator: UInt8(ascii: "\n")) { _ = ControlFile.command(Data(line)) }
  let path = folder + "/control.jsonl"
  try? FileManager.default.removeItem(atPath: path)
  let cut = bytes.isEmpty ? 0 : Int(bytes[bytes.startIndex]) % (bytes.count + 1)
  guard FileManager.default.createFile(atPath: path, contents: bytes.prefix(cut)) else { return }
  let control = ControlFile(folder: folder, fromStart: true)
  var entries = control.take()
  guard let handle = FileHandle(forWritingAtPath: path) else { return }
  handle.seekToEndOfFile()
  handle.write(bytes.dropFirst(cut))
  handle.closeFile()
  entries += control.take()
  let complete = bytes.count <= ControlFile.maximumRead ? bytes : Data()
  guard let end = complete.lastIndex(of: UInt8(ascii: "\n")) else { return }
  let lines = complete[...end].split(
    separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false
  )
  .dropLast()
  .filter { !$0.allSatisfy { $0 == 32 || $0 == 9 || $0 == 13 } }
  guard entries.count == lines.count else {
    fatalError("\(lines.count) complete lines gave \(entries.count) entries")
  }
}
