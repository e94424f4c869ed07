// Tests of SVGRenderer: well-formed XML, escaping, runs, colours and attributes.

import TerminalKit
import WidgetTestSupport
import XCTest

#if canImport(FoundationXML)
  import FoundationXML
#endif

final class SVGRendererTests: XCTestCase {
  /// Collects element names and text while checking that the document parses.
  private final class Collector: NSObject, XMLParserDelegate {
    var elements: [String] = []
    var texts: [String] = []
    var attributes: [[String: String]] = []

    func parser(
      _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
      qualifiedName: String?, attributes attributeDict: [String: String] = [:]
    ) {
      elements.append(elementName)
      attributes.append(attributeDict)
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
      texts.append(string)
    }
  }

  private func parse(_ svg: String) -> Collector {
    let parser = XMLParser(data: Data(svg.utf8))
    let collector = Collector()
    parser.delegate = collector
    XCTAssertTrue(parser.parse(), "not well-formed: \(String(describing: parser.parserError))")
    return collector
  }

  func testSpecialCharactersAreEscapedAndTheDocumentParses() {
    var canvas = Canvas(width: 12, height: 2)
    canvas.put("a<b>&\"c'", x: 0, y: 0)
    canvas.put("⣿▁█", x: 0, y: 1, style: Style(foreground: .red, bold: true))
    let svg = SVGRenderer.render(canvas, title: "R&D <1>")
    XCTAssertTrue(svg.contains("a&lt;b&gt;&amp;&quot;c&apos;"))
    XCTAssertTrue(svg.contains("<title>R&amp;D &lt;1&gt;</title>"))
    let collector = parse(svg)
    XCTAssertEqual(collector.elements.first, "svg")
    let text = collector.texts.joined()
    XCTAssertTrue(text.contains("a<b>&\"c'"))
    // Braille and blocks are shapes in their cells, in the run's colour, not text.
    XCTAssertFalse(text.contains("⣿") || text.contains("█"))
    let paths = zip(collector.elements, collector.attributes).filter { $0.0 == "path" }
    XCTAssertEqual(paths.count, 1)
    XCTAssertEqual(paths.first?.1["fill"], "#cd3131")
  }

  /// Issue 26, point 9: librsvg (which ignores textLength) draws every glyph inside its cells:
  /// a panel full of braille, blocks, text and arrows up to its borders leaves no ink on the
  /// border cells off their lines, and the glyphs are drawn.
  func testLibrsvgDrawsNothingPastAPanelBorder() throws {
    var canvas = Canvas(width: 60, height: 12)
    Panel(title: "Spikes → ≥ · µ").render(in: Rect(x: 0, y: 0, width: 30, height: 12), on: &canvas)
    Panel(title: "Text").render(in: Rect(x: 30, y: 0, width: 30, height: 12), on: &canvas)
    for row in 1..<11 {
      let fill: String =
        switch row % 4 {
        case 0: String(repeating: "⣿", count: 28)
        case 1: String(repeating: "█▇▆▅▄▃▂▁▓▒░▌", count: 3)
        case 2: String(repeating: "→≥·µ±×", count: 5)
        default: String(repeating: "Wm@#", count: 7)
        }
      canvas.put(
        fill, x: 1, y: row, style: Style(foreground: .cyan),
        clip: Rect(x: 1, y: row, width: 28, height: 1))
      canvas.put(
        String(repeating: "WMW ", count: 7), x: 31, y: row,
        clip: Rect(x: 31, y: row, width: 28, height: 1))
    }
    let picture: RenderedPicture
    do {
      picture = try RenderedPicture.rendering(svg: SVGRenderer.render(canvas, title: "borders"))
    } catch RenderedPicture.Failure.noRenderer {
      throw XCTSkip("rsvg-convert is not here (apt librsvg2-bin)")
    }
    XCTAssertEqual(picture.inkOffBorders(of: canvas), [])
    // The braille row is drawn: cyan across the panel's inside.
    let options = SVGRenderer.Options()
    let y = Int(24 + options.padding + (4 + 3.0 / 8) * options.cellHeight)
    let cyan = (0..<picture.width).filter {
      let p = picture.pixel($0, y)
      return p.b > 150 && p.g > 120 && p.r < 80
    }
    XCTAssertGreaterThan(cyan.count, 28 * 2, "two dots per braille cell on this row")
  }

  func testOneTextPerRunWithColoursBoldAndReverse() {
    var canvas = Canvas(width: 6, height: 1)
    canvas.put("ab", x: 0, y: 0, style: Style(foreground: .green, bold: true))
    canvas.put("cd", x: 2, y: 0, style: Style(reverse: true))
    let collector = parse(SVGRenderer.render(canvas, title: "t"))
    let runs = zip(collector.elements, collector.attributes).filter {
      $0.0 == "text" && $0.1["xml:space"] != nil
    }
    XCTAssertEqual(runs.count, 2)
    XCTAssertEqual(runs[0].1["fill"], "#0dbc79")
    XCTAssertEqual(runs[0].1["font-weight"], "bold")
    XCTAssertEqual(runs[0].1["x"], "12")
    // Reverse video: the text takes the default background, a rect the default foreground.
    XCTAssertEqual(runs[1].1["fill"], "#1e1e1e")
    XCTAssertEqual(runs[1].1["x"], "28.9")
    let backgrounds = zip(collector.elements, collector.attributes).filter {
      $0.0 == "rect" && $0.1["fill"] == "#d4d4d4"
    }
    XCTAssertEqual(backgrounds.count, 1)
    XCTAssertEqual(backgrounds.first?.1["width"], "16.9")
  }

  func testEmptyCanvasIsStillADocument() {
    _ = parse(SVGRenderer.render(Canvas(width: 0, height: 0), title: ""))
  }
}
