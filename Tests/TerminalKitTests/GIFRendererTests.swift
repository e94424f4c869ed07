// Frames as an animated GIF (issue 25): read back with giflib, the GIF has every frame at the
// size of its cells, loops, and its pixels are the cells' colours where their glyphs ink;
// the glyphs drawn by definition fill their cells as they should.

import CGif
import Foundation
import XCTest

@testable import TerminalKit

final class GIFRendererTests: XCTestCase {
  func testFramesReadBackWithTheirCellsColours() throws {
    guard let font = try? RasterFont() else {
      throw XCTSkip("no monospace font here (fonts-dejavu-core); the GIF needs one")
    }
    var frames: [Canvas] = []
    for n in 0..<3 {
      var canvas = Canvas(width: 6, height: 2)
      canvas.put(String(repeating: "█", count: n + 1), x: 0, y: 0, style: Style(foreground: .red))
      canvas.put("A", x: 5, y: 1, style: .plain)
      frames.append(canvas)
    }
    let path = NSTemporaryDirectory() + "frames-\(UUID()).gif"
    defer { try? FileManager.default.removeItem(atPath: path) }
    let size = try GIFRenderer.write(frames, to: path, secondsPerFrame: 0.2)
    XCTAssertEqual(size.width, 6 * font.cellWidth)
    XCTAssertEqual(size.height, 2 * font.cellHeight)
    var error: Int32 = 0
    let gif = try XCTUnwrap(DGifOpenFileName(path, &error))
    defer { DGifCloseFile(gif, &error) }
    XCTAssertEqual(DGifSlurp(gif), GIF_OK)
    XCTAssertEqual(Int(gif.pointee.SWidth), size.width)
    XCTAssertEqual(Int(gif.pointee.ImageCount), 3)
    let map = try XCTUnwrap(gif.pointee.SColorMap)
    func colour(frame: Int, x: Int, y: Int) -> (UInt8, UInt8, UInt8) {
      let image = gif.pointee.SavedImages[frame]
      let index = Int(image.RasterBits[y * size.width + x])
      let c = map.pointee.Colors[index]
      return (c.Red, c.Green, c.Blue)
    }
    let red = RGB(hex: SVGRenderer.Options().palette[1])
    let background = RGB(hex: SVGRenderer.Options().background)
    // Frame n has n + 1 red blocks: the middle of cell (n, 0) is red, of cell (n + 1, 0) not.
    for n in 0..<3 {
      let middle = (font.cellWidth / 2, font.cellHeight / 2)
      XCTAssertTrue(
        colour(frame: n, x: n * font.cellWidth + middle.0, y: middle.1) == (red.r, red.g, red.b))
      XCTAssertTrue(
        colour(frame: n, x: (n + 1) * font.cellWidth + middle.0, y: middle.1)
          == (background.r, background.g, background.b))
    }
    // The "A" inks some pixels of its cell in the default foreground.
    var inked = 0
    for y in font.cellHeight..<(2 * font.cellHeight) {
      for x in (5 * font.cellWidth)..<(6 * font.cellWidth)
      where colour(frame: 0, x: x, y: y) != (background.r, background.g, background.b) {
        inked += 1
      }
    }
    XCTAssertGreaterThan(inked, 10)
    // Each frame shows 0.2 s (20 hundredths) in its graphics control block.
    let first = gif.pointee.SavedImages[0]
    let control = (0..<Int(first.ExtensionBlockCount)).map { first.ExtensionBlocks[$0] }.first {
      $0.Function == asf_gif_graphics_extension()
    }
    let bytes = try XCTUnwrap(control).Bytes!
    XCTAssertEqual(Int(bytes[1]) | Int(bytes[2]) << 8, 20)
  }

  func testGlyphsDrawnByDefinitionFillTheirCells() throws {
    let (w, h) = (8, 16)
    func covered(_ c: Character) -> [[Bool]] {
      let cell = CellGlyphs.draw(c, width: w, height: h) ?? []
      return (0..<h).map { y in (0..<w).map { x in cell[y * w + x] > 0 } }
    }
    XCTAssertTrue(covered("█").allSatisfy { $0.allSatisfy { $0 } })
    let lower = covered("▄")
    XCTAssertFalse(lower[0].contains(true))
    XCTAssertTrue(lower[h - 1].allSatisfy { $0 })
    // A horizontal line touches both side edges; a corner ┌ the right and bottom edges only.
    let line = covered("─")
    XCTAssertTrue(line.contains { $0.first == true && $0.last == true })
    let corner = covered("┌")
    XCTAssertFalse(corner.contains { $0.first == true })
    XCTAssertTrue(corner.contains { $0.last == true })
    XCTAssertTrue(corner[h - 1].contains(true))
    XCTAssertFalse(corner[0].contains(true))
    // Braille dot 1 (U+2801) is in the top-left quarter only; dot 8 (U+2880) bottom-right.
    let one = covered("\u{2801}")
    XCTAssertTrue(one[2].prefix(w / 2).contains(true))
    XCTAssertFalse(one.suffix(h / 2).contains { $0.contains(true) })
    XCTAssertFalse(one.contains { $0.suffix(w / 2).contains(true) })
    let eight = covered("\u{2880}")
    XCTAssertTrue(eight[h - 3].suffix(w / 2).contains(true))
    XCTAssertNil(CellGlyphs.draw("A", width: w, height: h), "a font draws letters")
  }
}
