// End to end: the real asf-tui binary in tmux at 120×40, driven by keys like a person, with
// the screen read back through `tmux capture-pane`. Skipped (with a message) without tmux.

import Foundation
import XCTest

final class WorkbenchTmuxTests: TmuxTestCase {
  func testWorkbenchKeysResizeAndQuit() throws {
    let asf = try startShell()
    let runFolder = temporaryPath("asf-e2e")
    try keys(
      "\(asf) --preset digits-lenet-if --T 10 --batch-size 16 --out \(runFolder); echo EXIT=$?",
      "Enter")
    // The first frame: the Train screen with the status bar.
    try waitFor("T=10", "the first frame")
    try waitFor("running", "training to start")

    try keys("?")
    try waitFor("Keys of the Train screen", "the help overlay")
    try keys("Escape")
    Thread.sleep(forTimeInterval: 0.5)
    XCTAssertFalse(try screen().contains("Keys of the Train screen"), "Esc closes the help")

    try keys("Space")
    try waitFor("paused", "the paused state")
    // Issue 26, point 5: > while paused shows the next sample of the last batch at once, with
    // its label, the prediction, its picture and outputs beside the raster.
    try waitFor("sample 1/16 · label ", "the first sample's label and prediction")
    try keys(">")
    let next = try waitFor("the last batch again, as it ran", "the sample shown again at once")
    XCTAssertTrue(next.contains("sample 2/16 · label "), next)
    XCTAssertTrue(next.contains("as it ran") && next.contains("mem per class"), next)
    try keys("<")
    try waitFor("sample 1/16 · label ", "the first sample again")
    // Quick presses each count: three `]` in one send are three windows (10 → 20 → 30 → 50),
    // five `+` are five steps of 0.1 for the selected layer, named in the status bar.
    let before = try screen()
    XCTAssertTrue(before.contains("conv1 Vth=1.00"), before)
    try keys("]", "]", "]")
    try waitFor("T=50", "three longer time windows in force")
    try keys("+", "+", "+", "+", "+")
    let after = try waitFor("conv1 Vth=1.50", "the threshold raised by five steps")
    XCTAssertTrue(after.contains("paused"))
    XCTAssertTrue(after.contains("conv1 Vth 1.40 → 1.50 from the next batch"), after)
    try keys("[", "[")
    try waitFor("T=20", "two shorter time windows")

    // Issue 14: the learning rate from the keyboard, zoom, the per-layer table, save-frame.
    try keys(")")
    try waitFor("learning rate 0.00085 → 0.0017", "the doubled learning rate")
    try keys("z")
    let zoomed = try waitFor("zoomed: z, Enter or Esc goes back", "the zoomed raster")
    XCTAssertTrue(zoomed.contains("Spikes") && !zoomed.contains("Scale factors"), zoomed)
    try keys("Escape")
    try waitFor("Scale factors", "all panels again")
    try keys("L")
    let layers = try waitFor("SOPs/sample", "the per-layer table, zoomed")
    XCTAssertTrue(layers.contains("conv1") && layers.contains("silent"), layers)
    try keys("Escape", "f")
    let saved = try waitFor("frame saved: ", "the saved frame")
    let files = try FileManager.default.contentsOfDirectory(atPath: runFolder)
    let frames = files.filter { $0.hasPrefix("digits-lenet-if-frame-epoch1-batch") }
    XCTAssertEqual(
      Set(frames.map { String($0.split(separator: ".").last ?? "") }), ["svg", "txt"], saved)

    // Issue 26, point 3: four switches within a second are four log lines, and the status
    // bar keeps speed and ETA beside them.
    try keys("I", "{", "R", "M")
    let switched = try waitFor("4 switches", "the status bar's count of switches")
    XCTAssertTrue(switched.contains("samples/s") && switched.contains("ETA"), switched)
    try keys("l")
    // The first of the four is in the log only (the notice line shows the last); each line
    // comes as the session takes its change.
    try waitForAll(
      [
        "spike rule u > Vth → u ≥ Vth", "scale-factor EMA weight 0.6 → 0.5",
        "reset hard → subtract", "gradient mask 1[FI > 0] on → off",
      ], "the zoomed log with the four switches")
    try keys("Escape", "I", "}", "R", "M")
    try waitFor("T=20   conv1 Vth", "the paper's switches again")
    // Point 1: each change is a numbered tick on the curves and "[n]" in the log; `a` shows
    // the batches since the last change.
    try keys("a", "a")
    let since = try waitFor("· since change", "the curves since the last change")
    XCTAssertTrue(since.contains("┆"), since)
    try keys("l")
    try waitFor("[1] T 10 → 20 from the next batch", "the first change, numbered, in the log")
    try keys("Escape", "a")

    try tmux(["resize-window", "-t", sessionName, "-x", "60", "-y", "20"])
    try waitFor("too small", "the too-small message at 60×20")
    try tmux(["resize-window", "-t", sessionName, "-x", "120", "-y", "40"])
    try waitFor("T=20", "the Train screen again at 120×40")

    // The neuron lab: open it, change Vth and the input range, run the Table 4 sweep.
    try keys("2")
    try waitFor("Membrane potential", "the neuron lab")
    try waitFor("U(0.0,0.5)", "the lab's status bar")
    try keys("+")
    try waitFor("Vth 1 → 1.1", "the lab's raised threshold")
    try keys("Right")
    try waitFor("U(0.1,0.6)", "the moved input range")
    try keys("t")
    let table = try waitFor("U(.5,1)", "the Table 4 results")
    XCTAssertTrue(table.contains("0.641") && table.contains("0.249"), table)
    try keys("1")
    try waitFor("Spikes", "the Train screen again")

    try keys("q")
    let final = try waitForExit("the program to end")
    XCTAssertTrue(final.contains("EXIT=0"), final)
    // The shell is usable again: echo is on and a typed command runs.
    try keys("stty -a | grep -o ' echo ' ; echo SHELL-OK", "Enter")
    let shell = try waitFor("SHELL-OK", "the shell to answer")
    XCTAssertTrue(shell.contains(" echo "), "terminal echo restored:\n\(shell)")
  }

