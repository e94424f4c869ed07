// Each state reads true (issue 14, point 13): a finished run shows its last batch and a full
// bar, loading says so, '.' after the end does not suggest pausing, the hint line keeps
// "? keys" and "q quit" at 80 columns, and an old session message does not come back.

import SpikingCore
import TerminalKit
import XCTest

@testable import Workbench
@testable import WorkbenchUI

final class StateTextTests: XCTestCase {
  private func frame(_ snapshot: SessionSnapshot, _ state: AppState = AppState(), width: Int = 80)
    -> [String]
  {
    let canvas = WorkbenchScreens.render(
      snapshot: snapshot, state: state, width: width, height: 24, color: false)
    return TextRenderer.render(canvas).components(separatedBy: "\n")
  }

  private func snapshot(_ state: SessionState) -> SessionSnapshot {
    var s = SessionSnapshot(presetName: "digits-lenet-if")
    s.state = state
    s.epochs = 2
    s.batchesPerEpoch = 188
    s.timeSteps = 30
    s.layerNames = ["conv1"]
    s.thresholds = [1]
    return s
  }

  func testAFinishedRunShowsItsLastBatch() {
    var finished = snapshot(.finished)
    finished.epoch = 2
    finished.batch = 0
    let status = frame(finished).last ?? ""
    // At 80 columns the numbers alone show progress; speed, ETA and the values in force
    // all show; at 120 the bar is full.
    XCTAssertTrue(status.contains("epoch 2/2 batch 188/188 0/s ETA --"), status)
    let wide = frame(finished, width: 120).last ?? ""
    XCTAssertTrue(wide.contains("epoch 2/2 batch 188/188 ████████████ 0 samples/s"), wide)
    XCTAssertTrue(status.hasSuffix("T=30   conv1 Vth=1.00"), status)
    var state = AppState()
    _ = state.handle(.character("."), snapshot: finished)
    XCTAssertEqual(
      state.notice, "training has finished: no batch is left (3 opens the Experiments screen)")
  }

  func testLoadingSaysSo() {
    let status = frame(snapshot(.idle)).last ?? ""
    XCTAssertTrue(status.contains("reading the data set"), status)
    XCTAssertFalse(status.contains("T=0"), status)
  }

  func testLoadingAndTheFirstBatchShowTheirProgress() {
    var loading = snapshot(.idle)
    loading.work = .init(stage: "reading mnist: training and test splits", done: 1, total: 2)
    let lines = frame(loading, width: 120)
    XCTAssertTrue(lines.last?.contains("reading mnist: training and test splits 50 %") ?? false)
    XCTAssertTrue(
      lines.contains { $0.contains("loading data… 50 %") }, lines.joined(separator: "\n"))

    var first = snapshot(.running)
    first.work = .init(stage: WorkProgress.forwardStage, done: 37, total: 100)
    let running = frame(first, width: 120)
    XCTAssertTrue(running.last?.contains("first batch 37 %") ?? false, running.last ?? "")
    XCTAssertTrue(
      running.contains { $0.contains("first batch: 37 % through the spiking forward (37 of 100") })
    // A bar of 40 cells, 37 % of it full (15 cells), under the text.
    XCTAssertTrue(running.contains { $0.contains(String(repeating: "█", count: 15) + "░") })
    // Once a batch is done the status bar shows the speed again.
    first.last = BatchStatistics(
      samples: 8, timeSteps: 30, loss: 1, accuracy: 0.5, inputSpikeRate: 0.1, layers: [],
      rasters: [])
    XCTAssertFalse(frame(first, width: 120).last?.contains("first batch") ?? true)
  }

  /// Issue 17: the switch keys send one step each; the status bar names what differs from
  /// the paper's choices.
  func testSwitchKeysAndTheStatusBar() {
    var state = AppState()
    let running = snapshot(.running)
    let sent: [(Character, SwitchChange)] = [
      ("S", .nextScaleMode), ("M", .toggleMask), ("R", .toggleReset), ("I", .toggleSpikeRule),
      ("{", .smoothing(by: -0.1)), ("}", .smoothing(by: 0.1)),
    ]
    for (key, change) in sent {
      XCTAssertEqual(
        state.handle(.character(key), snapshot: running), [.send(.changeSwitch(change))])
    }
    var switched = running
    XCTAssertFalse(frame(switched, width: 120).last?.contains("S:") ?? true)
    switched.switches.scaleMode = .neuron
    switched.switches.mask = false
    XCTAssertTrue(frame(switched, width: 120).last?.contains("S:neuron mask:off") ?? false)
    // Every switch off the paper's: speed, ETA and the values in force stay at 120 and 80
    // columns; the switches fold into a count where their names do not fit (at 120).
    switched.switches.smoothing = 1
    switched.switches.reset = .subtract
    switched.switches.spikeRule = .inclusive
    switched.samplesPerSecond = 412
    switched.secondsRemaining = 95
    for width in [120, 80] {
      let bar = frame(switched, width: width).last ?? ""
      XCTAssertTrue(bar.contains("ETA 1m35s"), bar)
      XCTAssertTrue(bar.contains(width == 120 ? "412 samples/s" : "412/s"), bar)
      XCTAssertTrue(bar.hasSuffix("T=30   conv1 Vth=1.00"), bar)
      if width == 120 { XCTAssertTrue(bar.contains("5 switches"), bar) }
    }
    XCTAssertTrue(KeyMap.help(for: .train).contains { $0.key == "S" })
  }

