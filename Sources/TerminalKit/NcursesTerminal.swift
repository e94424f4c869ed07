// The only file that talks to ncurses: starts and restores the terminal, reads keys and
// resizes, and writes the cells of a finished Canvas that changed since the last frame.

import CNcurses
import Foundation

/// The number of the SIGINT/SIGTERM/SIGHUP that asked to end (0: none); the loop polls it and
/// shuts down cleanly.
nonisolated(unsafe) private var terminationSignal: sig_atomic_t = 0

/// Restores the terminal on a crash signal, then lets the signal do its default work.
private func restoreAndReraise(_ signalNumber: Int32) {
  endwin()
  signal(signalNumber, SIG_DFL)
  raise(signalNumber)
}

/// A real terminal driven by ncursesw. Use from the main thread only.
@MainActor
public final class NcursesTerminal {
  private var window: UnsafeMutablePointer<WINDOW>?
  private var previous: Canvas?
  private var pairs: [Int: Int16] = [:]
  private var colorPairLimit = 0
  /// Whether colours are drawn (the terminal has them and NO_COLOR is not set).
  public private(set) var usesColor = false

  public init() {}

  /// Whether Ctrl-C or SIGTERM asked the program to end.
  public static var terminationRequested: Bool { terminationSignal != 0 }

  /// The signal that asked the program to end (SIGINT or SIGTERM), if one did: the program
  /// should exit with 128 + its number (130, 143), as shells expect.
  public static var terminationSignalNumber: Int32? {
    terminationSignal == 0 ? nil : Int32(terminationSignal)
  }

  /// Why this terminal cannot show the UI, or nil when it can: $TERM must name a terminal
  /// that can move the cursor (not `dumb`).
  public nonisolated static func unsuitability() -> String? {
    let term = ProcessInfo.processInfo.environment["TERM"] ?? ""
    if term.isEmpty { return "TERM is not set" }
    if asf_can_address_cursor() == 0 { return "the terminal TERM=\(term) cannot move the cursor" }
    return nil
  }

  /// Whether the user's locale (LC_ALL, LC_CTYPE, LANG) speaks UTF-8; when it does not,
  /// the UI should draw with ASCII glyphs, as the terminal may not show braille or boxes.
  public nonisolated static func localeIsUTF8() -> Bool {
    let saved = setlocale(LC_CTYPE, nil).map { String(cString: $0) }
    setlocale(LC_CTYPE, "")
    defer { if let saved { setlocale(LC_CTYPE, saved) } }
    guard let codeset = nl_langinfo(nl_item(CODESET)) else { return false }
    let name = String(cString: codeset).uppercased()
    return name == "UTF-8" || name == "UTF8"
  }

  /// Switches the terminal into the UI mode: UTF-8 locale, no echo, keypad, hidden cursor.
  public func start() {
    setlocale(LC_ALL, "")
    if let codeset = nl_langinfo(nl_item(CODESET)), String(cString: codeset) != "UTF-8" {
      setlocale(LC_CTYPE, "C.UTF-8")
    }
    set_escdelay(25)
    window = initscr()
    cbreak()
    noecho()
    nonl()
    keypad(window, true)
    asf_enable_mouse()
    curs_set(0)
    let noColor = ProcessInfo.processInfo.environment["NO_COLOR"].map { !$0.isEmpty } ?? false
    if has_colors() && !noColor {
      start_color()
      use_default_colors()
      usesColor = true
      colorPairLimit = Int(asf_color_pairs())
    }
    previous = nil
    // SIGHUP too: a closed terminal (tmux kill-session, a lost ssh) ends the program as
    // Ctrl-C does, so that what it started is ended and its checkpoint saved.
    signal(SIGINT) { terminationSignal = $0 }
    signal(SIGTERM) { terminationSignal = $0 }
    signal(SIGHUP) { terminationSignal = $0 }
    for crash in [SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE] {
      signal(crash) { restoreAndReraise($0) }
    }
  }