  /// Issue 12, point 14: a terminal that cannot move the cursor is refused with a hint, a
  /// locale without UTF-8 gets ASCII glyphs, Ctrl-C ends with status 130 and SIGTERM with 143.
  func testDumbTerminalsPlainLocalesAndSignals() throws {
    let asf = try startShell()
    let runFolder = temporaryPath("asf-e2e")
    try keys("TERM=dumb \(asf) --preset digits-lenet-if; echo EXIT=$?", "Enter")
    let dumb = try waitFor("EXIT=2", seconds: 30, "the refusal of TERM=dumb (status 2)")
    XCTAssertTrue(dumb.contains("cannot move the cursor"), dumb)
    XCTAssertTrue(dumb.contains("asf-tui train"), dumb)
    XCTAssertFalse(FileManager.default.fileExists(atPath: "runs/digits-lenet-if"), "nothing ran")

    try keys("clear", "Enter")
    try keys(
      "LC_ALL=C \(asf) --preset digits-lenet-if --T 10 --paused --out \(runFolder); echo EXIT=$?",
      "Enter")
    let plain = try waitFor("T=10", "the first frame under LC_ALL=C")
    XCTAssertTrue(plain.unicodeScalars.allSatisfy(\.isASCII), "only ASCII glyphs:\n\(plain)")

    try keys("C-c")
    let ended = try waitFor("EXIT=1", "the program to end after Ctrl-C")
    XCTAssertTrue(ended.contains("EXIT=130"), ended)

    // SIGTERM (as a service manager sends it): the terminal is restored, status 143.
    try keys("clear", "Enter")
    let second = runFolder + "-term"
    defer { try? FileManager.default.removeItem(atPath: second) }
    try keys(
      "\(asf) --preset digits-lenet-if --T 10 --paused --out \(second); echo EXIT=$?", "Enter")
    try waitFor("T=10", "the second workbench")
    try tmux(["run-shell", "pkill -TERM -f -- '--out \(second)'"])
    let terminated = try waitFor("EXIT=1", "the program to end after SIGTERM")
    XCTAssertTrue(terminated.contains("EXIT=143"), terminated)
  }

  func testRecordedRunReplaysFromStartToEnd() throws {
    let asf = try startShell()
    let runFolder = temporaryPath("asf-rec")
    try keys(
      "\(asf) train --T 4 --train-limit 200 --test-limit 50 --batch-size 20 --epochs 1 --out \(runFolder) --plain > /dev/null 2>&1; echo TRAINED=$?",
      "Enter")
    try waitFor("TRAINED=0", seconds: 120, "the recorded run")
    try keys("clear; \(asf) replay \(runFolder); echo EXIT=$?", "Enter")
    let start = try waitFor("REPLAY", "the replay")
    XCTAssertTrue(start.contains("Spikes"), start)
    try keys("Space")
    try waitFor("REPLAY ‖", "the paused replay")
    try keys("End")
    let end = try waitFor("10/10", "the last recorded batch")
    XCTAssertTrue(end.contains("REPLAY ■ end"), end)
    try keys("Home")
    try waitFor("1/10", "back at the start")
    try keys("q")
    let final = try waitForExit("the replay to end")
    XCTAssertTrue(final.contains("EXIT=0"), final)
  }

