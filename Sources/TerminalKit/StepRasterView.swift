// Spike trains on a `StepAxis`: one row of dots per train (an input synapse), spaced to fill
// the area's height, with step t in the same column as in the trace above it. Braille dots,
// or whole cells (`thick`).

/// Draws `rows` spike trains; `fired(row, step)` says whether train `row` spiked at `step`.
public struct StepRasterView: Widget, Sendable {
  public var rows: Int
  public var timeSteps: Int
  public var style: Style
  public var thick: Bool
  public var glyphs: GlyphSet
  public let fired: @Sendable (Int, Int) -> Bool

  public init(
    rows: Int, timeSteps: Int, style: Style = .plain, thick: Bool = false,
    glyphs: GlyphSet = .unicode, fired: @escaping @Sendable (Int, Int) -> Bool
  ) {
    self.rows = max(0, rows)
    self.timeSteps = max(1, timeSteps)
    self.style = style
    self.thick = thick
    self.glyphs = glyphs
    self.fired = fired
  }

  /// How many trains fit in `height` cells, and the dot rows between one train and the next.
  public func layout(height: Int) -> (shown: Int, spacing: Int) {
    let dotsDown = glyphs.usesBraille && !thick ? 4 : 1
    let available = max(0, height * dotsDown)
    guard rows > 0, available > 0 else { return (0, 1) }
    let spacing = max(1, min(dotsDown, available / rows))
    return (min(rows, available / spacing), spacing)
  }

  public func render(in area: Rect, on canvas: inout Canvas) {
    guard area.width > 0, area.height > 0 else { return }
    let braille = glyphs.usesBraille && !thick
    var grid = DotGrid(columns: area.width, rows: area.height, braille: braille)
    let (shown, spacing) = layout(height: area.height)
    let axis = StepAxis(timeSteps: timeSteps, width: area.width)
    for row in 0..<shown {
      for step in 0..<timeSteps where fired(row, step) {
        grid.set(x: axis.dot(step, dotsAcross: grid.dotsAcross), y: row * spacing)
      }
    }
    for r in 0..<area.height {
      for c in 0..<area.width where grid.owner(column: c, row: r) != nil {
        let character: Character =
          braille ? grid.braille(column: c, row: r) ?? " " : thick ? glyphs.fullBlock : "|"
        canvas.put(String(character), x: area.x + c, y: area.y + r, style: style)
      }
    }
  }
}
