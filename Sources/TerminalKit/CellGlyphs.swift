// The glyphs a cell raster draws from their definitions instead of a font: braille (2 × 4
// dots), box-drawing lines (arms from the cell's centre to its edges, light or heavy) and
// block elements (fractions of the cell, shades). Drawn this way they fill their cells
// exactly, so lines join and plots of braille stay on the grid.

/// Coverage bitmaps (0…255, row-major) of the glyphs drawn by definition.
enum CellGlyphs {
  /// The coverage of `character` in a `width` × `height` cell, or nil when a font draws it.
  static func draw(_ character: Character, width: Int, height: Int) -> [UInt8]? {
    guard let scalar = character.unicodeScalars.first, character.unicodeScalars.count == 1
    else { return nil }
    let value = scalar.value
    var cell = Bitmap(width: width, height: height)
    switch value {
    case 0x2800...0x28FF:
      cell.braille(UInt8(value - 0x2800))
    case 0x2580...0x259F:
      guard cell.block(value) else { return nil }
    default:
      guard let arms = boxArms[scalar] else { return nil }
      cell.box(arms)
    }
    return cell.values
  }

  /// The quadrants ▖ ▗ ▘ ▙ ▚ ▛ ▜ ▝ ▞ ▟ as bits: upper-left, upper-right, lower-left, lower-right.
  static let quadrants: [UInt32: Int] = [
    0x2596: 0b0010, 0x2597: 0b0001, 0x2598: 0b1000, 0x2599: 0b1011, 0x259A: 0b1001,
    0x259B: 0b1110, 0x259C: 0b1101, 0x259D: 0b0100, 0x259E: 0b0110, 0x259F: 0b0111,
  ]

  /// Box-drawing characters as their arms (up, down, left, right): 1 light, 2 heavy.
  static let boxArms: [Unicode.Scalar: (Int, Int, Int, Int)] = {
    var arms: [Unicode.Scalar: (Int, Int, Int, Int)] = [:]
    let table: [(String, (Int, Int, Int, Int))] = [
      ("─┄┈╌", (0, 0, 1, 1)), ("━┅┉╍", (0, 0, 2, 2)), ("│┆┊╎", (1, 1, 0, 0)),
      ("┃┇┋╏", (2, 2, 0, 0)), ("┌╭", (0, 1, 0, 1)), ("┐╮", (0, 1, 1, 0)), ("└╰", (1, 0, 0, 1)),
      ("┘╯", (1, 0, 1, 0)), ("├", (1, 1, 0, 1)), ("┤", (1, 1, 1, 0)), ("┬", (0, 1, 1, 1)),
      ("┴", (1, 0, 1, 1)), ("┼", (1, 1, 1, 1)), ("┏", (0, 2, 0, 2)), ("┓", (0, 2, 2, 0)),
      ("┗", (2, 0, 0, 2)), ("┛", (2, 0, 2, 0)), ("┣", (2, 2, 0, 2)), ("┫", (2, 2, 2, 0)),
      ("┳", (0, 2, 2, 2)), ("┻", (2, 0, 2, 2)), ("╋", (2, 2, 2, 2)), ("╴", (0, 0, 1, 0)),
      ("╵", (1, 0, 0, 0)), ("╶", (0, 0, 0, 1)), ("╷", (0, 1, 0, 0)),
    ]
    for (characters, value) in table {
      for scalar in characters.unicodeScalars { arms[scalar] = value }
    }
    return arms
  }()
}

/// A cell's coverage while it is drawn.
private struct Bitmap {
  let width: Int
  let height: Int
  var values: [UInt8]

  init(width: Int, height: Int) {
    self.width = width
    self.height = height
    values = [UInt8](repeating: 0, count: width * height)
  }

