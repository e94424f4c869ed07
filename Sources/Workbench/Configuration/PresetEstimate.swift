// What `asf-tui presets` says about a preset beyond its file: whether its data is here, and
// roughly how long a full run takes on this kind of machine (2 cores), from throughput
// measured here with `asf-tui bench train` and the VGG7 quick preset.

import Datasets
import Foundation
import SpikingCore

/// Availability and run-time estimate of a preset.
public struct PresetEstimate: Sendable {
  /// "yes" / "no (…)" for the data the preset needs.
  public let dataStatus: String
  /// Estimated seconds for the whole run (all epochs, with testing), or nil if unknown.
  public let seconds: Double?

  /// Measured on this machine kind: seconds per sample and time step of training (LeNet at
  /// T=100: 170 samples/s; VGG7 at T=100, Vth=2: 9.5 samples/s).
  static let lenetStepSeconds = 1.0 / (170 * 100)
  static let vgg7StepSeconds = 1.0 / (9.5 * 100)

  public init(preset: Preset, dataDirectory: String?) {
    let locator = DataLocator(dataDirectory: dataDirectory)
    var trainCount: Int
    var testCount: Int
    if preset.experiment == "table4" {
      dataStatus = "none needed"
      seconds = 0.5 * Double(preset.trials) / 1000
      return
    }
    if preset.experiment == "training-time" {
      // Per T: 4 batches of each method in the timing process and 2 in each memory process,
      // plus loading; BPTT costs about 11× ASF-BP per sample and step on LeNet. Calibrated on
      // the default (T = 25…300, batch 64: 224 s measured).
      let found = (try? locator.mnistDirectory()) != nil
      dataStatus = found ? "present" : "built in (no MNIST)"
      let steps = Double(preset.timeWindows.reduce(0, +))
      seconds = 8 * (1 + 11) * Double(preset.batchSize) * steps * Self.lenetStepSeconds
      return
    }
    switch preset.dataset {
    case .digits:
      dataStatus = "built in"
      (trainCount, testCount) = (6000, 1000)
    case .mnist, .mnistEvents:
      let found = (try? locator.mnistDirectory()) != nil
      dataStatus = found ? "present" : "missing (MNIST)"
      (trainCount, testCount) = (60_000, 10_000)
    case .cifar10DVS:
      let found = (try? locator.cifar10DVSDirectory()) != nil
      dataStatus = found ? "present" : "missing (CIFAR10-DVS)"
      (trainCount, testCount) = (9000, 1000)
    case .cifar10:
      if let directory = try? locator.cifar10Directory() {
        let batches = CIFAR10.Split.train.batchFileNames.filter { name in
          FileManager.default.fileExists(atPath: directory + "/" + name)
            || FileManager.default.fileExists(atPath: directory + "/" + name + ".gz")
        }
        dataStatus = "present (\(batches.count)/5 batches)"
        trainCount = 10_000 * max(1, batches.count)
      } else {
        dataStatus = "missing (CIFAR-10)"
        trainCount = 50_000
      }
      testCount = 10_000
    }
    if preset.trainLimit > 0 { trainCount = min(trainCount, preset.trainLimit) }
    if preset.testLimit > 0 { testCount = min(testCount, preset.testLimit) }
    // VGG7 and the DVS network are the deep ones; LeNet-sized networks cost far less.
    let deep = preset.architecture == "vgg7" || preset.dataset == .cifar10DVS
    let perStep = deep ? Self.vgg7StepSeconds : Self.lenetStepSeconds
    let (trains, tests) = (Double(trainCount), Double(testCount))
    // One run: training at the method's cost; testing runs the same spiking forward for
    // every method, most of an ASF-BP training step's cost here.
    func run(_ method: TrainingMethod, _ steps: Int) -> Double {
      (trains * Self.methodFactor(method, timeSteps: steps) + 0.8 * tests) * Double(steps)
        * perStep * Double(preset.epochs)
    }
    // A sweep preset trains once per value: per time window (Figure 4), per method (the
    // arena), or once per value of another key (the ablations).
    if let (key, values) = preset.sweep.flatMap(TimeWindowSweep.parse) {
      switch key {
      case "method":
        seconds = values.map {
          run(TrainingMethod(rawValue: $0) ?? preset.method, preset.timeSteps)
        }
        .reduce(0, +)
      case "time-steps":
        seconds = values.map { run(preset.method, Int($0) ?? preset.timeSteps) }.reduce(0, +)
      default:
        seconds = Double(values.count) * run(preset.method, preset.timeSteps)
      }
    } else {
      let windows = preset.timeWindows.isEmpty ? [preset.timeSteps] : preset.timeWindows
      seconds = windows.map { run(preset.method, $0) }.reduce(0, +)
    }
  }

  /// A method's training time relative to ASF-BP's at T steps, from `asf-tui bench methods`
  /// (LeNet, batch 64): ASF-BP's batch costs about 0.0386 s + 0.0011 s·T, BPTT's 0.01705 s·T
  /// (2.2× at T=4, 7.7× at T=32, 11.5× at T=100); OTTT and SLTT, which go back at every step,
  /// cost what BPTT costs; rate-BP about 1.25× ASF-BP.
  static func methodFactor(_ method: TrainingMethod, timeSteps: Int) -> Double {
    let steps = Double(max(1, timeSteps))
    switch method {
    case .asfBP: return 1
    case .rateBP: return 1.25
    case .bptt, .ottt, .sltt: return 0.01705 * steps / (0.0386 + 0.0011 * steps)
    }
  }

  /// "~2 min", "~13 h", "~4 days".
  public var durationText: String {
    guard let seconds else { return "?" }
    switch seconds {
    case ..<90: return "~\(max(1, Int(seconds.rounded()))) s"
    case ..<5400: return "~\(Int((seconds / 60).rounded())) min"
    case ..<172_800: return "~\(Int((seconds / 3600).rounded())) h"
    default: return "~\(Int((seconds / 86400).rounded())) days"
    }
  }
}
