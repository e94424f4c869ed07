// A membrane trace on a `StepAxis`: for each step a rise to the value before the threshold
// test and, where the step spiked, a drop to the value after the reset, in the step's own
// column; a second, faint trace (the window before a change) under it and under the
// threshold line, in thin dots, clipped to the live trace's range; and a threshold line.
// Braille dots, or whole cells (`thick`) to be read from the back of a room.

/// Draws a stepwise trace (and a ghost of an earlier one) into the plot area it is given.
public struct StepTraceView: Widget, Sendable {
  /// One time step: the value before the threshold test, after the reset, and whether the
  /// step spiked.
  public struct Step: Sendable, Equatable {
    public var before: Double
    public var after: Double
    public var spiked: Bool

    public init(before: Double, after: Double, spiked: Bool) {
      self.before = before
      self.after = after
      self.spiked = spiked
    }
  }

  public var steps: [Step]
  public var ghost: [Step]
  /// The axis' length in steps (the window T; the ghost may have had another).
  public var timeSteps: Int
  public var ghostTimeSteps: Int
  public var range: ClosedRange<Double>
  public var threshold: Double?
  public var style: Style
  public var ghostStyle: Style
  public var thresholdStyle: Style
  /// Whole cells instead of braille dots, and a solid threshold line.
  public var thick: Bool
  public var glyphs: GlyphSet

  public init(
    steps: [Step], timeSteps: Int, range: ClosedRange<Double>, threshold: Double?,
    ghost: [Step] = [], ghostTimeSteps: Int? = nil, style: Style = .plain,
    ghostStyle: Style = Style(dim: true), thresholdStyle: Style = .plain, thick: Bool = false,
    glyphs: GlyphSet = .unicode
  ) {
    self.steps = steps
    self.timeSteps = max(1, timeSteps)
    self.range = range
    self.threshold = threshold
    self.ghost = ghost
    self.ghostTimeSteps = max(1, ghostTimeSteps ?? timeSteps)
    self.style = style
    self.ghostStyle = ghostStyle
    self.thresholdStyle = thresholdStyle
    self.thick = thick
    self.glyphs = glyphs
  }

  /// The row (from the area's top) of value `u` in an area `height` cells high.
  public func row(of u: Double, height: Int) -> Int {
    let span = max(1e-9, range.upperBound - range.lowerBound)
    let fraction = 1 - (min(max(u, range.lowerBound), range.upperBound) - range.lowerBound) / span
    return Int((fraction * Double(max(0, height - 1))).rounded())
  }

  public func render(in area: Rect, on canvas: inout Canvas) {
    guard area.width > 0, area.height > 0 else { return }
    let braille = glyphs.usesBraille && !thick
    var live = DotGrid(columns: area.width, rows: area.height, braille: braille)
    // The ghost is always dots (braille where the glyphs allow): a thin line under the
    // live trace, even when the live one is drawn in whole cells.
    var faint = DotGrid(columns: area.width, rows: area.height, braille: glyphs.usesBraille)
    func draw(_ trace: [Step], steps: Int, into grid: inout DotGrid, clamp: Bool) {
      let span = max(1e-9, range.upperBound - range.lowerBound)
      func y(_ u: Double) -> Double {
        // The ghost is not clamped: its points above the range fall outside the grid, whose
        // line drawing clips them (the faint trace never sets the axis).
        let value = clamp ? min(max(u, range.lowerBound), range.upperBound) : u
        return (1 - (value - range.lowerBound) / span) * Double(grid.dotHeight - 1)
      }
      let axis = StepAxis(timeSteps: steps, width: area.width)
      var last = (x: 0.0, y: y(0))
      for (t, step) in trace.enumerated() where t < steps {
        let x = Double(axis.dot(t, dotsAcross: grid.dotsAcross))
        let top = (x: x, y: y(step.before))
        grid.line(from: last, to: top, owner: 0)
        let after = (x: x, y: y(step.after))
        if step.spiked { grid.line(from: top, to: after, owner: 0) }
        last = after
      }
    }
    draw(ghost, steps: ghostTimeSteps, into: &faint, clamp: false)
    draw(steps, steps: timeSteps, into: &live, clamp: true)
    let thresholdRow = threshold.map { row(of: $0, height: area.height) }
    for r in 0..<area.height {
      for c in 0..<area.width {
        let (x, yy) = (area.x + c, area.y + r)
        if live.owner(column: c, row: r) != nil {
          let character: Character =
            braille ? live.braille(column: c, row: r) ?? " " : thick ? glyphs.fullBlock : "*"
          canvas.put(String(character), x: x, y: yy, style: style)
        } else if r == thresholdRow {
          let line: Character = thick && glyphs.usesBraille ? "━" : glyphs.horizontal
          canvas.put(String(line), x: x, y: yy, style: thresholdStyle)
        } else if faint.owner(column: c, row: r) != nil {
          let character: Character =
            glyphs.usesBraille ? faint.braille(column: c, row: r) ?? " " : "."
          canvas.put(String(character), x: x, y: yy, style: ghostStyle)
        }
      }
    }
  }
}
