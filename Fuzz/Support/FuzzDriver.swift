// What every fuzz target shares: SwiftPM links an executable's entry as `<module>_main`, so
// each target defines that entry and hands its test function to libFuzzer's driver
// (LLVMFuzzerRunDriver), which parses the usual libFuzzer flags and runs the fuzzing.

@_silgen_name("LLVMFuzzerRunDriver")
private func runDriver(
  _ argc: UnsafeMutablePointer<CInt>,
  _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
  _ test: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

/// The test of the running target, called once per input.
nonisolated(unsafe) private var currentTest: (UnsafeBufferPointer<UInt8>) -> Void = { _ in }

/// The C `argv` of an entry point.
public typealias Arguments = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>

/// Runs libFuzzer with the process's arguments on `test`.
public func fuzz(
  _ argc: CInt, _ argv: Arguments, _ test: @escaping (UnsafeBufferPointer<UInt8>) -> Void
) -> CInt {
  currentTest = test
  var count = argc
  var arguments: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = argv
  return runDriver(&count, &arguments) { data, size in
    currentTest(UnsafeBufferPointer(start: data, count: size))
    return 0
  }
}
