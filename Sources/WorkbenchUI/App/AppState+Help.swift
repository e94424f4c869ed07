// The Help page's state: drawn for the context in use, scrolled within its length on this
// terminal.

import TerminalKit
import Workbench

extension AppState {
  /// The Help page for the context in use, as drawn on this terminal.
  func helpView(snapshot: SessionSnapshot, theme: Theme = Theme(glyphs: .unicode, color: false))
    -> HelpPageView
  {
    HelpPageView(
      title: "Help · asf-tui", lines: HelpPage.lines(for: keyContext(isReplay: snapshot.isReplay)),
      scroll: helpScroll, style: .plain, keyStyle: theme.accent, glyphs: theme.glyphs)
  }

  /// The rows the Help page shows at once on this terminal.
  func helpPageRows(_ snapshot: SessionSnapshot) -> Int {
    let body = WorkbenchScreens.body(width: terminalWidth, height: terminalHeight)
    return max(1, helpView(snapshot: snapshot).visibleRows(in: body).shown - 1)
  }

  /// Scrolls the Help page by `rows`, within its length on this terminal.
  mutating func scrollHelp(by rows: Int, snapshot: SessionSnapshot) {
    let body = WorkbenchScreens.body(width: terminalWidth, height: terminalHeight)
    let limit = helpView(snapshot: snapshot).visibleRows(in: body).maxScroll
    helpScroll = max(0, min(limit, helpScroll + rows))
  }
}
