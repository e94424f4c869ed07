// Writing a finished frame to a file: SVG for a path ending in .svg, plain text otherwise.
// Shared by `screenshot` and `sweep`; rendering the frame is the caller's job.

import Foundation
import TerminalKit
import WorkbenchUI

/// A widget drawn on a canvas of its own, ready to be written as SVG or text.
struct FrameFile {
  let canvas: Canvas
  /// The SVG document's title.
  let title: String

  /// `widget` rendered into the whole of a `width` × `height` canvas.
  init(_ widget: some Widget, width: Int, height: Int, title: String) {
    var canvas = Canvas(width: width, height: height)
    widget.render(in: canvas.bounds, on: &canvas)
    self.init(canvas: canvas, title: title)
  }

  init(canvas: Canvas, title: String) {
    self.canvas = canvas
    self.title = title
  }

  /// Writes the frame to `path`: SVG when it ends in .svg, else text with a final newline.
  func write(to path: String) throws {
    let text =
      path.hasSuffix(".svg")
      ? SVGRenderer.render(canvas, title: title) : TextRenderer.render(canvas) + "\n"
    try OutputFile.write(text, to: path)
  }
}
