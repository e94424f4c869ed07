// One key press on ASF-BP's switches (issue 17), and how a training run applies it at the
// next batch boundary and says what changed.

import SpikingCore

/// A step of one switch.
public enum SwitchChange: Sendable, Equatable {
  /// layer → neuron → fixed → none → frozen → layer.
  case nextScaleMode
  case toggleMask
  case toggleReset
  case toggleSpikeRule
  /// The EMA weight of a new measurement, by `delta` (kept within 0…1).
  case smoothing(by: Float)
}

extension EngineSwitches {
  /// The switches after `change`.
  public func applying(_ change: SwitchChange) -> EngineSwitches {
    var next = self
    switch change {
    case .nextScaleMode:
      let modes = ScaleMode.allCases
      next.scaleMode = modes[((modes.firstIndex(of: scaleMode) ?? 0) + 1) % modes.count]
    case .toggleMask: next.mask.toggle()
    case .toggleReset: next.reset = reset == .hard ? .subtract : .hard
    case .toggleSpikeRule: next.spikeRule = spikeRule == .strict ? .inclusive : .strict
    case .smoothing(let delta):
      next.smoothing = min(1, max(0, ((smoothing + delta) * 10).rounded() / 10))
    }
    return next
  }

  /// "scale factor layer → neuron", … for the notice.
  public func change(to next: EngineSwitches) -> String {
    if next.scaleMode != scaleMode {
      return "scale factor \(scaleMode.rawValue) → \(next.scaleMode.rawValue)"
    }
    if next.mask != mask { return "gradient mask 1[FI > 0] \(mask ? "on → off" : "off → on")" }
    if next.reset != reset { return "reset \(reset.rawValue) → \(next.reset.rawValue)" }
    if next.spikeRule != spikeRule {
      return "spike rule \(spikeRule == .strict ? "u > Vth → u ≥ Vth" : "u ≥ Vth → u > Vth")"
    }
    if next.smoothing != smoothing {
      return "scale-factor EMA weight \(smoothing) → \(next.smoothing)"
    }
    return "no change"
  }
}

extension TrainingRun {
  /// Applies `change` to the network from the next batch on; returns the notice.
  public func changeSwitch(_ change: SwitchChange) -> String {
    let old = trainer.network.switches
    let next = old.applying(change)
    guard next != old else {
      return "the scale-factor EMA weight stays \(old.smoothing): it ranges over 0…1"
    }
    trainer.network.switches = next
    return old.change(to: next) + " from the next batch"
  }
}
