// libFuzzer target: the IDX reader (MNIST's images and labels files) on arbitrary bytes.

import Datasets
import FuzzSupport

@_cdecl("fuzz_idx_main")
public func entry(_ argc: CInt, _ argv: Arguments) -> CInt { fuzz(argc, argv, fuzzIDX) }

func fuzzIDX(_ input: UnsafeBufferPointer<UInt8>) {
  let bytes = Array(input)
  _ = try? IDXReader.images(from: bytes, path: "fuzz")
  _ = try? IDXReader.labels(from: bytes, path: "fuzz", classCount: 10)
}
