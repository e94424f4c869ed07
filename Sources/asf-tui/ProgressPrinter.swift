// Shows training progress on stderr: a one-line bar with ETA on a terminal, else plain lines.

import Foundation
import Workbench

final class ProgressPrinter {
  private let plain: Bool
  private var lastDraw = Date.distantPast
  private var lastPlainFraction = -1.0
  private var barShown = false

  init(plain: Bool) { self.plain = plain }

  func line(_ text: String) {
    clearBar()
    FileHandle.standardError.write(Data((text + "\n").utf8))
  }

  func show(_ event: RunEvent) {
    switch event {
    case .batch(let p):
      let done = Double(p.epoch * p.batchesPerEpoch + p.batch + 1)
      let fraction = done / Double(p.epochs * p.batchesPerEpoch)
      let s = p.statistics
      let status =
        String(
          format: "epoch %d/%d batch %d/%d  loss %.3f  acc %5.1f %%  %.0f samples/s  ETA ",
          p.epoch + 1, p.epochs, p.batch + 1, p.batchesPerEpoch, s.loss / Float(s.samples),
          s.accuracy * 100, p.samplesPerSecond) + Self.duration(p.secondsRemaining)
      if plain {
        // A line at every 5 % of the run.
        if fraction - lastPlainFraction >= 0.05 || p.batch + 1 == p.batchesPerEpoch {
          lastPlainFraction = fraction
          FileHandle.standardError.write(Data((status + "\n").utf8))
        }
      } else if Date().timeIntervalSince(lastDraw) > 0.1 {
        lastDraw = Date()
        let width = 24
        let filled = Int(fraction * Double(width))
        let bar =
          String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        FileHandle.standardError.write(Data("\r\u{1B}[K\(bar) \(status)".utf8))
        barShown = true
      }
    case .epoch(let r):
      let factors = r.scaleFactors.map { String(format: "%.3f", $0) }.joined(separator: " ")
      line(
        String(
          format:
            "epoch %d: train accuracy %.2f %%, test accuracy %.2f %% (train %.0f s, test %.0f s)",
          r.epoch + 1, r.trainAccuracy * 100, r.testAccuracy * 100, r.trainSeconds, r.testSeconds)
          + "; S = " + factors)
    case .checkpoint(let path):
      line("checkpoint saved: \(path)")
    }
  }

  func finish() { clearBar() }

  private func clearBar() {
    if barShown {
      FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
      barShown = false
    }
  }

  static func duration(_ seconds: Double) -> String {
    guard seconds.isFinite, seconds >= 0 else { return "--" }
    let s = Int(seconds.rounded())
    if s >= 3600 { return String(format: "%dh%02dm", s / 3600, (s % 3600) / 60) }
    if s >= 60 { return String(format: "%dm%02ds", s / 60, s % 60) }
    return "\(s)s"
  }
}
