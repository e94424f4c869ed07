// A picture as an outside renderer draws it: an SVG handed to librsvg's rsvg-convert (what
// image viewers, slide tools and documentation sites that are not browsers use), the PNG
// it writes read back into pixels. Used by tests only.

import CZlib
import Foundation
import TerminalKit

/// The pixels of a PNG, 8-bit RGB or RGBA, not interlaced.
public struct RenderedPicture {
  public let width: Int
  public let height: Int
  /// Red, green, blue of each pixel, row-major (alpha, when there is one, dropped after
  /// compositing on black).
  public let rgb: [UInt8]

  public enum Failure: Error, CustomStringConvertible {
    case noRenderer
    case renderer(String)
    case png(String)

    public var description: String {
      switch self {
      case .noRenderer: "rsvg-convert is not here (apt librsvg2-bin)"
      case .renderer(let output): "rsvg-convert failed: \(output)"
      case .png(let why): "not a PNG this reader takes: \(why)"
      }
    }
  }

  /// The pixel at (x, y).
  public func pixel(_ x: Int, _ y: Int) -> (r: Int, g: Int, b: Int) {
    let i = (y * width + x) * 3
    return (Int(rgb[i]), Int(rgb[i + 1]), Int(rgb[i + 2]))
  }

  /// rsvg-convert's path on this machine, or nil.
  public static var renderer: String? {
    ["/usr/bin/rsvg-convert", "/usr/local/bin/rsvg-convert"].first {
      FileManager.default.isExecutableFile(atPath: $0)
    }
  }

  /// `svg` drawn by rsvg-convert at its own size.
  public static func rendering(svg: String) throws -> RenderedPicture {
    guard let renderer else { throw Failure.noRenderer }
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "asf-rsvg-\(UUID())")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let input = folder.appendingPathComponent("picture.svg")
    let output = folder.appendingPathComponent("picture.png")
    try svg.write(to: input, atomically: true, encoding: .utf8)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: renderer)
    process.arguments = [input.path, "-o", output.path]
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let said = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
      throw Failure.renderer(String(decoding: said, as: UTF8.self))
    }
    return try RenderedPicture(png: Data(contentsOf: output))
  }

  /// Reads a PNG: its IHDR and IDAT chunks, inflated with zlib and unfiltered.
  public init(png data: Data) throws {
    let bytes = [UInt8](data)
    guard bytes.count > 33, bytes[0..<8].elementsEqual([137, 80, 78, 71, 13, 10, 26, 10]) else {
      throw Failure.png("no signature")
    }
    func word(_ at: Int) -> Int {
      bytes[at..<at + 4].reduce(0) { $0 << 8 | Int($1) }
    }
    var width = 0
    var height = 0
    var channels = 0
    var compressed: [UInt8] = []
    var at = 8
    while at + 8 <= bytes.count {
      let length = word(at)
      let kind = String(decoding: bytes[at + 4..<at + 8], as: UTF8.self)
      guard at + 12 + length <= bytes.count else { throw Failure.png("a cut chunk") }
      let body = bytes[at + 8..<at + 8 + length]
      if kind == "IHDR" {
        width = word(at + 8)
        height = word(at + 12)
        let (depth, colour, interlace) = (
          body[body.startIndex + 8], body[body.startIndex + 9], body[body.startIndex + 12]
        )
        guard depth == 8, colour == 2 || colour == 6, interlace == 0 else {
          throw Failure.png("depth \(depth), colour type \(colour), interlace \(interlace)")
        }
        channels = colour == 6 ? 4 : 3
      } else if kind == "IDAT" {
        compressed += body
      }
      at += 12 + length
    }
    guard width > 0, height > 0, channels > 0 else { throw Failure.png("no IHDR") }
    let stride = width * channels
    var raw = [UInt8](repeating: 0, count: height * (stride + 1))
    var size = uLongf(raw.count)
    let status = raw.withUnsafeMutableBufferPointer { out in
      compressed.withUnsafeBufferPointer { input in
        uncompress(out.baseAddress, &size, input.baseAddress, uLong(input.count))
      }
    }
    guard status == Z_OK, Int(size) == raw.count else { throw Failure.png("zlib \(status)") }
    var previous = [UInt8](repeating: 0, count: stride)
    var rgb = [UInt8](repeating: 0, count: width * height * 3)
    for y in 0..<height {
      let filter = raw[y * (stride + 1)]
      var line = Array(raw[(y * (stride + 1) + 1)..<((y + 1) * (stride + 1))])
      for x in 0..<stride {
        let a = x >= channels ? Int(line[x - channels]) : 0
        let b = Int(previous[x])
        let c = x >= channels ? Int(previous[x - channels]) : 0
        let predicted: Int
        switch filter {
        case 0: predicted = 0
        case 1: predicted = a
        case 2: predicted = b
        case 3: predicted = (a + b) / 2
        case 4:
          let p = a + b - c
          let (pa, pb, pc) = (abs(p - a), abs(p - b), abs(p - c))
          predicted = pa <= pb && pa <= pc ? a : pb <= pc ? b : c
        default: throw Failure.png("filter \(filter)")
        }
        line[x] = UInt8(truncatingIfNeeded: Int(line[x]) + predicted)
      }
      for x in 0..<width {
        let alpha = channels == 4 ? Int(line[x * 4 + 3]) : 255
        for k in 0..<3 {
          rgb[(y * width + x) * 3 + k] = UInt8(Int(line[x * channels + k]) * alpha / 255)
        }
      }
      previous = line
    }
    self.width = width
    self.height = height
    self.rgb = rgb
  }
}

