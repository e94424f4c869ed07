// Frames of cells as pixels, for slide tools that take no SVG: each cell is a box of the
// font's advance × line height; text comes from a monospace TrueType font through FreeType,
// while braille, box-drawing lines and block elements are drawn from their definitions so
// that they fill their cells exactly and join their neighbours. Colours are the SVG
// renderer's palette; dim text is blended halfway to the background.

import CFreeType
import Foundation

/// The errors of rasterising frames.
public enum RasterError: Error, CustomStringConvertible, Equatable {
  case noFont(tried: [String])
  case unreadableFont(path: String, code: Int32)
  case cannotWrite(path: String, reason: String)

  public var description: String {
    switch self {
    case .noFont(let tried):
      "No monospace font to draw the frames with (tried \(tried.joined(separator: ", "))): install fonts-dejavu-core, or set ASF_FONT to a .ttf file."
    case .unreadableFont(let path, let code):
      "FreeType cannot read the font \(path) (error \(code)): set ASF_FONT to a TrueType file."
    case .cannotWrite(let path, let reason):
      "Cannot write \(path): \(reason)."
    }
  }
}

/// An RGB colour.
public struct RGB: Hashable, Sendable {
  public var r: UInt8
  public var g: UInt8
  public var b: UInt8

  /// From "#rrggbb" (black when malformed).
  init(hex: String) {
    let digits = UInt32(hex.dropFirst(), radix: 16) ?? 0
    (r, g, b) = (UInt8(digits >> 16 & 0xFF), UInt8(digits >> 8 & 0xFF), UInt8(digits & 0xFF))
  }

  init(r: UInt8, g: UInt8, b: UInt8) {
    (self.r, self.g, self.b) = (r, g, b)
  }

  /// `self` over `background` with coverage `alpha` (0…255).
  func over(_ background: RGB, alpha: Int) -> RGB {
    func mix(_ f: UInt8, _ b: UInt8) -> UInt8 {
      UInt8((Int(f) * alpha + Int(b) * (255 - alpha)) / 255)
    }
    return RGB(r: mix(r, background.r), g: mix(g, background.g), b: mix(b, background.b))
  }
}

/// A monospace font at one pixel size, its glyphs rasterised once each.
final class RasterFont {
  let cellWidth: Int
  let cellHeight: Int
  private let ascent: Int
  private var library: FT_Library?
  private var faces: [FT_Face?] = []
  /// Per (character, bold): the coverage bitmap of a cell, row-major, 0…255.
  private var cache: [String: [UInt8]] = [:]

  /// The font files tried, in order: $ASF_FONT, then DejaVu Sans Mono where Debian puts it.
  static var candidates: [String] {
    [ProcessInfo.processInfo.environment["ASF_FONT"]].compactMap { $0 } + [
      "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf",
      "/usr/share/fonts/TTF/DejaVuSansMono.ttf",
      "/usr/share/fonts/dejavu/DejaVuSansMono.ttf",
    ]
  }

  init(pixelHeight: Int = 16) throws {
    let candidates = Self.candidates
    guard let path = candidates.first(where: { FileManager.default.fileExists(atPath: $0) })
    else { throw RasterError.noFont(tried: candidates) }
    var library: FT_Library?
    guard FT_Init_FreeType(&library) == 0, let library else {
      throw RasterError.unreadableFont(path: path, code: -1)
    }
    self.library = library
    let boldPath = path.replacingOccurrences(of: "Mono.ttf", with: "Mono-Bold.ttf")
    for file in [path, FileManager.default.fileExists(atPath: boldPath) ? boldPath : path] {
      var face: FT_Face?
      let code = FT_New_Face(library, file, 0, &face)
      guard code == 0, let face else { throw RasterError.unreadableFont(path: file, code: code) }
      FT_Set_Pixel_Sizes(face, 0, FT_UInt(pixelHeight))
      faces.append(face)
    }
    guard let face = faces[0] else { throw RasterError.unreadableFont(path: path, code: -2) }
    // The cell: the advance of "M" across, the line's ascent and descent down.
    FT_Load_Char(face, FT_ULong(UInt8(ascii: "M")), asf_ft_load_render())
    cellWidth = max(1, Int(face.pointee.glyph.pointee.advance.x >> 6))
    let metrics = face.pointee.size.pointee.metrics
    ascent = Int(metrics.ascender >> 6)
    cellHeight = max(1, ascent - Int(metrics.descender >> 6))
  }

