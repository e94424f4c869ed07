// Helpers shared by the UI test targets: render a widget onto a fresh canvas and read it back
// as lines, and check that widgets stay inside their rectangle. Used by tests only.

import TerminalKit

/// The lines of a `width` × `height` canvas after `widget` rendered into all of it.
public func renderLines(_ widget: some Widget, width: Int, height: Int) -> [String] {
  var canvas = Canvas(width: width, height: height)
  widget.render(in: canvas.bounds, on: &canvas)
  return canvas.lines()
}

/// The canvas after `widget` rendered into all of a `width` × `height` canvas.
public func renderCanvas(_ widget: some Widget, width: Int, height: Int) -> Canvas {
  var canvas = Canvas(width: width, height: height)
  widget.render(in: canvas.bounds, on: &canvas)
  return canvas
}

/// Renders each widget into tiny rectangles (0×0 … 3×3) of a 7×7 canvas, and into rectangles
/// partly or wholly off a small canvas and on an empty one; returns a sentence for every cell
/// drawn outside its rectangle (empty when all is well; a crash fails the test anyway).
public func edgeCaseViolations(of widgets: [any Widget]) -> [String] {
  var problems: [String] = []
  let sizes = [(0, 0), (1, 1), (2, 1), (1, 2), (3, 3)]
  for widget in widgets {
    for (width, height) in sizes {
      var canvas = Canvas(width: 7, height: 7)
      canvas.fill(canvas.bounds, with: ".")
      let area = Rect(x: 2, y: 2, width: width, height: height)
      widget.render(in: area, on: &canvas)
      for y in 0..<7 {
        for x in 0..<7 where !area.contains(x: x, y: y) && canvas[x: x, y: y].character != "." {
          problems.append("\(widget) drew at (\(x), \(y)) outside \(area)")
        }
      }
    }
    var small = Canvas(width: 4, height: 3)
    widget.render(in: Rect(x: -3, y: -2, width: 10, height: 10), on: &small)
    widget.render(in: Rect(x: 50, y: 50, width: 10, height: 10), on: &small)
    var empty = Canvas(width: 0, height: 0)
    widget.render(in: Rect(width: 5, height: 5), on: &empty)
  }
  return problems
}
