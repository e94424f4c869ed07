// The UI event loop: one synchronous loop on the main thread reads keys and resizes with a
// short timeout, turns keys into session commands, notices new snapshots, and redraws at
// most ~30 times a second. The training actor runs on its own; the loop never waits for it
// except once at the end, after asking it to stop.

import Foundation
import SpikingCore
import TerminalKit
import Workbench

/// Runs the workbench in the terminal until the user quits.
@MainActor
public final class WorkbenchLoop {
  private var session: any SessionDriver
  private var channel: SessionChannel
  /// Makes the session for an experiment chosen on the Experiments screen.
  private let makeSession: (@MainActor (ExperimentItem) throws -> any SessionDriver)?
  /// Starts a Figure 3 measurement in a process of its own; it writes its rows to the folder.
  private let startMeasurement: (@MainActor () throws -> (folder: String, process: Process))?
  /// The measurement running now, and when its folder was last read.
  private var measurement: (folder: String, process: Process)?
  private var lastPoll = Date.distantPast
  private var state: AppState
  private let terminal = NcursesTerminal()
  /// Smallest usable terminal.
  public static let minimumSize = (width: 80, height: 24)

  public init(
    session: any SessionDriver, ascii: Bool, startInNeuronLab: Bool = false,
    lesson: NeuronLesson? = nil, presentation: Bool = false, welcome: Bool = false,
    makeSession: (@MainActor (ExperimentItem) throws -> any SessionDriver)? = nil,
    startMeasurement: (@MainActor () throws -> (folder: String, process: Process))? = nil
  ) {
    self.session = session
    self.makeSession = makeSession
    self.startMeasurement = startMeasurement
    channel = session.channel
    state = AppState(ascii: ascii)
    state.labLesson = lesson
    state.labPresentation = presentation
    if startInNeuronLab {
      state.showNeuronLab(.table4(lesson: lesson, presentation: presentation))
    }
    if welcome { state.overlay = .welcome }
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
          var actions: [AppAction]
          (state.terminalWidth, state.terminalHeight) = terminal.size
          if case .click(let x, let y) = key {
            let (width, height) = terminal.size
            let snapshot = channel.snapshot
            actions = state.click(
              WorkbenchScreens.target(
                atX: x, y: y, width: width, height: height, snapshot: snapshot, state: state),
              snapshot: snapshot)
          } else {
            actions = state.handle(key, snapshot: channel.snapshot)
          }
          for action in state.carryOut(actions) {
            switch action {
            case .send(let command): channel.send(command)
            case .quit: quit = true
            case .open(let item):
              do {
                guard let makeSession else { throw WorkbenchUIError.cannotSwitch }
                let next = try makeSession(item)
                stop(training)
                session = next
                channel = next.channel
                lastVersion = -1
                training = Task.detached { await next.run() }
              } catch {
                state.notice = "\(error)"
              }
            case .measureSpeed:
              measureSpeed()
            case .saveFrame:
              saveFrame()
            case .showResult, .openNeuronLab, .runTable4, .loadCatalogue, .compare:
              break  // carried out by AppState.carryOut
            }
          }
          if quit { break loop }
        case .resize, .tick, .snapshot:
          break
        }
        dirty = true
      }
      if measurement != nil, Date().timeIntervalSince(lastPoll) >= 1 {
        pollMeasurement()
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
      let (expired, logged) = (state.sessionMessageExpired, state.log.entries.count)
      state.observe(channel.snapshot, at: Date())
      if expired != state.sessionMessageExpired || logged != state.log.entries.count {
        dirty = true
      }
      if dirty && Date().timeIntervalSince(lastDraw) >= 1.0 / 30 {
        terminal.draw(frame())
        lastDraw = Date()
        dirty = false
      }
    }
    stop(training)
    if let measurement, measurement.process.isRunning {
      measurement.process.terminate()
      measurement.process.waitUntilExit()
    }
  }

  /// Starts the Figure 3 measurement: training pauses (so that both compete for nothing),
  /// and the Experiments screen charts the rows as each time window is done.
  private func measureSpeed() {
    if let measurement {
      state.notice = "a Figure 3 measurement is already running: \(measurement.folder)"
      return
    }
    do {
      guard let startMeasurement else { throw WorkbenchUIError.cannotMeasure }
      channel.send(.pause)
      let started = try startMeasurement()
      measurement = started
      lastPoll = .distantPast
      state.openResult = .speed(
        folder: started.folder,
        comparison: SpeedComparison(
          architecture: "lenet",
          batchSize: (try? PresetLibrary.load("fig3-training-time"))?.batchSize ?? 64, rows: []))
      pollMeasurement()
    } catch {
      state.notice = "\(error)"
    }
  }

  /// Reads the measurement's rows so far into the open chart; says when it has ended.
  private func pollMeasurement() {
    guard let measurement else { return }
    lastPoll = Date()
    let running = measurement.process.isRunning
    let comparison = try? SpeedComparison.load(folder: measurement.folder)
    if case .speed(let folder, _)? = state.openResult, folder == measurement.folder,
      let comparison
    {
      state.openResult = .speed(folder: folder, comparison: comparison)
    }
    let done = comparison?.rows.count ?? 0
    guard !running else {
      state.notice =
        "measuring ASF-BP against BPTT, training paused: \(done) time window\(done == 1 ? "" : "s") done (\(measurement.folder))"
      return
    }
    self.measurement = nil
    state.showCatalogue(ExperimentCatalogue.items())
    state.notice =
      measurement.process.terminationStatus == 0
      ? "Figure 3 measured: \(measurement.folder); training stays paused (space resumes)"
      : "the measurement failed (exit \(measurement.process.terminationStatus)): see \(measurement.folder)/bench.log"
  }

  /// Writes the frame on screen (without the notice that will confirm it) as SVG and text.
  private func saveFrame() {
    let snapshot = channel.snapshot
    let (folder, name) = FrameSaver.target(snapshot: snapshot, screen: state.screen)
    do {
      let path = try FrameSaver.save(
        frame(), folder: folder, name: name, title: "asf-tui · \(snapshot.presetName)")
      state.notice = "frame saved: \(path) (and .txt)"
    } catch {
      state.notice = "cannot save the frame into \(folder): \(plainReason(error))"
    }
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

/// Errors of the WorkbenchUI module: what this loop was not given the means to do.
enum WorkbenchUIError: Error, CustomStringConvertible {
  case cannotSwitch
  case cannotMeasure

  var description: String {
    switch self {
    case .cannotSwitch:
      "this workbench cannot start other experiments: run 'asf-tui --preset NAME' or 'asf-tui replay FOLDER'"
    case .cannotMeasure:
      "this workbench cannot measure Figure 3: run 'asf-tui bench asf-vs-bptt'"
    }
  }
}
