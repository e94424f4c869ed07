// `asf-tui data fetch`: downloads a public data set into a data root, verified and
// resumable, or says how to get one that needs a browser. Progress goes to stderr.

import ArgumentParser
import Datasets
import Foundation

struct DataCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "data",
    abstract: "Fetch the public data sets (MNIST, CIFAR-10, CIFAR10-DVS); write the digits as IDX.",
    subcommands: [Fetch.self, Digits.self])
}

extension DataCommand {
  /// The data sets `fetch` accepts, named as on the command line.
  enum DatasetName: String, CaseIterable, ExpressibleByArgument {
    case mnist
    case cifar10
    case cifar10DVS = "cifar10-dvs"

    var entry: CatalogueEntry {
      switch self {
      case .mnist: return DatasetCatalogue.mnist
      case .cifar10: return DatasetCatalogue.cifar10
      case .cifar10DVS: return DatasetCatalogue.cifar10DVS
      }
    }
  }

  struct Fetch: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Download a data set into DIR/<name>, checking its checksums.",
      discussion: """
        mnist: the four IDX .gz files (SHA-256 checked) into DIR/mnist. cifar10: the binary \
        tarball (MD5 checked), unpacked into DIR/cifar10 with tar. cifar10-dvs: its host \
        needs a browser, so the command says what to download and where to put it, and checks \
        the layout once it is there. An interrupted download is kept as <file>.part and \
        resumed by running the command again. Afterwards point --data-dir or ASF_DATA_DIR \
        at DIR.
        """)

    @Argument(help: "The data set to fetch.")
    var dataset: DatasetName

    @Option(
      name: .customLong("to"),
      help: ArgumentHelp("The data root to fill (created if missing).", valueName: "dir"))
    var root: String

    @Option(
      help: ArgumentHelp(
        "Fetch from this base URL instead of the catalogue's (a mirror).", valueName: "url"))
    var baseUrl: String?

    @Option(
      parsing: .unconditional,
      help: ArgumentHelp(
        "Seconds without data before a download fails (1 to 3600).", valueName: "s"))
    var timeout: Double = 30

    /// The allowed download timeouts, in seconds.
    static let timeouts: ClosedRange<Double> = 1...3600

    func validate() throws {
      guard timeout.isFinite, Self.timeouts.contains(timeout) else {
        throw ValidationError(
          "--timeout is \(timeout), but it must be a number of seconds from 1 to 3600.")
      }
    }

    func run() throws {
      let progress = DownloadProgress(terminal: isatty(STDERR_FILENO) != 0)
      let downloader = DatasetDownloader(timeout: timeout) { progress.show($0) }
      let summary: DatasetDownloader.Summary
      do {
        summary = try downloader.fetch(dataset.entry, intoRoot: root, baseURL: baseUrl)
        progress.finish()
      } catch let error as DatasetError {
        progress.finish()
        FileHandle.standardError.write(Data("error: \(error.description)\n".utf8))
        throw ExitCode.failure
      }
      print(Self.summaryLine(summary, manual: dataset == .cifar10DVS))
    }

    /// `MNIST: 4 files in /data/mnist (3 downloaded, 11.6 MB; 1 already present).`
    static func summaryLine(_ summary: DatasetDownloader.Summary, manual: Bool) -> String {
      if manual {
        return "\(summary.title): in place in \(summary.directory) "
          + "(\(DatasetCatalogue.cifarClasses.count) class folders of .aedat files)."
      }
      let count = summary.downloaded.count + summary.alreadyPresent.count
      var line =
        "\(summary.title): \(count) file\(count == 1 ? "" : "s") in \(summary.directory) "
        + "(\(summary.downloaded.count) downloaded, "
        + "\(DownloadProgress.megabytes(summary.bytesTransferred)); "
        + "\(summary.alreadyPresent.count) already present)"
      if !summary.extracted.isEmpty {
        line += ", unpacked \(summary.extracted.joined(separator: ", "))"
      }
      return line + "."
    }
  }
}

/// Shows download events on stderr: a redrawn line on a terminal, else a line per 10 %.
///
/// Events arrive on the downloader's background queue while `run()` waits, so the state
/// sits behind a lock.
final class DownloadProgress: @unchecked Sendable {
  private let terminal: Bool
  private let lock = NSLock()
  private var lastDraw = Date.distantPast
  private var lastTenth = -1
  private var lineShown = false

  init(terminal: Bool) { self.terminal = terminal }

  func show(_ event: DatasetDownloader.Event) {
    lock.lock()
    defer { lock.unlock() }
    switch event {
    case .alreadyPresent(let file, _):
      line("\(file): already present, checksum OK")
    case .started(let file, let url, let resumingAt):
      lastTenth = -1
      line(
        resumingAt > 0
          ? "\(file): resuming at \(Self.megabytes(resumingAt)) from \(url)"
          : "\(file): downloading \(url)")
    case .progress(let file, let bytes, let total):
      let percent = total.map { $0 > 0 ? Int(bytes * 100 / $0) : 100 }
      let text =
        "\(file): \(Self.megabytes(bytes))"
        + (total.map { " / \(Self.megabytes($0))" } ?? "") + (percent.map { " \($0) %" } ?? "")
      if terminal {
        guard Date().timeIntervalSince(lastDraw) > 0.1 || bytes == total else { return }
        lastDraw = Date()
        FileHandle.standardError.write(Data("\r\u{1B}[K\(text)".utf8))
        lineShown = true
      } else if let percent, percent / 10 > lastTenth {
        lastTenth = percent / 10
        line(text)
      }
    case .verifying:
      break
    case .saved(let file, _, let bytes):
      line("\(file): \(Self.megabytes(bytes)), checksum OK")
    case .extracting(let archive, let directory):
      line("unpacking \((archive as NSString).lastPathComponent) into \(directory)")
    }
  }

  /// Clears a half-drawn progress line.
  func finish() {
    lock.lock()
    defer { lock.unlock() }
    clear()
  }

  /// `11.6 MB` (decimal megabytes, one decimal), or `512 B` below a kilobyte.
  static func megabytes(_ bytes: Int64) -> String {
    bytes < 1000 ? "\(bytes) B" : String(format: "%.1f MB", Double(bytes) / 1e6)
  }

  private func line(_ text: String) {
    clear()
    FileHandle.standardError.write(Data((text + "\n").utf8))
  }

  private func clear() {
    if lineShown {
      FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
      lineShown = false
    }
  }
}
