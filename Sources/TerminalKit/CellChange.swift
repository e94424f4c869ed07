// One entry of a canvas diff: what a backend must write at one position.

/// The cell now at column `x`, row `y`, which differs from the previous frame.
public struct CellChange: Hashable, Sendable {
  /// The column.
  public var x: Int
  /// The row.
  public var y: Int
  /// The new content.
  public var cell: Cell

  /// A change at `(x, y)` to `cell`.
  public init(x: Int, y: Int, cell: Cell) {
    self.x = x
    self.y = y
    self.cell = cell
  }
}
