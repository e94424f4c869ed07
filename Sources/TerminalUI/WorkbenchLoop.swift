// The UI event loop: one synchronous loop on the main thread reads keys and resizes with a
// short timeout, turns keys into session commands, notices new snapshots, and redraws at
// most ~30 times a second. The training actor runs on its own; the loop never waits for it
// except once at the end, after asking it to stop.

import Foundation
import Workbench

/// Runs the workbench in the terminal until the user quits.
@MainActor
public final class WorkbenchLoop {
  private let session: any SessionDriver
  private let channel: SessionChannel
  private var state: AppState
  private let terminal = NcursesTerminal()
  /// Smallest usable terminal.
  public static let minimumSize = (width: 80, height: 24)

  public init(session: any SessionDriver, ascii: Bool, startInNeuronLab: Bool = false) {
    self.session = session
    channel = session.channel
    state = AppState(ascii: ascii)
    if startInNeuronLab { state.openNeuronLab() }
  }

  /// Runs until `q` (or Ctrl-C / SIGTERM); the terminal is restored on every way out.
  public func run() {
    terminal.start()
    defer { terminal.stop() }
    let session = self.session
    let training = Task.detached { await session.run() }
    var lastVersion = -1
    var lastDraw = Date.distantPast
    var dirty = true
    loop: while !NcursesTerminal.terminationRequested {
      if let event = terminal.nextEvent(timeout: 30) {
        switch event {
        case .key(let key):
          var quit = false
          for action in state.handle(key, snapshot: channel.snapshot) {
            switch action {
            case .send(let command): channel.send(command)
            case .quit: quit = true
            }
          }
          if quit { break loop }
        case .resize, .tick, .snapshot:
          break
        }
        dirty = true
      }
      if state.screen == .neuronLab, state.lab?.paused == false {
        state.lab?.tick()
        dirty = true
      }
      let version = channel.version
      if version != lastVersion {
        lastVersion = version
        dirty = true
      }
      if dirty && Date().timeIntervalSince(lastDraw) >= 1.0 / 30 {
        terminal.draw(frame())
        lastDraw = Date()
        dirty = false
      }
    }
    channel.send(.stop)
    let done = DispatchSemaphore(value: 0)
    Task.detached {
      await training.value
      done.signal()
    }
    _ = done.wait(timeout: .now() + 10)
  }

  /// The frame for the current terminal size.
  private func frame() -> Canvas {
    let (width, height) = terminal.size
    return WorkbenchScreens.render(
      snapshot: channel.snapshot, state: state, width: width, height: height,
      color: terminal.usesColor)
  }
}
