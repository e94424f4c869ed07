// libFuzzer target: the neuron lab's lesson reader (YAML through Yams, aliases bounded, every
// step's keys and claims checked) on arbitrary text.

import FuzzSupport
import Workbench

@_cdecl("fuzz_lesson_main")
public func entry(_ argc: CInt, _ argv: Arguments) -> CInt { fuzz(argc, argv, fuzzLesson) }

func fuzzLesson(_ input: UnsafeBufferPointer<UInt8>) {
  let text = String(decoding: input, as: UTF8.self)
  _ = try? NeuronLesson(yaml: text, source: "fuzz", base: NeuronLabSettings())
}
