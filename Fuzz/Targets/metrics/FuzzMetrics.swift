// libFuzzer target: the metrics.jsonl reader (records and the replay built from them) on
// arbitrary bytes.

import Foundation
import FuzzSupport
import Workbench

@_cdecl("fuzz_metrics_main")
public func entry(_ argc: CInt, _ argv: Arguments) -> CInt { fuzz(argc, argv, fuzzMetrics) }

func fuzzMetrics(_ input: UnsafeBufferPointer<UInt8>) {
  let bytes = Data(input)
  _ = try? RunRecording(metrics: bytes, preset: Preset(name: "fuzz"), folder: "fuzz")
}
