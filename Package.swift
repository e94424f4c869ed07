// swift-tools-version: 6.1
// asf-tui: a terminal workbench for training spiking neural networks with ASF-BP.
import Foundation
import PackageDescription

// The engine's hot loops drop their bounds checks in release builds; every other module keeps
// its preconditions.
let optimise: [SwiftSetting] = [.unsafeFlags(["-Ounchecked"], .when(configuration: .release))]

let package = Package(
  name: "asf-tui",
  platforms: [.macOS(.v15)],
  products: [
    .executable(name: "asf-tui", targets: ["asf-tui"])
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    .package(url: "https://github.com/jpsim/Yams", from: "5.0.0"),
  ],
  targets: [
    .systemLibrary(
      name: "CBLAS", path: "Sources/CBLAS", pkgConfig: "openblas",
      providers: [.apt(["libopenblas-dev"])]),
    .systemLibrary(name: "CZlib", path: "Sources/CZlib", providers: [.apt(["zlib1g-dev"])]),
    .systemLibrary(
      name: "CNcurses", path: "Sources/CNcurses", providers: [.apt(["libncursesw5-dev"])]),
    .systemLibrary(
      name: "CHDF5", path: "Sources/CHDF5", pkgConfig: "hdf5", providers: [.apt(["libhdf5-dev"])]),
    // Animated GIFs of frames (the neuron lab's slides): giflib, and FreeType for the glyphs.
    .systemLibrary(name: "CGif", path: "Sources/CGif", providers: [.apt(["libgif-dev"])]),
    .systemLibrary(
      name: "CFreeType", path: "Sources/CFreeType", pkgConfig: "freetype2",
      providers: [.apt(["libfreetype-dev"])]),
    .target(
      name: "CSpikeKernels", cSettings: [.unsafeFlags(["-O3", "-fno-math-errno"])]),
    .target(
      name: "SpikingCore", dependencies: ["CBLAS", "CSpikeKernels", "CZlib"],
      swiftSettings: optimise),
    .target(name: "Datasets", dependencies: ["SpikingCore", "CZlib"]),
    // The PyTorch backend, a Python package of its own (Python/: pyproject.toml, asf_torch,
    // tests): this target only bundles asf_torch with the executable and says where it is.
    .target(
      name: "TorchPackage", path: "Python", exclude: ["tests"], sources: ["TorchPackage.swift"],
      resources: [.copy("asf_torch"), .copy("pyproject.toml"), .copy("README.md")]),
    .target(
      name: "Workbench",
      dependencies: [
        "SpikingCore", "Datasets", "TorchPackage", .product(name: "Yams", package: "Yams"),
      ],
      resources: [.copy("Presets"), .copy("Recordings"), .copy("Lessons")]),
    // NIR graphs (HDF5 through libhdf5): export of a network, import into one.
    .target(name: "NIR", dependencies: ["SpikingCore", "CHDF5"]),
    // The generic terminal kit: canvas, layout, widgets, renderers, the ncurses backend.
    .target(name: "TerminalKit", dependencies: ["CNcurses", "CGif", "CFreeType"]),
    // The app: state and keys, screens, charts, the event loop.
    .target(
      name: "WorkbenchUI", dependencies: ["TerminalKit", "Workbench", "SpikingCore"]),
    // Benchmarks that load data and train: training throughput, ASF-BP vs BPTT, UI cost.
    .target(
      name: "Benchmarks",
      dependencies: ["WorkbenchUI", "TerminalKit", "Workbench", "Datasets", "SpikingCore"]),
    .executableTarget(
      name: "asf-tui",
      dependencies: [
        "Workbench", "WorkbenchUI", "TerminalKit", "Benchmarks", "Datasets", "SpikingCore", "NIR",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]),
    // Rendering helpers shared by the UI test targets.
    .target(
      name: "WidgetTestSupport", dependencies: ["TerminalKit", "CZlib"],
      path: "Tests/WidgetTestSupport"),
    .testTarget(name: "SpikingCoreTests", dependencies: ["SpikingCore"]),
    .testTarget(name: "DatasetsTests", dependencies: ["Datasets"]),
    .testTarget(name: "WorkbenchTests", dependencies: ["Workbench"]),
    .testTarget(name: "NIRTests", dependencies: ["NIR", "SpikingCore"]),
    .testTarget(
      name: "TerminalKitTests", dependencies: ["TerminalKit", "WidgetTestSupport", "CGif"]),
    .testTarget(
      name: "WorkbenchUITests",
      dependencies: [
        "WorkbenchUI", "TerminalKit", "Workbench", "SpikingCore", "WidgetTestSupport",
      ],
      exclude: ["Golden"]),
    .testTarget(
      name: "EndToEndTests", dependencies: ["asf-tui", "Workbench", "SpikingCore", "NIR"],
      exclude: ["Python"]),
    // The PyTorch backend against the Swift engine (needs a Python with torch: .venv/).
    .testTarget(name: "TorchBackendTests", dependencies: ["SpikingCore", "Workbench", "Datasets"]),
  ],
  swiftLanguageModes: [.v6]
)

// Fuzz targets (libFuzzer), built only by Fuzz/run.sh, which sets ASF_FUZZ: one executable
// per reader, compiled as a library so that libFuzzer's main drives it.
if ProcessInfo.processInfo.environment["ASF_FUZZ"] != nil {
  let fuzzTargets: [(name: String, dependencies: [Target.Dependency])] = [
    ("idx", ["Datasets"]), ("cifar", ["Datasets"]), ("aedat", ["Datasets"]),
    ("gzip", ["Datasets"]), ("checkpoint", ["SpikingCore", "CZlib"]),
    ("preset", ["Workbench"]), ("metrics", ["Workbench"]), ("lines", ["Datasets", "Workbench"]),
    ("lesson", ["Workbench"]), ("control", ["Workbench"]),
  ]
  package.targets.append(.target(name: "FuzzSupport", path: "Fuzz/Support"))
  for target in fuzzTargets {
    package.targets.append(
      .executableTarget(
        name: "fuzz-\(target.name)", dependencies: target.dependencies + ["FuzzSupport"],
        path: "Fuzz/Targets/\(target.name)",
        swiftSettings: [.unsafeFlags(["-parse-as-library"])]))
  }
}
