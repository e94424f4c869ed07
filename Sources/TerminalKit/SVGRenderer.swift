// The SVG backend: a canvas as a standalone picture of a dark terminal window, for
// screenshots in docs and reports. No fonts are embedded; braille needs a font that has it.

import Foundation

/// Turns a canvas into a standalone SVG document.
///
/// The picture is a dark window with a title bar; each cell is `cellWidth` × `cellHeight`
/// pixels. In every run of same-style cells in a row, plain (ASCII) text becomes `<text>`
/// from its first cell, braille, box-drawing and block glyphs become paths inside their
/// cells, and any other character is centred on its own cell; a run with a background colour
/// gets one `<rect>` behind it. So a renderer that ignores `textLength` and sets text in the
/// font's own advance (librsvg) draws nothing past the cells it belongs to.
/// Colours come from a fixed 16-colour palette; bold is `font-weight="bold"`, dim is
/// `opacity="0.6"`, reverse swaps foreground and background (defaults included).
public enum SVGRenderer {
  /// Sizes and colours of the picture.
  public struct Options: Sendable {
    /// Width of a cell in pixels.
    /// At least DejaVu Sans Mono's advance at `fontSize` (0.602 em), so text runs stay inside
    /// their cells.
    public var cellWidth: Double = 8.45
    /// Height of a cell in pixels.
    public var cellHeight: Double = 17
    /// Font size in pixels.
    public var fontSize: Double = 14
    /// Space around the grid in pixels.
    public var padding: Double = 12
    /// The CSS font list.
    public var fontFamily = "DejaVu Sans Mono, Menlo, Consolas, monospace"
    /// The default background.
    public var background = "#1e1e1e"
    /// The default text colour.
    public var foreground = "#d4d4d4"
    /// The 16 terminal colours, indexed by ``TerminalColor/index``.
    public var palette = [
      "#000000", "#cd3131", "#0dbc79", "#e5e510", "#2472c8", "#bc3fbc", "#11a8cd", "#e5e5e5",
      "#666666", "#f14c4c", "#23d18b", "#f5f543", "#3b8eea", "#d670d6", "#29b8db", "#ffffff",
    ]

    /// The default options.
    public init() {}

    /// The palette entry of `colour`, or nil when the palette is too short.
    func colour(_ colour: TerminalColor) -> String? {
      palette.indices.contains(colour.index) ? palette[colour.index] : nil
    }
  }

  /// The SVG of `canvas` in a window titled `title`.
  public static func render(_ canvas: Canvas, title: String, options: Options = Options()) -> String
  {
    header(width: canvas.width, height: canvas.height, title: title, options: options)
      + content(canvas, options: options) + "</svg>\n"
  }

  /// An animated SVG of `frames` (all of the first frame's size), each shown for
  /// `secondsPerFrame`, looping: every frame is a group made visible in its turn (SMIL, which
  /// browsers play); a viewer that plays no SMIL shows the last frame.
  public static func renderAnimation(
    _ frames: [Canvas], title: String, secondsPerFrame: Double, options: Options = Options()
  ) -> String {
    guard let first = frames.first else {
      return header(width: 0, height: 0, title: title, options: options) + "</svg>\n"
    }
    let count = frames.count
    let total = number(max(0.01, secondsPerFrame) * Double(count))
    var svg = header(width: first.width, height: first.height, title: title, options: options)
    // One frame is visible without the animation, the last (a whole window, say): a viewer
    // that does not play SMIL (librsvg, image previews, slide tools) shows it; a browser
    // plays the frames in order from the first, the animation overriding every group's
    // visibility.
    for (i, frame) in frames.enumerated() {
      let start = number(Double(i) / Double(count))
      let end = number(Double(i + 1) / Double(count))
      svg +=
        "<g visibility=\"\(i == count - 1 ? "visible" : "hidden")\"><animate attributeName=\"visibility\" "
        + "values=\"hidden;visible;hidden\" keyTimes=\"0;\(start);\(end)\" calcMode=\"discrete\" "
        + "dur=\"\(total)s\" repeatCount=\"indefinite\"/>\n"
        + content(frame, options: options) + "</g>\n"
    }
    return svg + "</svg>\n"
  }

  /// The document's start: the root element, the title and the window decoration.
  private static func header(width columns: Int, height rows: Int, title: String, options: Options)
    -> String
  {
    let titleBar = 24.0
    let width = 2 * options.padding + Double(columns) * options.cellWidth
    let height = titleBar + 2 * options.padding + Double(rows) * options.cellHeight
    return """
      <?xml version="1.0" encoding="UTF-8"?>
      <svg xmlns="http://www.w3.org/2000/svg" width="\(number(width))" \
      height="\(number(height))" viewBox="0 0 \(number(width)) \(number(height))" \
      font-family="\(escape(options.fontFamily))" font-size="\(number(options.fontSize))">
      <title>\(escape(title))</title>
      <rect width="100%" height="100%" rx="6" fill="\(options.background)"/>
      <rect width="100%" height="\(number(titleBar))" rx="6" fill="#323233"/>
      <circle cx="14" cy="12" r="5" fill="#ff5f56"/>
      <circle cx="30" cy="12" r="5" fill="#ffbd2e"/>
      <circle cx="46" cy="12" r="5" fill="#27c93f"/>
      <text x="\(number(width / 2))" y="16" text-anchor="middle" fill="#a0a0a0">\
      \(escape(title))</text>

      """
  }

