// This executable run again as a child process: the benchmark's memory probes, and the
// Figure 3 measurement the workbench starts from its Experiments screen.

import Foundation

/// The path of the running executable (/proc/self/exe, else argv[0]).
func currentExecutable() -> String {
  (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
    ?? CommandLine.arguments[0]
}

/// Starts `asf-tui bench asf-vs-bptt` in a new run folder, its output in `bench.log` there;
/// the workbench charts the folder's rows while it runs.
func speedMeasurement(dataDirectory: String?)
  -> @MainActor () throws -> (folder: String, process: Process)
{
  {
    let folder = Train.defaultFolder(for: "bench-asf-vs-bptt-lenet")
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let logPath = folder + "/bench.log"
    FileManager.default.createFile(atPath: logPath, contents: nil)
    let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
    let process = Process()
    process.executableURL = URL(fileURLWithPath: currentExecutable())
    var arguments = ["bench", "asf-vs-bptt", "--out", folder]
    if let dataDirectory { arguments += ["--data-dir", dataDirectory] }
    process.arguments = arguments
    process.standardInput = FileHandle.nullDevice
    process.standardOutput = log
    process.standardError = log
    try process.run()
    return (folder, process)
  }
}
