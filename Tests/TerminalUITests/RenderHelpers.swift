// Test helpers: render a widget onto a fresh canvas and read it back as lines.

import TerminalUI

/// The lines of a `width` × `height` canvas after `widget` rendered into all of it.
func renderLines(_ widget: some Widget, width: Int, height: Int) -> [String] {
  var canvas = Canvas(width: width, height: height)
  widget.render(in: canvas.bounds, on: &canvas)
  return canvas.lines()
}

/// The canvas after `widget` rendered into all of a `width` × `height` canvas.
func renderCanvas(_ widget: some Widget, width: Int, height: Int) -> Canvas {
  var canvas = Canvas(width: width, height: height)
  widget.render(in: canvas.bounds, on: &canvas)
  return canvas
}
