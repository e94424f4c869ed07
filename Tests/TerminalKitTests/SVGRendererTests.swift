// Tests of SVGRenderer: well-formed XML, escaping, runs, colours and attributes.

import TerminalKit
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
    XCTAssertTrue(text.contains("⣿▁█"))
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
    XCTAssertEqual(runs[1].1["x"], "28.8")
    let backgrounds = zip(collector.elements, collector.attributes).filter {
      $0.0 == "rect" && $0.1["fill"] == "#d4d4d4"
    }
    XCTAssertEqual(backgrounds.count, 1)
    XCTAssertEqual(backgrounds.first?.1["width"], "16.8")
  }

  func testEmptyCanvasIsStillADocument() {
    _ = parse(SVGRenderer.render(Canvas(width: 0, height: 0), title: ""))
  }
}