  /// Fills the rectangle [x0, x1) × [y0, y1) with `level`.
  mutating func fill(_ x0: Int, _ y0: Int, _ x1: Int, _ y1: Int, level: UInt8 = 255) {
    for y in max(0, y0)..<min(height, max(y0, y1)) {
      for x in max(0, x0)..<min(width, max(x0, x1)) { values[y * width + x] = level }
    }
  }

  /// The eight dots of a braille pattern (bit 0 top-left … bit 7 bottom-right, Unicode order).
  mutating func braille(_ bits: UInt8) {
    let places: [(column: Int, row: Int)] = [
      (0, 0), (0, 1), (0, 2), (1, 0), (1, 1), (1, 2), (0, 3), (1, 3),
    ]
    let radius = max(1.0, min(Double(width) / 4, Double(height) / 8) * 0.8)
    for bit in 0..<8 where bits & (1 << bit) != 0 {
      let (column, row) = places[bit]
      let cx = Double(width) * (Double(column) * 2 + 1) / 4
      let cy = Double(height) * (Double(row) * 2 + 1) / 8
      for y in 0..<height {
        for x in 0..<width {
          let (dx, dy) = (Double(x) + 0.5 - cx, Double(y) + 0.5 - cy)
          if dx * dx + dy * dy <= radius * radius { values[y * width + x] = 255 }
        }
      }
    }
  }

  /// Arms from the centre to the edges (1 light, 2 heavy).
  mutating func box(_ arms: (up: Int, down: Int, left: Int, right: Int)) {
    let light = max(1, width / 8)
    let (cx, cy) = (width / 2, height / 2)
    func thickness(_ weight: Int) -> Int { weight == 2 ? light * 2 + 1 : light }
    if arms.up > 0 {
      let t = thickness(arms.up)
      fill(cx - t / 2, 0, cx - t / 2 + t, cy + t / 2 + 1)
    }
    if arms.down > 0 {
      let t = thickness(arms.down)
      fill(cx - t / 2, cy - t / 2, cx - t / 2 + t, height)
    }
    if arms.left > 0 {
      let t = thickness(arms.left)
      fill(0, cy - t / 2, cx + t / 2 + 1, cy - t / 2 + t)
    }
    if arms.right > 0 {
      let t = thickness(arms.right)
      fill(cx - t / 2, cy - t / 2, width, cy - t / 2 + t)
    }
  }

  /// Block elements U+2580…U+259F; false for one not drawn here.
  mutating func block(_ value: UInt32) -> Bool {
    let (w, h) = (width, height)
    func eighthsDown(_ n: Int) -> Int { h - (h * n + 4) / 8 }
    func eighthsAcross(_ n: Int) -> Int { (w * n + 4) / 8 }
    switch value {
    case 0x2580: fill(0, 0, w, h / 2)  // ▀
    case 0x2581...0x2588: fill(0, eighthsDown(Int(value - 0x2580)), w, h)  // ▁ … █
    case 0x2589...0x258F: fill(0, 0, eighthsAcross(Int(0x2590 - value)), h)  // ▉ … ▏
    case 0x2590: fill(w / 2, 0, w, h)  // ▐
    case 0x2591: fill(0, 0, w, h, level: 64)  // ░
    case 0x2592: fill(0, 0, w, h, level: 128)  // ▒
    case 0x2593: fill(0, 0, w, h, level: 192)  // ▓
    case 0x2594: fill(0, 0, w, h - eighthsDown(1))  // ▔
    case 0x2595: fill(w - eighthsAcross(1), 0, w, h)  // ▕
    default:
      // The quadrants (CellGlyphs.quadrants).
      guard let bits = CellGlyphs.quadrants[value] else { return false }
      if bits & 0b1000 != 0 { fill(0, 0, w / 2, h / 2) }
      if bits & 0b0100 != 0 { fill(w / 2, 0, w, h / 2) }
      if bits & 0b0010 != 0 { fill(0, h / 2, w / 2, h) }
      if bits & 0b0001 != 0 { fill(w / 2, h / 2, w, h) }
    }
    return true
  }
}
