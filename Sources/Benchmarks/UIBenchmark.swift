// `bench ui`: the time to render one frame of the Train screen at 200×60, and the training
// throughput with a UI thread drawing ~30 frames a second against none, measured in turns
// in one process so the ratio holds on a busy machine.

import Foundation
import Synchronization
import TerminalKit
import Workbench
import WorkbenchUI

/// Figures of the UI benchmark.
public struct UIBenchmarkResult: Sendable {
  /// Median and 90th percentile milliseconds to render one frame (layout, widgets, diff).
  public let frameMilliseconds: Double
  public let frameMilliseconds90: Double
  public let samplesPerSecondAlone: Double
  public let samplesPerSecondWithUI: Double
  public let framesDrawn: Int
  public var ratio: Double { samplesPerSecondWithUI / samplesPerSecondAlone }
}

/// Measures the cost of the UI.
public enum UIBenchmark {
  /// - Parameters:
  ///   - preset: what to train (its data must be available).
  ///   - batches: batches per measured turn; turns alternate alone / with UI, `rounds` each.
  public static func run(
    preset: Preset, dataDirectory: String?, batches: Int = 10, rounds: Int = 2,
    width: Int = 200, height: Int = 60
  ) throws -> UIBenchmarkResult {
    let data = try DataSplits.load(for: preset, dataDirectory: dataDirectory)
    let run = try TrainingRun(preset: preset, data: data, folder: nil)
    var snapshot = SessionSnapshot(presetName: preset.name)
    snapshot.describe(run)
    for _ in 0..<3 { snapshot.record(try run.step(), run: run) }

    // Frame time on a realistic snapshot.
    var times: [Double] = []
    var previous = Canvas(width: width, height: height)
    let state = AppState()
    for _ in 0..<60 {
      let start = Date()
      let canvas = WorkbenchScreens.render(
        snapshot: snapshot, state: state, width: width, height: height, color: true)
      _ = canvas.diff(from: previous)
      previous = canvas
      times.append(Date().timeIntervalSince(start) * 1000)
    }
    times.sort()

    // Throughput alone and with a UI thread drawing at ~30 frames a second.
    let shared = SessionChannel(initial: snapshot)
    var alone: [Double] = []
    var withUI: [Double] = []
    var frames = 0
    for _ in 0..<rounds {
      alone.append(try throughput(run, batches: batches, shared: shared))
      let flags = DrawFlags()
      let thread = Thread {
        var previous = Canvas(width: width, height: height)
        while !flags.stop.load(ordering: .relaxed) {
          let current = shared.snapshot
          let canvas = WorkbenchScreens.render(
            snapshot: current, state: AppState(), width: width, height: height, color: true)
          _ = canvas.diff(from: previous)
          previous = canvas
          flags.drawn.add(1, ordering: .relaxed)
          Thread.sleep(forTimeInterval: 1.0 / 30)
        }
      }
      thread.start()
      withUI.append(try throughput(run, batches: batches, shared: shared))
      flags.stop.store(true, ordering: .relaxed)
      frames += flags.drawn.load(ordering: .relaxed)
      Thread.sleep(forTimeInterval: 0.1)
    }
    return UIBenchmarkResult(
      frameMilliseconds: times[times.count / 2],
      frameMilliseconds90: times[times.count * 9 / 10],
      samplesPerSecondAlone: alone.reduce(0, +) / Double(alone.count),
      samplesPerSecondWithUI: withUI.reduce(0, +) / Double(withUI.count), framesDrawn: frames)
  }

  private static func throughput(
    _ run: TrainingRun, batches: Int, shared: SessionChannel
  ) throws -> Double {
    var samples = 0
    let start = Date()
    var snapshot = shared.snapshot
    for _ in 0..<batches {
      let events = try run.step()
      snapshot.record(events, run: run)
      shared.publish(snapshot)
      for case .batch(let progress) in events { samples += progress.statistics.samples }
    }
    return Double(samples) / Date().timeIntervalSince(start)
  }
}

/// Flags shared with the drawing thread.
private final class DrawFlags: Sendable {
  let stop = Atomic<Bool>(false)
  let drawn = Atomic<Int>(0)
}
