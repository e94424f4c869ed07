// swift-tools-version: 6.1
// asf-tui: a terminal workbench for training spiking neural networks with ASF-BP.
import PackageDescription

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
    .target(
      name: "CSpikeKernels", cSettings: [.unsafeFlags(["-O3", "-fno-math-errno"])]),
    .target(name: "SpikingCore", dependencies: ["CBLAS", "CSpikeKernels"], swiftSettings: optimise),
    .target(name: "Datasets", dependencies: ["SpikingCore", "CZlib"], swiftSettings: optimise),
    .target(
      name: "Workbench",
      dependencies: ["SpikingCore", "Datasets", .product(name: "Yams", package: "Yams")],
      resources: [.copy("Presets")],
      swiftSettings: optimise),
    .target(
      name: "TerminalUI", dependencies: ["Workbench", "SpikingCore", "CNcurses"],
      swiftSettings: optimise),
    .executableTarget(
      name: "asf-tui",
      dependencies: [
        "Workbench", "TerminalUI", .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      swiftSettings: optimise),
    .testTarget(name: "SpikingCoreTests", dependencies: ["SpikingCore"]),
    .testTarget(name: "DatasetsTests", dependencies: ["Datasets"]),
    .testTarget(name: "WorkbenchTests", dependencies: ["Workbench"]),
    .testTarget(name: "TerminalUITests", dependencies: ["TerminalUI"]),
    .testTarget(name: "EndToEndTests", dependencies: ["asf-tui", "Workbench"]),
  ],
  swiftLanguageModes: [.v6]
)
