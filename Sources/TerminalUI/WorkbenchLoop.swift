// The UI event loop: one synchronous loop on the main thread reads keys and resizes with a
// short timeout, turns keys into session commands, notices new snapshots, and redraws at
// most ~30 times a second. The training actor runs on its own; the loop never waits for it
// except once at the end, after asking it to stop.

import Foundation
import Workbench

/// Runs the workbench in the terminal until the user quits.
@MainActor
public final class WorkbenchLoop {
  private var session: any SessionDriver
  private var channel: SessionChannel
  /// Makes the session for an experiment chosen on the Experiments screen.
  private let makeSession: (@MainActor (ExperimentItem) throws -> any SessionDriver)?
  private var state: AppState
  private let terminal = NcursesTerminal()
  /// Smallest usable terminal.
  public static let minimumSize = (width: 80, height: 24)

  public init(
    session: any SessionDriver, ascii: Bool, startInNeuronLab: Bool = false,
    makeSession: (@MainActor (ExperimentItem) throws -> any SessionDriver)? = nil
  ) {
    self.session = session
    self.makeSession = makeSession
    channel = session.channel
    state = AppState(ascii: ascii)
    if startInNeuronLab { state.openNeuronLab() }
  }

  /// Runs until `q` (or Ctrl-C / SIGTERM); the terminal is restored on every way out.
  public func run() {
    terminal.start()
    defer { terminal.stop() }
    let first = self.session
    var training = Task.detached { await first.run() }
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
            case .open(let item):
              do {
                guard let makeSession else { throw WorkbenchLoopError.cannotSwitch }
                let next = try makeSession(item)
                stop(training)
                session = next
                channel = next.channel
                lastVersion = -1
                training = Task.detached { await next.run() }
              } catch {
                state.notice = "\(error)"
              }
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
    stop(training)
  }

  /// Asks the current session to stop and waits (at most 10 s) for its task to end.
  private func stop(_ task: Task<Void, Never>) {
    channel.send(.stop)
    let done = DispatchSemaphore(value: 0)
    Task.detached {
      await task.value
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

/// Errors of the loop itself.
enum WorkbenchLoopError: Error, CustomStringConvertible {
  case cannotSwitch

  var description: String {
    "this workbench cannot start other experiments: run 'asf-tui --preset NAME' or 'asf-tui replay FOLDER'"
  }
}
