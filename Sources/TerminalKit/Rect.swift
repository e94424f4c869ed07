// A rectangle of terminal cells and the layout arithmetic screens use to split one.
// Coordinates are cells (x to the right, y down); nothing here draws.

/// A rectangle of cells on a ``Canvas``: the top-left cell is `(x, y)`, and it spans `width`
/// columns and `height` rows. Sizes are never negative: the initialiser clamps them to zero.
public struct Rect: Hashable, Sendable {
  /// The leftmost column.
  public var x: Int
  /// The top row.
  public var y: Int
  /// The number of columns, at least 0.
  public var width: Int
  /// The number of rows, at least 0.
  public var height: Int

  /// A rectangle at `(x, y)` of `width` × `height` cells; negative sizes become 0.
  public init(x: Int = 0, y: Int = 0, width: Int, height: Int) {
    self.x = x
    self.y = y
    self.width = max(0, width)
    self.height = max(0, height)
  }

  /// The size of one track of ``columns(_:spacing:)`` or ``rows(_:spacing:)``.
  public enum Extent: Hashable, Sendable {
    /// Exactly this many cells, or what is left when the rectangle runs out.
    case fixed(Int)
    /// A share of the cells the fixed tracks leave, proportional to the weight.
    case weight(Int)
  }

  /// The column just right of the rectangle (an exclusive bound).
  public var maxX: Int { x + width }

  /// The row just below the rectangle (an exclusive bound).
  public var maxY: Int { y + height }

  /// The number of cells, `width * height`.
  public var area: Int { width * height }

  /// True when the rectangle holds no cell (zero width or zero height).
  public var isEmpty: Bool { width == 0 || height == 0 }

  /// True when the cell at column `column`, row `row` lies inside the rectangle.
  public func contains(x column: Int, y row: Int) -> Bool {
    column >= x && column < maxX && row >= y && row < maxY
  }

  /// The cells both rectangles hold; empty (at the overlap's corner) when they are disjoint.
  public func intersection(_ other: Rect) -> Rect {
    let left = max(x, other.x)
    let top = max(y, other.y)
    return Rect(
      x: left, y: top, width: min(maxX, other.maxX) - left, height: min(maxY, other.maxY) - top)
  }

  /// The rectangle shrunk by `amount` cells on every side (empty when nothing is left).
  public func inset(by amount: Int) -> Rect {
    inset(horizontal: amount, vertical: amount)
  }

  /// The rectangle shrunk by `horizontal` cells left and right and `vertical` cells top and
  /// bottom (empty when nothing is left).
  public func inset(horizontal: Int, vertical: Int) -> Rect {
    Rect(
      x: x + horizontal, y: y + vertical, width: width - 2 * horizontal,
      height: height - 2 * vertical)
  }

  /// Splits into the first `column` columns and the rest; `column` is clamped to `0...width`.
  public func split(atColumn column: Int) -> (left: Rect, right: Rect) {
    let cut = min(max(0, column), width)
    return (
      Rect(x: x, y: y, width: cut, height: height),
      Rect(x: x + cut, y: y, width: width - cut, height: height)
    )
  }

  /// Splits into the first `row` rows and the rest; `row` is clamped to `0...height`.
  public func split(atRow row: Int) -> (top: Rect, bottom: Rect) {
    let cut = min(max(0, row), height)
    return (
      Rect(x: x, y: y, width: width, height: cut),
      Rect(x: x, y: y + cut, width: width, height: height - cut)
    )
  }

  /// Side-by-side columns, one per extent, with `spacing` empty columns between them.
  ///
  /// Fixed extents are served first, left to right, then the weighted ones share what is
  /// left in proportion to their weights; the cells that rounding leaves go one each to the
  /// first weighted tracks. The columns never extend past the rectangle (later ones may be
  /// empty when it is too narrow).
  public func columns(_ extents: [Extent], spacing: Int = 0) -> [Rect] {
    Rect.distribute(width, over: extents, spacing: spacing).map {
      Rect(x: x + $0.offset, y: y, width: $0.length, height: height)
    }
  }

  /// Stacked rows, one per extent, with `spacing` empty rows between them; sizes are shared
  /// out as in ``columns(_:spacing:)``.
  public func rows(_ extents: [Extent], spacing: Int = 0) -> [Rect] {
    Rect.distribute(height, over: extents, spacing: spacing).map {
      Rect(x: x, y: y + $0.offset, width: width, height: $0.length)
    }
  }

  /// A `width` × `height` rectangle centred in this one, clamped to fit inside it.
  public func centered(width: Int, height: Int) -> Rect {
    let w = min(max(0, width), self.width)
    let h = min(max(0, height), self.height)
    return Rect(x: x + (self.width - w) / 2, y: y + (self.height - h) / 2, width: w, height: h)
  }

  /// Offsets and lengths of tracks laid along `total` cells.
  private static func distribute(
    _ total: Int, over extents: [Extent], spacing: Int
  ) -> [(offset: Int, length: Int)] {
    guard !extents.isEmpty else { return [] }
    let gap = max(0, spacing)
    var remaining = max(0, total - gap * (extents.count - 1))
    var lengths = [Int](repeating: 0, count: extents.count)
    for (index, extent) in extents.enumerated() {
      if case .fixed(let size) = extent {
        lengths[index] = min(max(0, size), remaining)
        remaining -= lengths[index]
      }
    }
    let weights = extents.map { extent -> Int in
      if case .weight(let weight) = extent { return max(0, weight) }
      return 0
    }
    let totalWeight = weights.reduce(0, +)
    if totalWeight > 0 {
      var assigned = 0
      for index in extents.indices where weights[index] > 0 {
        lengths[index] = remaining * weights[index] / totalWeight
        assigned += lengths[index]
      }
      var leftover = remaining - assigned
      for index in extents.indices where weights[index] > 0 && leftover > 0 {
        lengths[index] += 1
        leftover -= 1
      }
    }
    var offset = 0
    return lengths.map { length in
      let start = min(offset, total)
      offset += length + gap
      return (start, min(length, total - start))
    }
  }
}
