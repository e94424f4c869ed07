// The keys the workbench understands, decoded by the terminal backend.

/// A key press.
public enum Key: Hashable, Sendable {
  case character(Character)
  case up, down, left, right, home, end, pageUp, pageDown
  case tab, backTab, enter, escape, backspace
  case function(Int)
  /// The left mouse button pressed at column `x`, row `y` (0-based).
  case click(x: Int, y: Int)
  /// The mouse wheel turned up or down.
  case wheelUp, wheelDown
}

/// Every input of the UI loop: one case of one enum (keys, resizes, timer ticks, new data).
public enum AppEvent: Sendable {
  case key(Key)
  case resize(width: Int, height: Int)
  case tick
  case snapshot
}
