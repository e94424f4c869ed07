// What a lesson step says the class will see, as checks on the simulated windows: a step's
// `expect` mapping in the lesson file. Each claim holds in every one of the first windows the
// step shows (its neuron, its seed), so that a sentence on screen never says the opposite of
// the trace beside it. `asf-tui neuron --check-lessons FILE` and the tests run them.

import SpikingCore

/// One expectation of a lesson step.
public enum LessonClaim: Sendable, Equatable {
  /// Output spikes per window.
  case spikes(ClosedRange<Int>)
  /// The step (1-based) of the window's first spike.
  case firstSpike(ClosedRange<Int>)
  /// The highest membrane potential of the window (before the threshold test), in Vth.
  case membranePeak(ClosedRange<Float>)
  /// S = FO/FI as a share of its ceiling 1/Vth (S·Vth).
  case scaleFactor(ClosedRange<Float>)
  /// The mean input current per step, in Vth.
  case inputPerStep(ClosedRange<Float>)
  /// The share of synapse-steps that fired (the input's rate).
  case inputRate(ClosedRange<Float>)
  /// On every step without input (and without a spike) u loses at least this many percent,
  /// and a window has at least three such steps with u > 0: the leak's decay is visible.
  case leakDrop(atLeast: Float)
  /// Fewer spikes than the same neuron without a leak (IF), on the same input.
  case fewerSpikesThanIF
  /// S is below S of the same neuron with pixels from this range (S falls as input grows).
  case scaleFactorBelow(input: ClosedRange<Float>)

  /// The claims' names in a lesson file, in the order the header documents them.
  public static let names = [
    "spikes", "first-spike", "membrane-peak", "scale-factor", "input-per-step", "input-rate",
    "leak-drop", "fewer-spikes-than-if", "scale-factor-below",
  ]

  /// How the claim reads in a message, e.g. "spikes per window in [5, 20]".
  public var description: String {
    switch self {
    case .spikes(let r): "spikes per window in [\(r.lowerBound), \(r.upperBound)]"
    case .firstSpike(let r): "the first spike at a step in [\(r.lowerBound), \(r.upperBound)]"
    case .membranePeak(let r): "the peak of u in [\(f(r.lowerBound)), \(f(r.upperBound))] × Vth"
    case .scaleFactor(let r): "S in [\(f(r.lowerBound)), \(f(r.upperBound))] × 1/Vth"
    case .inputPerStep(let r):
      "the input per step in [\(f(r.lowerBound)), \(f(r.upperBound))] × Vth"
    case .inputRate(let r):
      "the synapses firing in [\(f(r.lowerBound)), \(f(r.upperBound))] of their steps"
    case .leakDrop(let x): "u losing at least \(f(x)) % on every step without input"
    case .fewerSpikesThanIF: "fewer spikes than the IF neuron on the same input"
    case .scaleFactorBelow(let r):
      "S below S with pixels from U(\(f(r.lowerBound)), \(f(r.upperBound)))"
    }
  }

  private func f(_ x: Float) -> String { NeuronLabSettings.format(x) }
}

/// The first windows of a lesson step's neuron, simulated as the lab shows them.
public struct LessonWindows: Sendable {
  /// Per window: its steps, and S (nil without input).
  public let windows: [(steps: [NeuronLabStep], scaleFactor: Float?)]
  public let settings: NeuronLabSettings

  /// How many windows a claim must hold in.
  public static let count = 3

  /// Simulates `count` windows of `settings` from `seed`, as the lab runs them.
  public init(settings: NeuronLabSettings, seed: UInt64, count: Int = LessonWindows.count) {
    var lab = NeuronLab(settings: settings, seed: seed)
    self.settings = lab.settings
    var windows: [(steps: [NeuronLabStep], scaleFactor: Float?)] = []
    for _ in 0..<count {
      for _ in 0..<lab.settings.timeSteps { lab.step() }
      windows.append((lab.history, lab.scaleFactor))
    }
    self.windows = windows
  }

  /// The mean S over the windows that have one.
  public var meanScaleFactor: Float? {
    let values = windows.compactMap(\.scaleFactor)
    return values.isEmpty ? nil : values.reduce(0, +) / Float(values.count)
  }
}

/// A claim that does not hold: which, in which window, and what was measured.
public struct LessonClaimFailure: Sendable, Equatable, CustomStringConvertible {
  public let step: Int
  public let title: String
  public let claim: LessonClaim
  public let window: Int
  public let measured: String

  public var description: String {
    "step \(step) '\(title)': \(claim.description) fails in window \(window) of \(LessonWindows.count) (\(measured))"
  }
}

