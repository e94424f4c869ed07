// The glyphs a picture draws as shapes instead of text: braille as dots, box-drawing lines
// as bars from the cell's centre, block elements as fractions of the cell. A renderer that
// sets each run of text in a font's own advance (librsvg, most tools that are not browsers)
// would draw these past their cells; as shapes they stay on the cell grid.

/// A glyph's shapes in a cell whose top-left corner is the origin.
struct CellShapes: Equatable {
  /// A rectangle; `coverage` below 1 for the shades ░ ▒ ▓.
  struct Bar: Equatable {
    var x: Double, y: Double, width: Double, height: Double
    var coverage: Double = 1
  }

  /// A dot of a braille pattern, by its centre.
  struct Dot: Equatable {
    var x: Double, y: Double
  }

  var bars: [Bar] = []
  var dots: [Dot] = []
  /// The radius of every dot.
  var radius: Double = 0

  /// The shapes of `character` in a `width` × `height` cell, or nil when a font draws it.
  static func of(_ character: Character, width: Double, height: Double) -> CellShapes? {
    guard let scalar = character.unicodeScalars.first, character.unicodeScalars.count == 1
    else { return nil }
    var shapes = CellShapes()
    let value = scalar.value
    switch value {
    case 0x2800...0x28FF:
      shapes.braille(UInt8(value - 0x2800), width: width, height: height)
    case 0x2580...0x259F:
      guard shapes.block(value, width: width, height: height) else { return nil }
    default:
      guard let arms = CellGlyphs.boxArms[scalar] else { return nil }
      shapes.box(arms, width: width, height: height)
    }
    return shapes
  }

  /// The eight dots of a braille pattern (bit 0 top-left … bit 7 bottom-right).
  private mutating func braille(_ bits: UInt8, width: Double, height: Double) {
    let places: [(column: Double, row: Double)] = [
      (0, 0), (0, 1), (0, 2), (1, 0), (1, 1), (1, 2), (0, 3), (1, 3),
    ]
    radius = min(width / 4, height / 8) * 0.8
    for bit in 0..<8 where bits & (1 << bit) != 0 {
      let (column, row) = places[bit]
      dots.append(Dot(x: width * (column * 2 + 1) / 4, y: height * (row * 2 + 1) / 8))
    }
  }

  /// Arms from the centre to the edges (1 light, 2 heavy).
  private mutating func box(
    _ arms: (up: Int, down: Int, left: Int, right: Int), width: Double, height: Double
  ) {
    let light = max(1, width / 8)
    let (cx, cy) = (width / 2, height / 2)
    func thickness(_ weight: Int) -> Double { weight == 2 ? light * 2.5 : light }
    // Each arm reaches past the centre by half the crossing arm's thickness, so corners close.
    let across = max(thickness(arms.left), thickness(arms.right)) / 2
    let along = max(thickness(arms.up), thickness(arms.down)) / 2
    if arms.up > 0 {
      let t = thickness(arms.up)
      bars.append(Bar(x: cx - t / 2, y: 0, width: t, height: cy + across))
    }
    if arms.down > 0 {
      let t = thickness(arms.down)
      bars.append(Bar(x: cx - t / 2, y: cy - across, width: t, height: height - cy + across))
    }
    if arms.left > 0 {
      let t = thickness(arms.left)
      bars.append(Bar(x: 0, y: cy - t / 2, width: cx + along, height: t))
    }
    if arms.right > 0 {
      let t = thickness(arms.right)
      bars.append(Bar(x: cx - along, y: cy - t / 2, width: width - cx + along, height: t))
    }
  }

  /// Block elements U+2580…U+259F; false for one not drawn here.
  private mutating func block(_ value: UInt32, width w: Double, height h: Double) -> Bool {
    func bar(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double, _ coverage: Double = 1) {
      bars.append(Bar(x: x0, y: y0, width: x1 - x0, height: y1 - y0, coverage: coverage))
    }
    switch value {
    case 0x2580: bar(0, 0, w, h / 2)  // ▀
    case 0x2581...0x2588: bar(0, h - h * Double(value - 0x2580) / 8, w, h)  // ▁ … █
    case 0x2589...0x258F: bar(0, 0, w * Double(0x2590 - value) / 8, h)  // ▉ … ▏
    case 0x2590: bar(w / 2, 0, w, h)  // ▐
    case 0x2591: bar(0, 0, w, h, 0.25)  // ░
    case 0x2592: bar(0, 0, w, h, 0.5)  // ▒
    case 0x2593: bar(0, 0, w, h, 0.75)  // ▓
    case 0x2594: bar(0, 0, w, h / 8)  // ▔
    case 0x2595: bar(w - w / 8, 0, w, h)  // ▕
    default:
      // The quadrants (CellGlyphs.quadrants).
      guard let bits = CellGlyphs.quadrants[value] else { return false }
      if bits & 0b1000 != 0 { bar(0, 0, w / 2, h / 2) }
      if bits & 0b0100 != 0 { bar(w / 2, 0, w, h / 2) }
      if bits & 0b0010 != 0 { bar(0, h / 2, w / 2, h) }
      if bits & 0b0001 != 0 { bar(w / 2, h / 2, w, h) }
    }
    return true
  }
}
