// The grid of dots behind braille plots: 2 × 4 dots per cell with braille, 1 × 1 in ASCII.
// Internal to the widgets; it remembers only which series last drew into each cell.

/// The bit of each braille dot, indexed `[dy][dx]` within a cell (Unicode braille order).
private let brailleBits: [[UInt32]] = [[0x01, 0x08], [0x02, 0x10], [0x04, 0x20], [0x40, 0x80]]

/// A `columns` × `rows` block of cells seen as a finer grid of dots. Dot `(0, 0)` is the
/// top-left; setting a dot outside the grid does nothing.
struct DotGrid {
  /// Width in cells.
  let columns: Int
  /// Height in cells.
  let rows: Int
  /// Dots per cell horizontally (2 with braille, else 1).
  let dotsAcross: Int
  /// Dots per cell vertically (4 with braille, else 1).
  let dotsDown: Int
  private var dots: [Bool]
  /// Per cell, the owner that last set a dot in it; -1 when none did.
  private var owners: [Int]

  /// An empty grid over `columns` × `rows` cells.
  init(columns: Int, rows: Int, braille: Bool) {
    self.columns = max(0, columns)
    self.rows = max(0, rows)
    dotsAcross = braille ? 2 : 1
    dotsDown = braille ? 4 : 1
    dots = [Bool](repeating: false, count: self.columns * dotsAcross * self.rows * dotsDown)
    owners = [Int](repeating: -1, count: self.columns * self.rows)
  }

  /// Width in dots.
  var dotWidth: Int { columns * dotsAcross }
  /// Height in dots.
  var dotHeight: Int { rows * dotsDown }

  /// Sets the dot at `(x, y)` and marks its cell as drawn by `owner`.
  mutating func set(x: Int, y: Int, owner: Int = 0) {
    guard x >= 0, x < dotWidth, y >= 0, y < dotHeight else { return }
    dots[y * dotWidth + x] = true
    owners[(y / dotsDown) * columns + x / dotsAcross] = owner
  }

  /// True when the dot at `(x, y)` is set; false outside the grid.
  func isSet(x: Int, y: Int) -> Bool {
    guard x >= 0, x < dotWidth, y >= 0, y < dotHeight else { return false }
    return dots[y * dotWidth + x]
  }

  /// The owner that last set a dot in cell `(column, row)`, or nil when the cell is empty.
  func owner(column: Int, row: Int) -> Int? {
    guard column >= 0, column < columns, row >= 0, row < rows else { return nil }
    let owner = owners[row * columns + column]
    return owner >= 0 ? owner : nil
  }

  /// The braille character of cell `(column, row)`, or nil when none of its dots is set.
  func braille(column: Int, row: Int) -> Character? {
    var code: UInt32 = 0
    for dy in 0..<min(4, dotsDown) {
      for dx in 0..<min(2, dotsAcross)
      where isSet(x: column * dotsAcross + dx, y: row * dotsDown + dy) {
        code |= brailleBits[dy][dx]
      }
    }
    guard code != 0, let scalar = Unicode.Scalar(0x2800 + code) else { return nil }
    return Character(scalar)
  }

  /// Draws a straight line between two points in dot coordinates (fractions allowed, ends
  /// rounded to the nearest dot). The segment is clipped to the grid first, so points far
  /// outside it cost nothing and cannot overflow.
  mutating func line(from start: (x: Double, y: Double), to end: (x: Double, y: Double), owner: Int)
  {
    guard dotWidth > 0, dotHeight > 0,
      let clipped = DotGrid.clip(
        start, end, xRange: -0.49...(Double(dotWidth) - 0.51),
        yRange: -0.49...(Double(dotHeight) - 0.51))
    else { return }
    var x0 = Int(clipped.start.x.rounded())
    var y0 = Int(clipped.start.y.rounded())
    let x1 = Int(clipped.end.x.rounded())
    let y1 = Int(clipped.end.y.rounded())
    let dx = abs(x1 - x0)
    let dy = -abs(y1 - y0)
    let stepX = x0 < x1 ? 1 : -1
    let stepY = y0 < y1 ? 1 : -1
    var error = dx + dy
    while true {
      set(x: x0, y: y0, owner: owner)
      if x0 == x1 && y0 == y1 { break }
      let doubled = 2 * error
      if doubled >= dy {
        error += dy
        x0 += stepX
      }
      if doubled <= dx {
        error += dx
        y0 += stepY
      }
    }
  }

  /// Liang–Barsky clipping of the segment `start`–`end` to a box; nil when it misses.
  private static func clip(
    _ start: (x: Double, y: Double), _ end: (x: Double, y: Double),
    xRange: ClosedRange<Double>, yRange: ClosedRange<Double>
  ) -> (start: (x: Double, y: Double), end: (x: Double, y: Double))? {
    guard start.x.isFinite, start.y.isFinite, end.x.isFinite, end.y.isFinite else { return nil }
    let dx = end.x - start.x
    let dy = end.y - start.y
    var enter = 0.0
    var leave = 1.0
    let edges: [(p: Double, q: Double)] = [
      (-dx, start.x - xRange.lowerBound), (dx, xRange.upperBound - start.x),
      (-dy, start.y - yRange.lowerBound), (dy, yRange.upperBound - start.y),
    ]
    for edge in edges {
      if edge.p == 0 {
        if edge.q < 0 { return nil }
        continue
      }
      let t = edge.q / edge.p
      if edge.p < 0 {
        if t > leave { return nil }
        enter = max(enter, t)
      } else {
        if t < enter { return nil }
        leave = min(leave, t)
      }
    }
    return (
      (start.x + enter * dx, start.y + enter * dy), (start.x + leave * dx, start.y + leave * dy)
    )
  }
}
