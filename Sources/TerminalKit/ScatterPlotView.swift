// A scatter plot of points over lines through the origin (rays with a slope) and horizontal
// limits, on braille dots (whole cells with `thick` or ASCII): one dot cluster per point,
// earlier points in a dim style. The caller labels the axes; the widget draws only inside
// its rectangle, points and lines outside the ranges clipped.

/// Points, rays from the origin and horizontal lines in an x/y range.
public struct ScatterPlotView: Widget, Sendable {
  public struct Point: Sendable, Equatable {
    public var x: Double
    public var y: Double
    /// Earlier points (drawn in `earlierStyle`).
    public var earlier: Bool

    public init(x: Double, y: Double, earlier: Bool = false) {
      self.x = x
      self.y = y
      self.earlier = earlier
    }
  }

  /// A line y = slope · x, or (with `slope` nil) y = `level`.
  public struct Line: Sendable, Equatable {
    public var slope: Double?
    public var level: Double
    public var style: Style

    public static func ray(slope: Double, style: Style) -> Line {
      Line(slope: slope, level: 0, style: style)
    }

    public static func horizontal(at level: Double, style: Style) -> Line {
      Line(slope: nil, level: level, style: style)
    }
  }

  public var points: [Point]
  public var lines: [Line]
  public var xRange: ClosedRange<Double>
  public var yRange: ClosedRange<Double>
  public var style: Style
  public var earlierStyle: Style
  public var thick: Bool
  public var glyphs: GlyphSet

  public init(
    points: [Point], lines: [Line], xRange: ClosedRange<Double>, yRange: ClosedRange<Double>,
    style: Style = .plain, earlierStyle: Style = Style(dim: true), thick: Bool = false,
    glyphs: GlyphSet = .unicode
  ) {
    self.points = points
    self.lines = lines
    self.xRange = xRange
    self.yRange = yRange
    self.style = style
    self.earlierStyle = earlierStyle
    self.thick = thick
    self.glyphs = glyphs
  }

  public func render(in area: Rect, on canvas: inout Canvas) {
    guard area.width > 0, area.height > 0 else { return }
    let braille = glyphs.usesBraille
    func grid() -> DotGrid { DotGrid(columns: area.width, rows: area.height, braille: braille) }
    let xSpan = max(1e-12, xRange.upperBound - xRange.lowerBound)
    let ySpan = max(1e-12, yRange.upperBound - yRange.lowerBound)
    func dot(_ x: Double, _ y: Double, in g: DotGrid) -> (x: Double, y: Double) {
      (
        (x - xRange.lowerBound) / xSpan * Double(g.dotWidth - 1),
        (1 - (y - yRange.lowerBound) / ySpan) * Double(g.dotHeight - 1)
      )
    }
    // Lines first, each in a grid of its own (its own style); then the points over them.
    var lineGrids: [(DotGrid, Style)] = []
    for line in lines {
      var g = grid()
      let (from, to): ((Double, Double), (Double, Double)) =
        if let slope = line.slope {
          ((0, 0), (xRange.upperBound, slope * xRange.upperBound))
        } else {
          ((xRange.lowerBound, line.level), (xRange.upperBound, line.level))
        }
      g.line(from: dot(from.0, from.1, in: g), to: dot(to.0, to.1, in: g), owner: 0)
      lineGrids.append((g, line.style))
    }
    var current = grid()
    var earlier = grid()
    for point in points
    where xRange.contains(point.x) && yRange.contains(point.y) {
      let p = dot(point.x, point.y, in: current)
      let (x, y) = (Int(p.x.rounded()), Int(p.y.rounded()))
      // A point is a small cross of dots, so that one reads against the lines.
      for (dx, dy) in [(0, 0), (1, 0), (-1, 0), (0, 1), (0, -1)] {
        if point.earlier {
          earlier.set(x: x + dx, y: y + dy)
        } else {
          current.set(x: x + dx, y: y + dy)
        }
      }
    }
    // The first layer that drew in a cell shows: current points, earlier points, the lines.
    let layers = [(current, style), (earlier, earlierStyle)] + lineGrids
    for r in 0..<area.height {
      for c in 0..<area.width {
        guard let index = layers.firstIndex(where: { $0.0.owner(column: c, row: r) != nil })
        else { continue }
        let (g, layerStyle) = layers[index]
        let character: Character =
          !braille
          ? "*" : thick && index == 0 ? glyphs.fullBlock : g.braille(column: c, row: r) ?? " "
        canvas.put(String(character), x: area.x + c, y: area.y + r, style: layerStyle)
      }
    }
  }
}
