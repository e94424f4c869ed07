// libFuzzer target: gzip inflation (single and multi-member streams) on arbitrary bytes.

import Datasets
import FuzzSupport

@_cdecl("fuzz_gzip_main")
public func entry(_ argc: CInt, _ argv: Arguments) -> CInt { fuzz(argc, argv, fuzzGzip) }

func fuzzGzip(_ input: UnsafeBufferPointer<UInt8>) {
  _ = try? Gzip.decompress(Array(input), path: "fuzz")
}