extension RenderedPicture {
  /// A sentence for every panel-border cell of `canvas` (│ ┃ ─ ━ on the default background)
  /// that has ink off its line in this picture of it drawn by ``SVGRenderer`` with `options`:
  /// a glyph or a run of text drawn past its own cells. A margin of `margin` pixels inside
  /// each cell's edges is not looked at (anti-aliasing of a neighbour that fills its cell).
  public func inkOffBorders(
    of canvas: Canvas, options: SVGRenderer.Options = SVGRenderer.Options(), margin: Double = 1
  ) -> [String] {
    let background = (r: 0x1e, g: 0x1e, b: 0x1e)
    let gridTop = 24 + options.padding
    // The line's half-thickness and the anti-aliased pixels beside it.
    let band = max(1, options.cellWidth / 8) / 2 * 1.25 + 1.2
    var problems: [String] = []
    for row in 0..<canvas.height {
      for column in 0..<canvas.width {
        let cell = canvas[x: column, y: row]
        let vertical = "│┃".contains(cell.character)
        guard vertical || "─━".contains(cell.character), cell.style.background == nil,
          !cell.style.reverse
        else { continue }
        let left = options.padding + Double(column) * options.cellWidth
        let top = gridTop + Double(row) * options.cellHeight
        let (cx, cy) = (left + options.cellWidth / 2, top + options.cellHeight / 2)
        var inked = 0
        for y in Int(
          (top + margin).rounded(.up))..<Int((top + options.cellHeight - margin).rounded(.down))
        {
          for x in Int(
            (left + margin).rounded(.up))..<Int((left + options.cellWidth - margin).rounded(.down))
          {
            let (px, py) = (Double(x) + 0.5, Double(y) + 0.5)
            if vertical ? abs(px - cx) <= band : abs(py - cy) <= band { continue }
            guard x < width, y < height else { continue }
            let p = pixel(x, y)
            if max(abs(p.r - background.r), abs(p.g - background.g), abs(p.b - background.b)) > 48 {
              inked += 1
            }
          }
        }
        if inked > 0 {
          problems.append(
            "'\(cell.character)' at column \(column), row \(row): \(inked) pixels of ink off its line"
          )
        }
      }
    }
    return problems
  }
}
