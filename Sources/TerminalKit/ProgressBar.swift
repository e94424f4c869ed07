// A one-line progress bar: label, bar, percentage.

import Foundation

/// `label ██████░░░░  60%` (ASCII: `label ######----  60%`) in the first row of the area.
///
/// The fraction is clamped to 0…1 (NaN counts as 0). Filled cells and the percentage are
/// both rounded down, so the bar is full and reads 100 % only when the work is done. When
/// the row is too narrow the label goes first, then the bar.
public struct ProgressBar: Widget, Sendable {
  /// The share done, 0…1.
  public var fraction: Double
  /// The text before the bar; empty for none.
  public var label: String
  /// The style of the filled part.
  public var style: Style
  /// Blocks or ASCII.
  public var glyphs: GlyphSet

  /// A bar showing `fraction` done.
  public init(
    fraction: Double, label: String = "", style: Style = .plain, glyphs: GlyphSet = .unicode
  ) {
    self.fraction = fraction
    self.label = label
    self.style = style
    self.glyphs = glyphs
  }

  /// Draws the bar in the first row of `area`.
  public func render(in area: Rect, on canvas: inout Canvas) {
    let area = area.intersection(canvas.bounds)
    guard !area.isEmpty else { return }
    let done = fraction.isNaN ? 0 : min(1, max(0, fraction))
    let percent = String(format: "%3d%%", Int((done * 100).rounded(.down)))
    let row = area.y
    var column = area.x
    var barWidth = area.width - percent.count - 1
    if !label.isEmpty, barWidth - label.count - 1 >= 1 {
      column = canvas.put(label + " ", x: column, y: row, clip: area)
      barWidth -= label.count + 1
    }
    if barWidth >= 1 {
      let filled = Int((done * Double(barWidth)).rounded(.down))
      column = canvas.put(
        String(repeating: glyphs.fullBlock, count: filled), x: column, y: row, style: style,
        clip: area)
      column = canvas.put(
        String(repeating: glyphs.emptyBlock, count: barWidth - filled), x: column, y: row,
        clip: area)
      column += 1
    }
    canvas.put(percent, x: column, y: row, clip: area)
  }
}
