// The lab's time-axis widgets: StepAxis puts step t in the same column at any dot density;
// StepTraceView rises and drops in a step's column and draws the ghost and the threshold;
// StepRasterView spaces its trains to fill the height; BigDigits draws figures from its
// font; an animated SVG has one timed group per frame.

import XCTest

@testable import TerminalKit

final class StepViewsTests: XCTestCase {
  func testStepAxisColumnsAgreeForAnyDotDensity() {
    for (steps, width) in [(100, 64), (50, 113), (41, 41), (7, 200)] {
      let axis = StepAxis(timeSteps: steps, width: width)
      for t in 0..<steps {
        XCTAssertEqual(axis.column(t), t * width / steps)
        XCTAssertEqual(axis.dot(t, dotsAcross: 2) / 2, axis.column(t), "T=\(steps), t=\(t)")
        XCTAssertLessThan(axis.column(t), width)
      }
    }
  }

  func testTheTraceDropsInTheSpikingStepsColumn() {
    // Steps 0…3: 0.4, 0.8, 1.2 (spike → 0), 0.4; T = 4 over 8 cells: step t at column 2t.
    let steps: [StepTraceView.Step] = [
      .init(before: 0.4, after: 0.4, spiked: false), .init(before: 0.8, after: 0.8, spiked: false),
      .init(before: 1.2, after: 0, spiked: true), .init(before: 0.4, after: 0.4, spiked: false),
    ]
    let view = StepTraceView(
      steps: steps, timeSteps: 4, range: 0...1.2, threshold: 1, thick: true)
    var canvas = Canvas(width: 8, height: 7)
    view.render(in: canvas.bounds, on: &canvas)
    // Column 4 (step 2) is inked from the top (1.2) to the bottom (0).
    for row in 0..<7 { XCTAssertEqual(canvas[x: 4, y: row].character, "█", "row \(row)") }
    // The threshold's row (1.0 of 1.2: row 1) is a solid line where the trace is not.
    XCTAssertEqual(view.row(of: 1, height: 7), 1)
    XCTAssertEqual(canvas[x: 7, y: 1].character, "━")
    // Nothing right of the last step's column (6) but the threshold line.
    for row in 0..<7 where row != 1 { XCTAssertEqual(canvas[x: 7, y: row].character, " ") }
  }

  func testTheGhostIsDrawnInItsOwnStyle() {
    let ghost = [StepTraceView.Step(before: 1, after: 1, spiked: false)]
    let faint = Style(dim: true)
    let view = StepTraceView(
      steps: [], timeSteps: 4, range: 0...1, threshold: nil, ghost: ghost, ghostTimeSteps: 1,
      ghostStyle: faint)
    var canvas = Canvas(width: 6, height: 3)
    view.render(in: canvas.bounds, on: &canvas)
    let inked = (0..<6).flatMap { x in (0..<3).map { (x, $0) } }.filter {
      canvas[x: $0.0, y: $0.1].character != " "
    }
    XCTAssertFalse(inked.isEmpty)
    XCTAssertTrue(inked.allSatisfy { canvas[x: $0.0, y: $0.1].style == faint })
  }

  func testTheRasterSpacesItsTrainsToFillTheHeight() {
    let raster = StepRasterView(rows: 10, timeSteps: 5) { row, step in step == row % 5 }
    XCTAssertEqual(raster.layout(height: 10).shown, 10)
    XCTAssertEqual(raster.layout(height: 10).spacing, 4, "40 dot rows for 10 trains")
    XCTAssertEqual(raster.layout(height: 2).shown, 8, "8 dot rows: 8 trains, one dot apart")
    let thick = StepRasterView(rows: 3, timeSteps: 5, thick: true) { _, step in step == 1 }
    var canvas = Canvas(width: 10, height: 3)
    thick.render(in: canvas.bounds, on: &canvas)
    for row in 0..<3 { XCTAssertEqual(canvas[x: 2, y: row].character, "█") }
    XCTAssertEqual(canvas[x: 0, y: 0].character, " ")
  }

  func testBigDigitsFollowTheFont() {
    var canvas = Canvas(width: 7, height: 3)
    BigDigits.draw("10", x: 0, y: 0, style: .plain, glyphs: .unicode, on: &canvas)
    XCTAssertEqual(BigDigits.width(of: "10"), 7)
    XCTAssertEqual(canvas.lines(), ["▄█  █▀█", " █  █ █", "▀▀▀ ▀▀▀"])
  }

  func testAnAnimationHasATimedGroupPerFrame() {
    var frames: [Canvas] = []
    for i in 0..<3 {
      var canvas = Canvas(width: 4, height: 1)
      canvas.put("f\(i)", x: 0, y: 0)
      frames.append(canvas)
    }
    let svg = SVGRenderer.renderAnimation(frames, title: "lab", secondsPerFrame: 0.5)
    // Hidden but the last: a viewer that plays no SMIL shows a whole frame, not nothing.
    XCTAssertEqual(svg.components(separatedBy: "<g visibility=\"hidden\">").count - 1, 2)
    let visible = svg.components(separatedBy: "<g visibility=\"visible\">")
    XCTAssertEqual(visible.count - 1, 1)
    XCTAssertTrue(visible[1].contains(">f2</text>"), "the visible group is the last frame")
    XCTAssertTrue(svg.contains("keyTimes=\"0;0.33;0.67\""), svg)
    XCTAssertTrue(svg.contains("dur=\"1.5s\" repeatCount=\"indefinite\""))
    XCTAssertTrue(svg.contains(">f2</text>"))
    XCTAssertTrue(svg.hasSuffix("</svg>\n"))
  }
}
