// A spike raster: which neuron fired at which time step, as dense dots. The label is the
// enclosing Panel's job.

/// Spikes of `rows` neurons (top to bottom) over `timeSteps` steps (left to right).
///
/// With braille glyphs each cell shows 2 steps × 4 neurons; in ASCII each cell shows one
/// (neuron, step) as `*` or a space. When the matrix has more steps or neurons than the
/// area has dots, it is downsampled by OR over blocks: each dot covers
/// `ceil(timeSteps / dotColumns)` consecutive steps and `ceil(rows / dotRows)` consecutive
/// neurons, and is set when any spike falls in its block (so sparse spikes never vanish;
/// dense ones saturate). Blocks are uniform, so the plot may leave a margin right or below.
public struct SpikeRasterView: Widget, Sendable {
  /// The number of neurons (matrix rows).
  public let rows: Int
  /// The number of time steps (matrix columns).
  public let timeSteps: Int
  /// Row-major spikes: `bits[neuron * timeSteps + step]` is non-zero for a spike, the layout
  /// of the engine's `SpikeRaster`. Missing entries count as no spike.
  public let bits: [UInt8]
  /// The style of the dots.
  public var style: Style
  /// Braille or ASCII.
  public var glyphs: GlyphSet

  /// A raster of a row-major bit matrix (`bits[neuron * timeSteps + step]`).
  public init(
    rows: Int, timeSteps: Int, bits: [UInt8], style: Style = .plain, glyphs: GlyphSet = .unicode
  ) {
    assert(bits.count >= rows * timeSteps, "bits holds fewer than rows * timeSteps entries")
    self.rows = max(0, rows)
    self.timeSteps = max(0, timeSteps)
    self.bits = bits
    self.style = style
    self.glyphs = glyphs
  }

  /// A raster whose spikes are given by `isSet(neuron, step)`, read once here.
  public init(
    rows: Int, timeSteps: Int, style: Style = .plain, glyphs: GlyphSet = .unicode,
    isSet: (_ neuron: Int, _ step: Int) -> Bool
  ) {
    let rows = max(0, rows)
    let timeSteps = max(0, timeSteps)
    var bits = [UInt8](repeating: 0, count: rows * timeSteps)
    for neuron in 0..<rows {
      for step in 0..<timeSteps where isSet(neuron, step) {
        bits[neuron * timeSteps + step] = 1
      }
    }
    self.init(rows: rows, timeSteps: timeSteps, bits: bits, style: style, glyphs: glyphs)
  }

  /// Draws the dots; cells without a spike are left blank (spaces).
  public func render(in area: Rect, on canvas: inout Canvas) {
    let area = area.intersection(canvas.bounds)
    guard !area.isEmpty, rows > 0, timeSteps > 0 else { return }
    var grid = DotGrid(columns: area.width, rows: area.height, braille: glyphs.usesBraille)
    let stepsPerDot = (timeSteps + grid.dotWidth - 1) / grid.dotWidth
    let neuronsPerDot = (rows + grid.dotHeight - 1) / grid.dotHeight
    let count = min(bits.count, rows * timeSteps)
    for index in 0..<count where bits[index] != 0 {
      grid.set(x: (index % timeSteps) / stepsPerDot, y: (index / timeSteps) / neuronsPerDot)
    }
    for row in 0..<area.height {
      for column in 0..<area.width {
        let character: Character
        if glyphs.usesBraille {
          character = grid.braille(column: column, row: row) ?? " "
        } else {
          character = grid.owner(column: column, row: row) == nil ? " " : "*"
        }
        canvas[x: area.x + column, y: area.y + row] = Cell(character, style: style)
      }
    }
  }
}