  /// The cells of `canvas`: background rectangles, then runs of text of one style.
  private static func content(_ canvas: Canvas, options: Options) -> String {
    let gridLeft = options.padding
    let gridTop = 24.0 + options.padding
    var backgrounds = ""
    var texts = ""
    for row in 0..<canvas.height {
      var start = 0
      while start < canvas.width {
        let style = canvas[x: start, y: row].style
        var end = start + 1
        while end < canvas.width, canvas[x: end, y: row].style == style {
          end += 1
        }
        var fill = style.foreground.flatMap { options.colour($0) } ?? options.foreground
        var back = style.background.flatMap { options.colour($0) }
        if style.reverse {
          (fill, back) = (back ?? options.background, fill)
        }
        let x = gridLeft + Double(start) * options.cellWidth
        let y = gridTop + Double(row) * options.cellHeight
        if let back {
          backgrounds +=
            "<rect x=\"\(number(x))\" y=\"\(number(y))\" "
            + "width=\"\(number(Double(end - start) * options.cellWidth))\" "
            + "height=\"\(number(options.cellHeight))\" fill=\"\(back)\"/>\n"
        }
        var attributes = "fill=\"\(fill)\""
        if style.bold { attributes += " font-weight=\"bold\"" }
        if style.dim { attributes += " opacity=\"0.6\"" }
        let baseline = y + options.cellHeight * 0.78
        // Plain text in runs from its first cell; braille, lines and blocks as shapes in
        // their cells; any other character alone, centred on its cell: nothing is drawn in
        // a font's advance past the cells it belongs to.
        var chunk = ""
        var chunkStart = start
        func flush() {
          while chunk.last == " " { chunk.removeLast() }
          if !chunk.isEmpty {
            texts +=
              "<text x=\"\(number(gridLeft + Double(chunkStart) * options.cellWidth))\" "
              + "y=\"\(number(baseline))\" \(attributes) xml:space=\"preserve\">"
              + "\(escape(chunk))</text>\n"
          }
          chunk = ""
        }
        var shapes = ShapePath()
        for column in start..<end {
          let character = canvas[x: column, y: row].character
          let left = gridLeft + Double(column) * options.cellWidth
          if character.isASCII {
            if chunk.isEmpty {
              if character == " " { continue }
              chunkStart = column
            }
            chunk.append(character)
            continue
          }
          flush()
          if let cell = CellShapes.of(
            character, width: options.cellWidth, height: options.cellHeight)
          {
            shapes.add(cell, x: left, y: y)
          } else {
            texts +=
              "<text x=\"\(number(left + options.cellWidth / 2))\" y=\"\(number(baseline))\" "
              + "text-anchor=\"middle\" \(attributes)>\(escape(String(character)))</text>\n"
          }
        }
        flush()
        texts += shapes.svg(attributes: attributes)
        start = end
      }
    }
    return backgrounds + texts
  }

  /// `text` safe inside XML content and attribute values: `& < > " '` escaped, control
  /// characters (not allowed in XML 1.0) replaced by spaces.
  static func escape(_ text: String) -> String {
    var result = ""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "&": result += "&amp;"
      case "<": result += "&lt;"
      case ">": result += "&gt;"
      case "\"": result += "&quot;"
      case "'": result += "&apos;"
      default:
        let value = scalar.value
        let allowed = value >= 0x20 && value != 0x7F && !(0xFFFE...0xFFFF).contains(value)
        result.unicodeScalars.append(allowed ? scalar : " ")
      }
    }
    return result
  }

  /// A pixel value with at most 2 decimals, trailing zeros dropped.
  static func number(_ value: Double) -> String {
    var text = String(format: "%.2f", value)
    while text.last == "0" {
      text.removeLast()
    }
    if text.last == "." { text.removeLast() }
    return text
  }
}

/// The shapes of one run's cells as SVG paths: full shapes in one path, each shade in its own.
private struct ShapePath {
  private var full = ""
  private var shades: [Double: String] = [:]

  mutating func add(_ cell: CellShapes, x: Double, y: Double) {
    let n = SVGRenderer.number
    for bar in cell.bars {
      let d =
        "M\(n(x + bar.x)) \(n(y + bar.y))h\(n(bar.width))v\(n(bar.height))h\(n(-bar.width))z"
      if bar.coverage < 1 { shades[bar.coverage, default: ""] += d } else { full += d }
    }
    let r = cell.radius
    for dot in cell.dots {
      full +=
        "M\(n(x + dot.x - r)) \(n(y + dot.y))a\(n(r)) \(n(r)) 0 1 0 \(n(2 * r)) 0"
        + "a\(n(r)) \(n(r)) 0 1 0 \(n(-2 * r)) 0z"
    }
  }

  func svg(attributes: String) -> String {
    var svg = full.isEmpty ? "" : "<path d=\"\(full)\" \(attributes)/>\n"
    for (coverage, d) in shades.sorted(by: { $0.key < $1.key }) {
      svg +=
        "<path d=\"\(d)\" \(attributes) fill-opacity=\"\(SVGRenderer.number(coverage))\"/>\n"
    }
    return svg
  }
}
