// libFuzzer target: the preset parser (YAML through Yams, then every key's checks) on
// arbitrary text; a preset that parses must also write YAML that reads back.

import FuzzSupport
import Workbench

@_cdecl("fuzz_preset_main")
public func entry(_ argc: CInt, _ argv: Arguments) -> CInt { fuzz(argc, argv, fuzzPreset) }

func fuzzPreset(_ input: UnsafeBufferPointer<UInt8>) {
  let text = String(decoding: input, as: UTF8.self)
  guard let preset = try? Preset(yaml: text, source: "fuzz") else { return }
  guard (try? Preset(yaml: preset.yaml, source: "fuzz-again")) != nil else {
    fatalError("a parsed preset wrote YAML that does not parse:\n\(preset.yaml)")
  }
}
