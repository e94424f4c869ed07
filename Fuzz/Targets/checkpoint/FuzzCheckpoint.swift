// libFuzzer target: the checkpoint reader on arbitrary bytes, as they are and with their
// last four bytes replaced by a correct CRC-32, so that mutations also reach the header and
// tensor checks behind the checksum.

import CZlib
import FuzzSupport
import SpikingCore

@_cdecl("fuzz_checkpoint_main")
public func entry(_ argc: CInt, _ argv: Arguments) -> CInt { fuzz(argc, argv, fuzzCheckpoint) }

func fuzzCheckpoint(_ input: UnsafeBufferPointer<UInt8>) {
  let bytes = Array(input)
  _ = try? Checkpoint.decode(bytes, path: "fuzz")
  guard bytes.count > 16 else { return }
  var sealed = Array(bytes.dropLast(4))
  let crc = sealed.withUnsafeBufferPointer { UInt32(crc32(0, $0.baseAddress, uInt($0.count))) }
  withUnsafeBytes(of: crc.littleEndian) { sealed.append(contentsOf: $0) }
  if let checkpoint = try? Checkpoint.decode(sealed, path: "fuzz") {
    // What decodes must also build its network.
    _ = try? Network(spec: checkpoint.header.spec, timeSteps: checkpoint.header.timeSteps)
  }
}