  /// Restores the terminal (echo, cursor, modes). Safe to call more than once.
  public func stop() {
    guard window != nil else { return }
    curs_set(1)
    endwin()
    window = nil
  }

  /// The terminal's current size.
  public var size: (width: Int, height: Int) {
    (Int(asf_cols()), Int(asf_lines()))
  }

  /// Waits up to `milliseconds` for input; returns nil when none came.
  public func nextEvent(timeout milliseconds: Int) -> AppEvent? {
    guard let window else { return nil }
    wtimeout(window, Int32(milliseconds))
    var character: wint_t = 0
    let result = wget_wch(window, &character)
    if result == asf_err() { return nil }
    if result == KEY_CODE_YES {
      let code = Int32(character)
      switch code {
      case asf_key_resize():
        previous = nil
        let (w, h) = size
        return .resize(width: w, height: h)
      case asf_key_up(): return .key(.up)
      case asf_key_down(): return .key(.down)
      case asf_key_left(): return .key(.left)
      case asf_key_right(): return .key(.right)
      case asf_key_home(): return .key(.home)
      case asf_key_end(): return .key(.end)
      case asf_key_page_up(): return .key(.pageUp)
      case asf_key_page_down(): return .key(.pageDown)
      case asf_key_btab(): return .key(.backTab)
      case asf_key_enter(): return .key(.enter)
      case asf_key_backspace(): return .key(.backspace)
      case asf_key_mouse():
        var x: Int32 = 0
        var y: Int32 = 0
        switch asf_mouse_event(&x, &y) {
        case 1: return .key(.click(x: Int(x), y: Int(y)))
        case 2: return .key(.wheelUp)
        case 3: return .key(.wheelDown)
        default: return nil
        }
      default:
        let f1 = asf_key_f1()
        if code >= f1 && code < f1 + 12 { return .key(.function(Int(code - f1) + 1)) }
        return nil
      }
    }
    switch character {
    case 9: return .key(.tab)
    case 10, 13: return .key(.enter)
    case 27: return .key(.escape)
    case 8, 127: return .key(.backspace)
    default:
      guard let scalar = Unicode.Scalar(UInt32(character)) else { return nil }
      return .key(.character(Character(scalar)))
    }
  }

  /// Draws `canvas`, writing only the cells that differ from the previous frame.
  public func draw(_ canvas: Canvas) {
    guard let window else { return }
    let changes: [CellChange]
    if let previous, previous.width == canvas.width, previous.height == canvas.height {
      changes = canvas.diff(from: previous)
    } else {
      werase(window)
      changes = canvas.diff(from: Canvas(width: canvas.width, height: canvas.height))
    }
    for change in changes {
      let attributes = attributes(for: change.cell.style)
      wattrset(window, Int32(bitPattern: UInt32(truncatingIfNeeded: attributes)))
      String(change.cell.character).withCString { text in
        _ = mvwaddstr(window, Int32(change.y), Int32(change.x), text)
      }
    }
    wattrset(window, 0)
    wnoutrefresh(window)
    doupdate()
    previous = canvas
  }

  private func attributes(for style: Style) -> attr_t {
    var value = asf_a_normal()
    if style.bold { value |= asf_a_bold() }
    if style.dim { value |= asf_a_dim() }
    if style.reverse { value |= asf_a_reverse() }
    guard usesColor else { return value }
    let foreground = style.foreground.map { $0.index % 8 }
    let background = style.background.map { $0.index % 8 }
    if let f = style.foreground, f.isBright { value |= asf_a_bold() }
    if foreground == nil && background == nil { return value }
    let key = (foreground ?? -1) * 16 + (background ?? -1)
    if let pair = pairs[key] { return value | asf_color_pair(Int32(pair)) }
    let next = pairs.count + 1
    guard next < colorPairLimit else { return value }
    init_pair(Int16(next), Int16(foreground ?? -1), Int16(background ?? -1))
    pairs[key] = Int16(next)
    return value | asf_color_pair(Int32(next))
  }
}