  deinit {
    for face in faces { if let face { FT_Done_Face(face) } }
    if let library { FT_Done_FreeType(library) }
  }

  /// The coverage of `character` in a cell (cellWidth × cellHeight, 0…255).
  func coverage(_ character: Character, bold: Bool) -> [UInt8] {
    let key = "\(character)\(bold ? "b" : "")"
    if let known = cache[key] { return known }
    let drawn =
      CellGlyphs.draw(character, width: cellWidth, height: cellHeight)
      ?? rasterise(character, bold: bold)
    cache[key] = drawn
    return drawn
  }

  private func rasterise(_ character: Character, bold: Bool) -> [UInt8] {
    var cell = [UInt8](repeating: 0, count: cellWidth * cellHeight)
    guard let scalar = character.unicodeScalars.first, scalar != " ",
      let face = faces[bold ? 1 : 0],
      FT_Load_Char(face, FT_ULong(scalar.value), asf_ft_load_render()) == 0
    else { return cell }
    let glyph = face.pointee.glyph.pointee
    let bitmap = glyph.bitmap
    let left = Int(glyph.bitmap_left)
    let top = ascent - Int(glyph.bitmap_top)
    guard let buffer = bitmap.buffer else { return cell }
    for row in 0..<Int(bitmap.rows) {
      for column in 0..<Int(bitmap.width) {
        let (x, y) = (left + column, top + row)
        guard x >= 0, x < cellWidth, y >= 0, y < cellHeight else { continue }  // in its cell
        cell[y * cellWidth + x] = buffer[row * Int(bitmap.pitch) + column]
      }
    }
    return cell
  }
}

/// Frames of cells as RGB pixels.
struct CellRaster {
  let font: RasterFont
  let options: SVGRenderer.Options

  /// The colours cells use at full coverage: the background, the default foreground and
  /// the 16 terminal colours (a palette starts with them, so that none is approximated).
  var baseColours: [RGB] {
    [RGB(hex: options.background), RGB(hex: options.foreground)]
      + options.palette.map(RGB.init(hex:))
  }

  /// `canvas` as rows of RGB pixels, (width · cellWidth) × (height · cellHeight).
  func pixels(_ canvas: Canvas) -> (width: Int, height: Int, rgb: [RGB]) {
    let (cw, ch) = (font.cellWidth, font.cellHeight)
    let width = canvas.width * cw
    let height = canvas.height * ch
    let background = RGB(hex: options.background)
    var rgb = [RGB](repeating: background, count: width * height)
    for row in 0..<canvas.height {
      for column in 0..<canvas.width {
        let cell = canvas[x: column, y: row]
        let style = cell.style
        var fore =
          style.foreground.flatMap { options.colour($0) }.map(RGB.init(hex:))
          ?? RGB(hex: options.foreground)
        var back =
          style.background.flatMap { options.colour($0) }.map(RGB.init(hex:))
          ?? background
        if style.reverse { (fore, back) = (back, fore) }
        if style.dim { fore = fore.over(back, alpha: 128) }
        let coverage = font.coverage(cell.character, bold: style.bold)
        for y in 0..<ch {
          for x in 0..<cw {
            // Eight levels of coverage: the blends of a frame stay within a GIF's palette.
            let alpha = (Int(coverage[y * cw + x]) * 7 + 127) / 255 * 255 / 7
            rgb[(row * ch + y) * width + column * cw + x] =
              alpha == 0 ? back : fore.over(back, alpha: alpha)
          }
        }
      }
    }
    return (width, height, rgb)
  }
}
