// libFuzzer target: the CIFAR-10 batch reader on arbitrary bytes (raw, or gzip when the
// bytes start as gzip does, as files are read).

import Datasets
import FuzzSupport

@_cdecl("fuzz_cifar_main")
public func entry(_ argc: CInt, _ argv: Arguments) -> CInt { fuzz(argc, argv, fuzzCIFAR) }

func fuzzCIFAR(_ input: UnsafeBufferPointer<UInt8>) {
  var bytes = Array(input)
  if Gzip.isCompressed(bytes) {
    guard let inflated = try? Gzip.decompress(bytes, path: "fuzz.gz") else { return }
    bytes = inflated
  }
  _ = try? CIFAR10.images(fromBatches: [bytes], paths: ["fuzz"], split: .train)
}
