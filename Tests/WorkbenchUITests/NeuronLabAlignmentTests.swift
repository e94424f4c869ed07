// The neuron lab on one time axis (issue 15, point 1): at 80×24, 120×40 and 250×70 the column
// of each ▲ equals the column of the matching output mark and of the trace's drop, the trace
// and the input raster end in the current step's column, no mark stands where no spike was,
// and the raster uses the height it has.

import TerminalKit
import XCTest

@testable import SpikingCore
@testable import Workbench
@testable import WorkbenchUI

final class NeuronLabAlignmentTests: XCTestCase {
  /// The free neuron (a spike every few steps), `steps` steps into its window.
  static func lab(steps: Int) -> AppState {
    var state = AppState()
    state.showNeuronLab(.table4())
    _ = state.lab?.perform(.labSwitchNeuron)
    for _ in 0..<steps { _ = state.lab?.perform(.labStep) }
    return state
  }

  struct Geometry {
    let plot: Rect
    let marks: Int
    let output: Int
    let raster: Rect
  }

  /// Where the lab's parts are in a `width` × `height` frame.
  static func geometry(_ state: AppState, width: Int, height: Int) throws -> Geometry {
    let controller = try XCTUnwrap(state.lab)
    let screen = NeuronLabScreen(
      controller: controller, theme: Theme(glyphs: .unicode, color: false))
    let layout = screen.layout(in: Rect(x: 0, y: 1, width: width, height: height - 3))
    func inner(_ r: Rect) -> Rect {
      Rect(x: r.x + 1, y: r.y + 1, width: r.width - 2, height: r.height - 2)
    }
    let membrane = NeuronLabScreen.membraneRows(inner(layout.membrane))
    let raster = NeuronLabScreen.rasterRows(inner(layout.raster))
    return Geometry(
      plot: NeuronLabScreen.plot(membrane.plot), marks: membrane.marks.y, output: raster.output.y,
      raster: NeuronLabScreen.plot(raster.input))
  }

  func testSpikesMarksAndDropsShareAColumn() throws {
    for (width, height) in [(80, 24), (120, 40), (250, 70)] {
      let state = Self.lab(steps: 41)
      let lab = try XCTUnwrap(state.lab?.lab)
      let spikes = lab.history.indices.filter { lab.history[$0].spiked }
      XCTAssertGreaterThan(spikes.count, 3, "the free neuron spikes every few steps")
      let canvas = WorkbenchScreens.render(
        snapshot: SessionSnapshot(presetName: "p"), state: state, width: width, height: height,
        color: false)
      let g = try Self.geometry(state, width: width, height: height)
      let axis = StepAxis(timeSteps: lab.settings.timeSteps, width: g.plot.width)
      let size = "\(width)×\(height)"
      let expected = Set(spikes.map { g.plot.x + axis.column($0) })
      let marks = Set(
        (g.plot.x..<g.plot.maxX).filter { canvas[x: $0, y: g.marks].character == "▲" })
      let outputs = Set(
        (g.plot.x..<g.plot.maxX).filter { canvas[x: $0, y: g.output].character == "┃" })
      XCTAssertEqual(marks, expected, "▲ in the spiking steps' columns, \(size)")
      XCTAssertEqual(outputs, expected, "output marks under the ▲, \(size)")
      // The trace drops in each such column: from at least Vth's row down to 0's row.
      let trace = StepTraceView(
        steps: [], timeSteps: lab.settings.timeSteps,
        range:
          0...NeuronLabScreen(
            controller: state.lab!, theme: Theme(glyphs: .unicode, color: false)
          ).top, threshold: nil)
      let vthRow = g.plot.y + trace.row(of: Double(lab.settings.threshold), height: g.plot.height)
      let zeroRow = g.plot.y + trace.row(of: 0, height: g.plot.height)
      for column in expected {
        for row in vthRow...zeroRow {
          XCTAssertNotEqual(
            canvas[x: column, y: row].character, " ",
            "the drop at column \(column), row \(row), \(size)")
        }
      }
      // Trace and raster end in the column of the last step.
      let last = g.plot.x + axis.column(lab.history.count - 1)
      func lastColumn(_ rows: Range<Int>) -> Int? {
        (g.plot.x..<g.plot.maxX).last { x in
          rows.contains { y in
            let c = canvas[x: x, y: y].character
            return c != " " && c != "─"
          }
        }
      }
      XCTAssertEqual(lastColumn(g.plot.y..<g.plot.maxY), last, "the trace ends at step 41, \(size)")
      XCTAssertEqual(lastColumn(g.raster.y..<g.raster.maxY), last, "so does the raster, \(size)")
    }
  }

  func testTheRasterUsesItsHeight() throws {
    let state = Self.lab(steps: 50)
    let canvas = WorkbenchScreens.render(
      snapshot: SessionSnapshot(presetName: "p"), state: state, width: 250, height: 70,
      color: false)
    let g = try Self.geometry(state, width: 250, height: 70)
    let used = (g.raster.y..<g.raster.maxY).filter { y in
      (g.raster.x..<g.raster.maxX).contains { canvas[x: $0, y: y].character != " " }
    }
    XCTAssertGreaterThanOrEqual(
      Double(used.count), 0.75 * Double(g.raster.height),
      "\(used.count) of \(g.raster.height) rows")
    let text = TextRenderer.render(canvas)
    XCTAssertTrue(text.contains("Input: 40 of 40 synapses · output"), text)
  }
}
