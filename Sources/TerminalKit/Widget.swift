// The one seam between screens and drawing code: a widget renders into a rectangle.

/// A value that draws itself into a rectangle of a canvas.
///
/// A widget draws only inside `area` (clipped to the canvas), returns at once when the area
/// is empty, and does no I/O. State that lives between frames (scroll position, selection)
/// belongs to the screen, which passes it in when it builds the widget.
public protocol Widget {
  /// Draws the widget into `area` of `canvas`.
  func render(in area: Rect, on canvas: inout Canvas)
}