extension LessonClaim {
  /// What this claim measures in one window, and whether it holds there. `window` is one of
  /// `all`'s windows; the comparisons simulate their other neuron from the same seed.
  func check(
    _ window: [NeuronLabStep], scaleFactor: Float?, index: Int, all: LessonWindows,
    seed: UInt64
  ) -> (holds: Bool, measured: String) {
    let s = all.settings
    let vth = s.threshold
    func f(_ x: Float) -> String { String(format: "%.3g", x) }
    switch self {
    case .spikes(let range):
      let n = window.filter(\.spiked).count
      return (range.contains(n), "\(n) spikes")
    case .firstSpike(let range):
      guard let first = window.firstIndex(where: \.spiked) else { return (false, "no spike") }
      return (range.contains(first + 1), "first spike at step \(first + 1)")
    case .membranePeak(let range):
      let peak = (window.map(\.membraneBeforeReset).max() ?? 0) / vth
      return (range.contains(peak), "peak \(f(peak)) × Vth")
    case .scaleFactor(let range):
      guard let scale = scaleFactor else { return (false, "S undefined: no input") }
      return (range.contains(scale * vth), "S = \(f(scale)) = \(f(scale * vth)) × 1/Vth")
    case .inputPerStep(let range):
      let mean = window.map(\.current).reduce(0, +) / Float(max(1, window.count)) / vth
      return (range.contains(mean), "\(f(mean)) × Vth per step")
    case .inputRate(let range):
      let fired = window.map(\.firedSynapses.count).reduce(0, +)
      let rate = Float(fired) / Float(max(1, window.count * s.synapses))
      return (range.contains(rate), "\(f(rate)) of the synapse-steps")
    case .leakDrop(let percent):
      var previous: Float = 0
      var silent = 0
      var weakest: Float = 100
      for step in window {
        if step.current == 0 && !step.spiked && previous > 0 {
          silent += 1
          weakest = min(weakest, (1 - step.membraneAfter / previous) * 100)
        }
        previous = step.membraneAfter
      }
      return (
        silent >= 3 && weakest >= percent,
        "\(silent) steps without input, the least loss \(f(silent > 0 ? weakest : 0)) %"
      )
    case .fewerSpikesThanIF:
      var plain = s
      plain.leak = 1
      let other = LessonWindows(settings: plain, seed: seed).windows[index].steps
      let (n, m) = (window.filter(\.spiked).count, other.filter(\.spiked).count)
      return (n < m, "\(n) spikes against the IF neuron's \(m)")
    case .scaleFactorBelow(let range):
      var other = s
      (other.lower, other.upper) = (range.lowerBound, range.upperBound)
      let theirs = LessonWindows(settings: other, seed: seed).windows[index].scaleFactor
      guard let scale = scaleFactor, let theirs else { return (false, "S undefined") }
      return (scale < theirs, "S = \(f(scale)) against \(f(theirs))")
    }
  }
}

extension NeuronLesson {
  /// Every claim of every step that does not hold in one of its first windows.
  public func failedClaims() -> [LessonClaimFailure] {
    var failures: [LessonClaimFailure] = []
    for (index, step) in steps.enumerated() {
      let windows = LessonWindows(settings: step.settings, seed: step.seed)
      for claim in step.expectations {
        for (w, window) in windows.windows.enumerated() {
          let (holds, measured) = claim.check(
            window.steps, scaleFactor: window.scaleFactor, index: w, all: windows,
            seed: step.seed)
          if !holds {
            failures.append(
              LessonClaimFailure(
                step: index + 1, title: step.title, claim: claim, window: w + 1,
                measured: measured))
            break
          }
        }
      }
    }
    return failures
  }

  /// Per step, each claim with what it measured in each window (for --check-lessons).
  public func claimReport() -> [String] {
    steps.enumerated().flatMap { index, step -> [String] in
      let windows = LessonWindows(settings: step.settings, seed: step.seed)
      let head = "step \(index + 1) '\(step.title)' (seed \(step.seed)): \(step.settings.summary)"
      return [head]
        + step.expectations.map { claim in
          let results = windows.windows.enumerated().map { w, window in
            claim.check(
              window.steps, scaleFactor: window.scaleFactor, index: w, all: windows,
              seed: step.seed)
          }
          let verdict = results.allSatisfy(\.holds) ? "holds" : "FAILS"
          return "  \(verdict): \(claim.description) — "
            + results.map(\.measured).joined(separator: "; ")
        }
    }
  }
}
