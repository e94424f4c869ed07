// libFuzzer target: the AEDAT 2.0 reader (CIFAR10-DVS recordings) and the binning of its
// events into frames, on arbitrary bytes.

import Datasets
import Foundation
import FuzzSupport

@_cdecl("fuzz_aedat_main")
public func entry(_ argc: CInt, _ argv: Arguments) -> CInt { fuzz(argc, argv, fuzzAEDAT) }

func fuzzAEDAT(_ input: UnsafeBufferPointer<UInt8>) {
  let bytes = Data(input)
  guard let recording = try? AEDATReader.recording(from: bytes, path: "fuzz") else { return }
  _ = EventFrames.bin(recording.events, frameCount: 4)
}