  /// Issue 14, point 7: the mouse, as an xterm reports it (X10: ESC [ M, then button, column
  /// and row, each plus 32): a click on the "3 Experiments" tab, the wheel down once, a click
  /// on "1 Train". In a replay, so that a stray byte can change nothing that matters.
  func testMouseClicksTabsAndTheWheelMovesTheList() throws {
    let asf = try startShell()
    let folder = temporaryPath("asf-mouse")
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    try "name: recorded\nepochs: 1\n".write(
      toFile: folder + "/preset.yaml", atomically: true, encoding: .utf8)
    let lines = (0..<12).map { batch in
      "{\"type\":\"batch\",\"epoch\":0,\"batch\":\(batch),\"loss\":1,\"accuracy\":0.5,\"lr\":0.001,\"T\":10,\"samples_per_s\":5,\"scale\":[0.5],\"spike_rate\":[0.1],\"vth\":[1]}"
    }
    try (lines.joined(separator: "\n") + "\n").write(
      toFile: folder + "/metrics.jsonl", atomically: true, encoding: .utf8)
    try keys("clear; \(asf) replay \(folder); echo EXIT=$?", "Enter")
    try waitFor("REPLAY", "the replay")
    try mouse(0, x: 33, y: 0)
    try waitFor("Experiments · ↑/↓ choose", "the Experiments screen after a click on its tab")
    let list = try waitFor("digits-lenet-if: ", "the cursor on the quick default preset")
    XCTAssertTrue(list.contains("fig3-training-time"), list)
    try mouse(65, x: 10, y: 10)
    try waitFor("fig3-training-time: ", "the next preset after the wheel turned down")
    try mouse(0, x: 9, y: 0)
    try waitFor("Scale factors", "the Train screen after a click on its tab")
    try keys("q")
    let final = try waitForExit("the replay to end")
    XCTAssertTrue(final.contains("EXIT=0"), final)
  }

  func testExperimentsChartASweepAndGoBackToTheList() throws {
    let asf = try startShell()
    let folder = temporaryPath("asf-exp")
    try FileManager.default.createDirectory(
      atPath: folder + "/runs/sweep-e2e", withIntermediateDirectories: true)
    try "time_steps,epoch,test_accuracy,run_seconds\n100,1,0.9430,38.7\n200,1,0.9510,69.9\n"
      .write(toFile: folder + "/runs/sweep-e2e/sweep.csv", atomically: true, encoding: .utf8)
    try keys(
      "cd \(folder) && clear && \(asf) --preset digits-lenet-if --T 4 --paused --out \(folder)/run; echo EXIT=$?",
      "Enter")
    try waitFor("T=4", "the first frame")
    try keys("3")
    let list = try waitFor("Experiments · ↑/↓ choose", "the Experiments list")
    XCTAssertTrue(list.contains("T=100..200, best 95.10 % at T=200"), list)
    try keys(contentsOf: Array(repeating: "Down", count: 30) + ["Enter"])
    try waitFor("sweep-e2e · test accuracy per epoch", "the sweep chart")
    try keys("Escape")
    try waitFor("Experiments · ↑/↓ choose", "the list again after Esc")
    try keys("Enter")
    try waitFor("final test accuracy (%) against T", "the sweep chart again")
    try keys("BSpace")
    try waitFor("Experiments · ↑/↓ choose", "the list again after Backspace")
    try keys("q")
    let final = try waitForExit("the program to end")
    XCTAssertTrue(final.contains("EXIT=0"), final)
  }

  func testFigureThreePresetMeasuresInTheBackgroundAndQuitStopsIt() throws {
    let asf = try startShell()
    let folder = temporaryPath("asf-fig3")
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    try keys(
      "cd \(folder) && clear && \(asf) --preset digits-lenet-if --T 4 --paused --out \(folder)/run; echo EXIT=$?",
      "Enter")
    try waitFor("T=4", "the first frame")
    try keys("3")
    try waitFor("Experiments · ↑/↓ choose", "the Experiments list")
    // Down from the top until the line under the list describes fig3-training-time (the
    // list grows with the presets, so no fixed position).
    try keys(contentsOf: Array(repeating: "Up", count: 40))
    Thread.sleep(forTimeInterval: 0.3)
    for _ in 0..<40 where !(try screen()).contains("fig3-training-time: ") {
      try keys("Down")
      Thread.sleep(forTimeInterval: 0.15)
    }
    try waitFor("fig3-training-time: ", "the cursor on fig3-training-time")
    try keys("Enter")
    let measuring = try waitFor("measuring ASF-BP against BPTT", "the measurement to start")
    XCTAssertTrue(measuring.contains("ASF-BP vs BPTT · lenet"), measuring)
    try keys("q")
    try waitForExit("the program to end")
    // The answer line is computed, so the typed command alone does not match; the pattern's
    // [t] keeps pgrep from finding the shell that typed it.
    try keys("pgrep -f 'asf-vs-bptt --ou[t] runs/bench'; echo LEFT=$?-$((6*7))zq", "Enter")
    let final = try waitFor("-42zq", "pgrep to answer")
    XCTAssertTrue(final.contains("EXIT=0"), final)
    XCTAssertTrue(
      final.contains("LEFT=1"), "the benchmark process must end with the workbench:\n\(final)")
  }
}
