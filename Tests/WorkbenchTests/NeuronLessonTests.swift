// The lesson file (issue 15, point 7) and the lab model's ghost and window mean (points 2
// and 5): the shipped lesson reads, each step sets up the neuron it names and says two or
// three sentences; an edited file is taken as written (reordered, translated); bad files
// are refused with the key, the value and what is allowed; S over windows is the mean of
// hand-worked windows.

import Foundation
import SpikingCore
import XCTest

@testable import Workbench

final class NeuronLessonTests: XCTestCase {
  var base: NeuronLabSettings { try! PresetLibrary.load("table4-scale-factor").neuronLabSettings }

  func testTheShippedLessonCoversTheIdeas() throws {
    let lesson = try NeuronLesson.load(path: nil, base: base)
    XCTAssertEqual(
      lesson.steps.map(\.title),
      [
        "Integrate", "Fire", "Reset", "Leak (IF and LIF)", "Rate coding", "FI and FO",
        "Why S stays below 1/Vth", "Hard and subtract reset", "How ASF-BP uses S",
      ])
    for step in lesson.steps {
      // Two or three sentences: full stops that end a sentence (not "Vth = 1." inside one).
      let sentences = step.text.components(separatedBy: ". ").count
      XCTAssertTrue((2...3).contains(sentences), "\(step.title): \(sentences) sentences")
      XCTAssertFalse(step.text.contains("\n"), "the folded text is one paragraph")
    }
    XCTAssertEqual(lesson.steps[0].settings.threshold, 10)
    XCTAssertEqual(lesson.steps[3].settings.leak, 0.9)
    XCTAssertEqual(lesson.steps[7].settings.reset, .subtract)
    // A step that names nothing runs the Table 4 neuron.
    XCTAssertEqual(lesson.steps[5].settings, base)
    XCTAssertEqual(lesson.steps[6].settings.lower, 0.5)
    XCTAssertEqual(lesson.steps[6].settings.synapses, base.synapses)
  }

  func testAnEditedFileIsTakenAsWritten() throws {
    let yaml = """
      title: Neurone intègre-et-tire
      steps:
        - title: Fuite
          text: Le neurone perd une part de u à chaque pas. Comparez avec la trace pâle.
          neuron: {leak: 0.95, input: [0.1, 0.4], synapses: 20, weight-total: 2, time-steps: 200}
          speed: 3
        - title: Intégrer
          text: >
            Les synapses qui tirent ajoutent leur poids.
            Le potentiel monte.
      """
    let lesson = try NeuronLesson(yaml: yaml, source: "cours.yaml", base: base)
    XCTAssertEqual(lesson.title, "Neurone intègre-et-tire")
    XCTAssertEqual(lesson.steps.map(\.title), ["Fuite", "Intégrer"])
    let s = lesson.steps[0].settings
    XCTAssertEqual([s.leak, s.lower, s.upper, s.weightTotal], [0.95, 0.1, 0.4, 2])
    XCTAssertEqual([s.synapses, s.timeSteps], [20, 200])
    XCTAssertEqual(lesson.steps[0].speed, 3)
    XCTAssertEqual(
      lesson.steps[1].text, "Les synapses qui tirent ajoutent leur poids. Le potentiel monte.")
  }

  func testBadFilesNameWhatIsWrong() {
    func error(_ yaml: String) -> String {
      do {
        _ = try NeuronLesson(yaml: yaml, source: "x.yaml", base: base)
        return "no error"
      } catch {
        return "\(error)"
      }
    }
    let step = "steps:\n  - title: A\n    text: B. C.\n"
    XCTAssertTrue(error("title: x\n").contains("steps"))
    XCTAssertTrue(error(step + "    colour: red\n").contains("colour"))
    XCTAssertTrue(error(step + "    colour: red\n").contains("neuron"), "names the allowed keys")
    XCTAssertTrue(error(step + "    neuron: {reset: soft}\n").contains("hard or subtract"))
    XCTAssertTrue(error(step + "    neuron: {input: [0.6, 0.2]}\n").contains("0 ≤ a ≤ b ≤ 1"))
    XCTAssertTrue(error(step + "    neuron: {leak: 2}\n").contains("0.5 to 1"))
    XCTAssertTrue(error(step + "    neuron: {vth: 2}\n").contains("neuron.vth"))
    XCTAssertTrue(error(step + "    speed: 0\n").contains("1 to 50"))
    XCTAssertTrue(error("steps:\n  - title: A\n").contains("text"))
    XCTAssertTrue(error("steps: [").contains("x.yaml"))
    XCTAssertThrowsError(try NeuronLesson.load(path: "/nonexistent/l.yaml", base: base)) {
      XCTAssertTrue("\($0)".contains("/nonexistent/l.yaml"), "\($0)")
    }
  }

  /// Constant input 0.4 per step, Vth 1, T = 12: u = 0.4, 0.8, 1.2 → spike; 4 spikes and
  /// FI = 4.8 per window, so S = 4/4.8 in every window.
  func testSOverWindowsIsTheMeanOfWholeWindows() {
    var settings = NeuronLabSettings()
    settings.lower = 1
    settings.upper = 1
    settings.synapses = 4
    settings.weightTotal = 0.4
    settings.timeSteps = 12
    var lab = NeuronLab(settings: settings, seed: 3)
    XCTAssertNil(lab.scaleFactor, "no input yet: S is undefined")
    XCTAssertNil(lab.meanScaleFactor)
    for _ in 0..<(12 * 3 + 1) { lab.step() }
    XCTAssertEqual(lab.meanScaleFactor?.windows, 3)
    XCTAssertEqual(lab.meanScaleFactor?.mean ?? 0, 4 / 4.8, accuracy: 1e-5)
    // A change starts the mean again and keeps the window so far as the ghost.
    let before = lab.history
    settings.threshold = 2
    lab.apply(settings)
    XCTAssertNil(lab.meanScaleFactor)
    XCTAssertEqual(lab.ghost?.steps, before)
    XCTAssertEqual(lab.ghost?.settings.threshold, 1)
    XCTAssertEqual(
      lab.settings.changes(from: lab.ghost!.settings), ["Vth 1 → 2"])
  }

  func testStepsRecordTheMembraneAfterTheReset() {
    var settings = NeuronLabSettings()
    settings.lower = 1
    settings.upper = 1
    settings.synapses = 4
    settings.weightTotal = 0.6
    settings.reset = .subtract
    var lab = NeuronLab(settings: settings, seed: 3)
    let steps = (0..<2).map { _ in lab.step() }
    // 0.6, then 1.2 > 1: spike, 1.2 − 1 = 0.2 kept.
    XCTAssertEqual(steps[0].membraneAfter, 0.6, accuracy: 1e-6)
    XCTAssertTrue(steps[1].spiked)
    XCTAssertEqual(steps[1].membraneAfter, 0.2, accuracy: 1e-6)
  }
}