  func testTheHintLineKeepsHelpAndQuitAt80Columns() {
    for context in [KeyContext.train, .replay, .experimentsList, .neuronLab] {
      let line = KeyMap.hintLine(for: context, width: 79)
      XCTAssertLessThanOrEqual(line.count, 79, line)
      XCTAssertTrue(line.hasPrefix("? keys · "), line)
      XCTAssertTrue(line.hasSuffix(" · q quit"), line)
    }
    let full = KeyMap.hintLine(for: .train)
    XCTAssertGreaterThan(full.count, 79, "the test needs a line that does not fit")
    let hint = frame(snapshot(.running))[22]
    XCTAssertTrue(hint.hasSuffix("q quit"), hint)
  }

  func testAnOldSessionMessageDoesNotComeBack() {
    var paused = snapshot(.paused)
    paused.message = "checkpoint saved: runs/x/checkpoint.asfck"
    var state = AppState()
    state.observe(message: paused.message, now: 100)
    XCTAssertTrue(frame(paused, state)[22].contains("checkpoint saved"))
    state.observe(message: paused.message, now: 100 + AppState.messageLifetime)
    XCTAssertFalse(frame(paused, state)[22].contains("checkpoint saved"))
    XCTAssertTrue(frame(paused, state)[22].contains("? keys"), "the hint line instead")
    // A new message shows again; a divergence stays however old.
    paused.message = "T 30 → 50 from the next batch"
    state.observe(message: paused.message, now: 200)
    XCTAssertTrue(frame(paused, state)[22].contains("T 30 → 50"))
    var diverged = snapshot(.diverged(epoch: 0, batch: 3, loss: .nan))
    diverged.message = "the loss diverged"
    state.observe(message: diverged.message, now: 300)
    state.observe(message: diverged.message, now: 900)
    XCTAssertTrue(frame(diverged, state)[22].contains("the loss diverged"))
  }

  /// Issue 26, point 8: a run that could not start shows its error whole, line by line, and
  /// a status bar without an epoch, batch or values that never were.
  func testAFailedStartShowsOnlyItsErrorWhole() {
    var failed = SessionSnapshot(presetName: "mnist-lenet-if")
    failed.state = .failed(
      "cannot read the MNIST training images:\n  /data/train-images: no such file\nrun 'asf-tui data mnist' first"
    )
    failed.message = "cannot read the MNIST training images: /data/train-images: no such file"
    let lines = frame(failed)
    let at = lines.firstIndex { $0.contains("cannot read the MNIST training images:") }
    XCTAssertNotNil(at, lines.joined(separator: "\n"))
    if let at {
      XCTAssertTrue(lines[at + 1].contains("  /data/train-images: no such file"), lines[at + 1])
      XCTAssertTrue(lines[at + 2].contains("run 'asf-tui data mnist' first"), lines[at + 2])
    }
    let status = lines.last ?? ""
    XCTAssertTrue(status.contains("failed") && status.contains("could not start"), status)
    XCTAssertFalse(
      status.contains("epoch") || status.contains("T=0") || status.contains("lr="), status)
    XCTAssertFalse(lines[lines.count - 2].contains("no such file"), "the notice line repeats it")
  }

  /// Issue 26, point 6: a frame saved after a run finished is named after the batch the
  /// status bar shows; a replay's counter says frame N of M; run names keep their time.
  func testFrameNamesReplayCounterAndRunNames() {
    var finished = snapshot(.finished)
    finished.epoch = 2
    finished.batch = 0
    XCTAssertEqual(
      FrameSaver.target(snapshot: finished, screen: .train).name,
      "digits-lenet-if-frame-epoch2-batch188")
    var paused = snapshot(.paused)
    paused.epoch = 1
    paused.batch = 17
    XCTAssertEqual(
      FrameSaver.target(snapshot: paused, screen: .train).name,
      "digits-lenet-if-frame-epoch2-batch17")
    var replay = snapshot(.paused)
    replay.source = .replay(speed: 10, position: 46, length: 1835)
    XCTAssertTrue(frame(replay, width: 120).last?.contains("frame 46 of 1835") ?? false)
    XCTAssertEqual(
      ExperimentsScreen.shortName("runs/digits-lenet-if-20261206-214530", width: 30),
      "runs/digits-le…20261206-214530")
    XCTAssertEqual(ExperimentsScreen.shortName("short", width: 30), "short")
  }
}
