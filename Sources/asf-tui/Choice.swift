// Options with a fixed set of values, validated by the argument parser: the engine's own
// string enums (neuron model, loss scale, training method) through a small wrapper, and the
// choices that exist only on the command line (network of a benchmark, its data).

import ArgumentParser
import SpikingCore

/// An option whose values are the raw values of `Value`'s cases; a wrong one is refused by
/// the parser with the list of those allowed.
struct Choice<Value: RawRepresentable & CaseIterable & Sendable>: ExpressibleByArgument, Sendable
where Value.RawValue == String {
  let value: Value

  init(_ value: Value) { self.value = value }

  init?(argument: String) {
    guard let value = Value(rawValue: argument) else { return nil }
    self.value = value
  }

  static var allValueStrings: [String] { Value.allCases.map(\.rawValue) }

  var defaultValueDescription: String { value.rawValue }
}

/// The instruction set of the forward's hot loops a benchmark runs on (SpikeKernels).
enum KernelChoice: String, CaseIterable, ExpressibleByArgument {
  case portable, sse2, avx2, avx512

  var level: Int { Self.allCases.firstIndex(of: self) ?? 0 }

  /// Uses this level; fails when the CPU lacks it.
  func apply() throws {
    guard SpikeKernels.use(level) == level else {
      throw ValidationError(
        "--kernels \(rawValue): this CPU's best is \(Self.allCases[SpikeKernels.best].rawValue) (\(SpikeKernels.names[SpikeKernels.best]))."
      )
    }
  }
}

/// The network of a speed benchmark.
enum BenchArchitecture: String, CaseIterable, ExpressibleByArgument {
  /// LeNet on MNIST (the built-in digits without MNIST).
  case lenet
  /// VGG7 on CIFAR-10.
  case vgg7
}

/// The data of `bench train`.
enum BenchData: String, CaseIterable, ExpressibleByArgument {
  /// MNIST when present, else the built-in digits.
  case auto
  case mnist
  case digits
}

/// A switch on the command line: on or off.
enum OnOff: String, CaseIterable, ExpressibleByArgument {
  case on, off
}
