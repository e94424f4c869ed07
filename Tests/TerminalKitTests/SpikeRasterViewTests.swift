// Tests of SpikeRasterView: braille and ASCII dots, bit-array input, downsampling by OR.

import TerminalKit
import WidgetTestSupport
import XCTest

final class SpikeRasterViewTests: XCTestCase {
  /// 8 neurons × 8 steps: the diagonal, and neuron 5 firing at every step.
  private let pattern = SpikeRasterView(rows: 8, timeSteps: 8) { neuron, step in
    neuron == step || neuron == 5
  }

  func testBrailleShowsTwoStepsByFourNeuronsPerCell() {
    XCTAssertEqual(renderLines(pattern, width: 4, height: 2), ["⠑⢄", "⠒⠒⠓⢖"])
  }

  func testAsciiShowsOneSpikePerCell() {
    var raster = pattern
    raster.glyphs = .ascii
    XCTAssertEqual(
      renderLines(raster, width: 8, height: 8),
      ["*", " *", "  *", "   *", "    *", "********", "      *", "       *"])
  }

  func testDownsamplingIsAnOrOverBlocks() {
    var raster = pattern
    raster.glyphs = .ascii
    XCTAssertEqual(renderLines(raster, width: 4, height: 4), ["*", " *", "****", "   *"])
    // Braille: 8 steps on 2 dot columns (4 steps per dot), 8 neurons on 4 dot rows (2 per
    // dot): dots (0,0) (0,1) (0,2) (1,2) (1,3) = 0x01|0x02|0x04|0x20|0x80.
    raster.glyphs = .unicode
    XCTAssertEqual(renderLines(raster, width: 1, height: 1), ["⢧"])
  }

  func testBitArrayIsRowMajorOverTimeSteps() {
    // 2 neurons × 3 steps: neuron 0 fires at step 2, neuron 1 at step 0.
    let raster = SpikeRasterView(
      rows: 2, timeSteps: 3, bits: [0, 0, 1, 1, 0, 0], glyphs: .ascii)
    XCTAssertEqual(renderLines(raster, width: 5, height: 3), ["  *", "*", ""])
  }

  func testStyleIsAppliedToTheDots() {
    let raster = SpikeRasterView(
      rows: 1, timeSteps: 1, bits: [1], style: Style(foreground: .green), glyphs: .ascii)
    XCTAssertEqual(
      renderCanvas(raster, width: 1, height: 1)[x: 0, y: 0],
      Cell("*", style: Style(foreground: .green)))
  }
}
