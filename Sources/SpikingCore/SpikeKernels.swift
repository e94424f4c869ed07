// The instruction set of the forward's hot loops (CSpikeKernels): the best the CPU has
// (AVX-512 only where it measured faster than AVX2), or another for tests and benchmarks.
// Every level adds the same values in the same order, so a seed gives the same spikes and
// weights on any of them.

import CSpikeKernels

public enum SpikeKernels {
  /// The levels, from the portable loops up.
  public static let names = ["portable", "SSE2", "AVX2+FMA", "AVX-512F"]

  /// The level in force (0 portable … 3 AVX-512F).
  public static var level: Int { Int(asf_kernel_level()) }

  /// The best level this CPU has.
  public static var best: Int { Int(asf_best_kernel_level()) }

  /// The level used unless another is asked for: `best`, or AVX2 where AVX-512's conv
  /// scatter measured slower (timed once).
  public static var standard: Int { Int(asf_default_kernel_level()) }

  /// Uses `level` (at most the best; nil: `standard`) and returns the level in force.
  @discardableResult
  public static func use(_ level: Int?) -> Int { Int(asf_set_kernel_level(Int32(level ?? -1))) }

  /// "AVX2+FMA" for the level in force.
  public static var name: String { names[max(0, min(names.count - 1, level))] }
}
