// The Figure 3 and Figure 4 charts in tiny, empty and off-canvas rectangles: no crash,
// nothing drawn outside.

import TerminalKit
import WidgetTestSupport
import Workbench
import WorkbenchUI
import XCTest

final class ChartEdgeCaseTests: XCTestCase {
  func testChartsInTinyAndOffCanvasRects() {
    let widgets = GlyphSet.allCases.flatMap { glyphs -> [any Widget] in
      [
        SweepChart(
          runs: [SweepRun(timeSteps: 100, folder: "T100", testAccuracy: [0.5, 0.9], seconds: 1)],
          title: "sweep", glyphs: glyphs),
        SweepChart(runs: [], title: "", glyphs: glyphs),
        SpeedChart(
          comparison: SpeedComparison(
            architecture: "lenet", batchSize: 64,
            rows: [.init(timeSteps: 100, asfSecondsPerBatch: 0.4, bpttSecondsPerBatch: 1.2)]),
          glyphs: glyphs),
        SpeedChart(
          comparison: SpeedComparison(architecture: "", batchSize: 0, rows: []), glyphs: glyphs),
      ]
    }
    XCTAssertEqual(edgeCaseViolations(of: widgets), [])
  }
}
