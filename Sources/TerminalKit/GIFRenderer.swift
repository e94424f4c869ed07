// Animated GIFs of frames (all of the first frame's size), through giflib: each frame drawn
// by CellRaster, its colours gathered into one palette of at most 256 (the terminal palette
// and the blends of anti-aliased glyphs; a colour past 256 takes its nearest), each frame
// shown for the same time, the animation looping. For slide tools that take no SVG.

import CGif
import Foundation

/// Writes animated GIFs of canvases.
public enum GIFRenderer {
  /// Writes `frames` to `path` as a looping GIF, each shown `secondsPerFrame` seconds; returns
  /// the image's size in pixels.
  @discardableResult
  public static func write(
    _ frames: [Canvas], to path: String, secondsPerFrame: Double,
    options: SVGRenderer.Options = SVGRenderer.Options()
  ) throws -> (width: Int, height: Int) {
    let raster = CellRaster(font: try RasterFont(), options: options)
    let images = frames.map { raster.pixels($0) }
    guard let first = images.first else {
      throw RasterError.cannotWrite(path: path, reason: "there is no frame")
    }
    var palette: [RGB] = []
    var index: [RGB: UInt8] = [:]
    func entry(_ colour: RGB) -> UInt8 {
      if let known = index[colour] { return known }
      if palette.count < 256 {
        palette.append(colour)
        index[colour] = UInt8(palette.count - 1)
        return UInt8(palette.count - 1)
      }
      let nearest =
        palette.indices.min { a, b in
          distance(palette[a], colour) < distance(palette[b], colour)
        } ?? 0
      index[colour] = UInt8(nearest)
      return UInt8(nearest)
    }
    for colour in raster.baseColours { _ = entry(colour) }
    let indexed = images.map { image in image.rgb.map(entry) }

    var error: Int32 = 0
    guard let gif = EGifOpenFileName(path, false, &error) else {
      throw RasterError.cannotWrite(path: path, reason: gifError(error))
    }
    var closed = false
    defer { if !closed { EGifCloseFile(gif, &error) } }
    func check(_ status: Int32, _ what: String) throws {
      guard status == GIF_OK else {
        throw RasterError.cannotWrite(path: path, reason: "\(what): \(gifError(gif.pointee.Error))")
      }
    }
    EGifSetGifVersion(gif, true)
    let colours = palette + [RGB](repeating: RGB(r: 0, g: 0, b: 0), count: 256 - palette.count)
    var table = colours.map { GifColorType(Red: $0.r, Green: $0.g, Blue: $0.b) }
    guard let map = GifMakeMapObject(256, &table) else {
      throw RasterError.cannotWrite(path: path, reason: "no memory for the palette")
    }
    defer { GifFreeMapObject(map) }
    try check(
      EGifPutScreenDesc(gif, Int32(first.width), Int32(first.height), 8, 0, map), "the screen")
    // Loop for ever: the NETSCAPE2.0 application extension.
    var application = Array("NETSCAPE2.0".utf8)
    var loop: [UInt8] = [1, 0, 0]
    try check(EGifPutExtensionLeader(gif, asf_gif_application_extension()), "the loop")
    try check(EGifPutExtensionBlock(gif, 11, &application), "the loop")
    try check(EGifPutExtensionBlock(gif, 3, &loop), "the loop")
    try check(EGifPutExtensionTrailer(gif), "the loop")
    let delay = max(2, Int((secondsPerFrame * 100).rounded()))
    for pixels in indexed {
      var control: [UInt8] = [0, UInt8(delay & 0xFF), UInt8(delay >> 8), 0]
      try check(EGifPutExtension(gif, asf_gif_graphics_extension(), 4, &control), "a frame")
      try check(
        EGifPutImageDesc(gif, 0, 0, Int32(first.width), Int32(first.height), false, nil),
        "a frame")
      var row = [UInt8](repeating: 0, count: first.width)
      for y in 0..<first.height {
        for x in 0..<first.width { row[x] = pixels[y * first.width + x] }
        try check(EGifPutLine(gif, &row, Int32(first.width)), "a frame's row")
      }
    }
    closed = true
    guard EGifCloseFile(gif, &error) == GIF_OK else {
      throw RasterError.cannotWrite(path: path, reason: gifError(error))
    }
    chmod(path, 0o644)  // giflib creates it readable by its owner only: a slide is shared
    return (first.width, first.height)
  }

  private static func distance(_ a: RGB, _ b: RGB) -> Int {
    let (dr, dg, db) = (Int(a.r) - Int(b.r), Int(a.g) - Int(b.g), Int(a.b) - Int(b.b))
    return dr * dr + dg * dg + db * db
  }

  private static func gifError(_ code: Int32) -> String {
    GifErrorString(code).map { String(cString: $0) } ?? "giflib error \(code)"
  }
}
