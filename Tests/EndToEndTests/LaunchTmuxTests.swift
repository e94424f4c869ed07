// End to end, in tmux like a person: the first launch's welcome and the end of a run's
// suggestion; a checkpoint opened paused, measured with A as eval measures it.

import Foundation
import XCTest

final class LaunchTmuxTests: TmuxTestCase {
  /// Issue 26, point 7: the first launch welcomes (once) and points to the neuron lab's
  /// lesson; the end of a run says what to do next.
  func testTheFirstLaunchWelcomesAndTheEndSuggests() throws {
    let asf = try startShell()
    let state = temporaryPath("asf-welcome")
    let run = state + "/run"
    let launch =
      "ASF_TUI_WELCOME=1 XDG_STATE_HOME=\(state) \(asf) --T 4 --batch-size 16 --epochs 1 "
      + "--train-limit 64 --test-limit 32 --out \(run); echo EXIT=$?"
    try keys(launch, "Enter")
    let welcome = try waitFor("Welcome to asf-tui", "the welcome")
    XCTAssertTrue(welcome.contains("the neuron lab's lesson"), welcome)
    try keys("2")
    try waitFor("Membrane potential", "the neuron lab, opened by the key that closed the welcome")
    try keys("1")
    try waitFor("finished · next: 3 the paper's runs · 2 then g the neuron lesson", "what next")
    try keys("q")
    try waitFor("EXIT=0", "the workbench to end")
    try keys("clear", "Enter")
    try keys(launch.replacingOccurrences(of: "/run;", with: "/run2;"), "Enter")
    try waitFor(" finished ", seconds: 60, "the second run")
    XCTAssertFalse(try screen().contains("Welcome to asf-tui"), "the welcome shows once")
    try keys("q")
    try waitFor("EXIT=0", "the workbench to end")
  }

  /// Issue 26, point 10: a checkpoint opens paused with its network's spikes on the next
  /// batch; A measures the test accuracy at the values in force, the same figure as
  /// `asf-tui eval` gives for the checkpoint on the same test samples.
  func testACheckpointOpensPausedAndAMeasuresWhatEvalMeasures() throws {
    let asf = try startShell()
    let folder = temporaryPath("asf-open")
    try keys(
      "clear; \(asf) train --preset digits-lenet-if --T 8 --batch-size 16 --epochs 1 "
        + "--train-limit 320 --test-limit 48 --plain --out \(folder)/run > /dev/null 2>&1; "
        + "\(asf) eval --checkpoint \(folder)/run/checkpoint.asfck --test-limit 48 "
        + "> \(folder)/eval.txt 2>&1; echo TRAINED=$?", "Enter")
    try waitFor("TRAINED=0", seconds: 120, "the trained run and its evaluation")
    let eval = try String(contentsOfFile: folder + "/eval.txt", encoding: .utf8)
    let figure = try XCTUnwrap(
      eval.range(of: #"\d+\.\d\d %"#, options: .regularExpression).map { String(eval[$0]) },
      eval)
    try keys(
      "clear; \(asf) open --checkpoint \(folder)/run/checkpoint.asfck --test-limit 48 "
        + "--out \(folder)/look; echo EXIT=$?", "Enter")
    let opened = try waitFor("sample 1/16 · label ", "the checkpoint's spikes, paused")
    // The run this checkpoint ends has no epoch left: it stands finished, nothing trains.
    XCTAssertTrue(opened.contains(" finished "), "not training:\n\(opened)")
    try keys("A")
    let measured = try waitFor("test accuracy ", seconds: 60, "the measured accuracy")
    XCTAssertTrue(
      measured.contains("test accuracy \(figure) on the first 48 of 48 test samples at T=8"),
      "eval says \(figure):\n\(measured)")
    try keys("q")
    try waitFor("EXIT=0", "the workbench to end")
  }
}
