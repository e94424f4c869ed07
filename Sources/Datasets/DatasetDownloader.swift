// Fetching the catalogue's data sets: download to `<name>.part`, resume with a Range
// request, verify the digest, rename into place, unpack tarballs with the system tar.
// It never retries on its own: an interrupted download is resumed by running it again.

import Foundation
import SpikingCore

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

/// Downloads data set files, verified and resumable.
///
/// Each file goes through `<name>.part` in the target folder: a `.part` left by an earlier,
/// interrupted run is resumed with `Range: bytes=<size>-` (a 206 answer appends; a 200
/// answer starts over). The finished `.part` is checked against the catalogue's SHA-256 or
/// MD5 (with the system's `sha256sum`/`md5sum`) and only then renamed to `<name>`, so a
/// file with the final name is always complete and verified. A mismatch deletes the
/// `.part`. A file already present with the right digest is not downloaded again.
public struct DatasetDownloader: Sendable {
  /// What the downloader is doing, for progress displays. Sent on background threads.
  public enum Event: Sendable, Equatable {
    /// `file` is already in `path` with the right digest; nothing is fetched.
    case alreadyPresent(file: String, path: String)
    /// A GET of `url` begins; `resumingAt` is the size of the `.part` kept (0: a new file).
    case started(file: String, url: String, resumingAt: Int64)
    /// `bytes` of `file` are on disk, out of `total` when the server said.
    case progress(file: String, bytes: Int64, total: Int64?)
    /// The whole file is received and its digest is being computed.
    case verifying(file: String)
    /// The verified file is in place at `path`.
    case saved(file: String, path: String, bytes: Int64)
    /// A verified archive is being unpacked.
    case extracting(archive: String, into: String)
  }

  /// What `download` did for one file.
  public enum Outcome: Sendable, Equatable {
    /// The file was already present with the right digest.
    case alreadyPresent
    /// The file was fetched; `resumedFrom` bytes came from an earlier `.part`.
    case downloaded(bytes: Int64, resumedFrom: Int64)
  }

  /// What `fetch` did for a whole data set.
  public struct Summary: Sendable, Equatable {
    public var title: String
    /// The data set's folder, `<root>/<entry.folder>`.
    public var directory: String
    /// Names of the files fetched by this call.
    public var downloaded: [String] = []
    /// Names of the files that were already present and verified.
    public var alreadyPresent: [String] = []
    /// Bytes transferred by this call (resumed bytes not counted twice).
    public var bytesTransferred: Int64 = 0
    /// Archives unpacked by this call.
    public var extracted: [String] = []
  }

  /// Seconds without any data before a transfer fails (default 30).
  public var timeout: TimeInterval
  /// Receives every `Event`, on background threads.
  public var onEvent: @Sendable (Event) -> Void

  public init(timeout: TimeInterval = 30, onEvent: @escaping @Sendable (Event) -> Void = { _ in }) {
    self.timeout = timeout
    self.onEvent = onEvent
  }

  /// Fetches every file of `entry` into `<root>/<entry.folder>` and unpacks archives.
  ///
  /// - Parameters:
  ///   - root: the data root (as for `--data-dir` / `ASF_DATA_DIR`).
  ///   - baseURL: replaces the catalogue's base URL (a mirror, or a test server).
  /// - Throws: `DatasetError.manualDownloadRequired` for a data set that needs a browser
  ///   and is not yet in place (its layout is checked), else any error of `download` or
  ///   `.extractionFailed`.
  public func fetch(_ entry: CatalogueEntry, intoRoot root: String, baseURL: String? = nil)
    throws -> Summary
  {
    let directory = URL(fileURLWithPath: root).appendingPathComponent(entry.folder)
      .standardizedFileURL.path
    var summary = Summary(title: entry.title, directory: directory)
    switch entry.source {
    case .manual(let manual):
      guard Self.hasClassFolders(manual, in: directory) else {
        throw DatasetError.manualDownloadRequired(
          dataset: entry.title, page: manual.page, files: manual.files, directory: directory,
          layout: manual.layout)
      }
      return summary
    case .files(let catalogueBase, let files, let extract):
      let base = baseURL ?? catalogueBase
      for (index, file) in files.enumerated() {
        let outcome: Outcome
        do {
          outcome = try download(file, baseURL: base, into: directory)
        } catch DatasetError.noNetwork(let url, _, _, _, let detail) {
          // Name every file still missing, not just the one that failed.
          throw DatasetError.noNetwork(
            url: url, files: files[index...].map(\.name), baseURL: base, directory: directory,
            detail: detail)
        }
        switch outcome {
        case .alreadyPresent:
          summary.alreadyPresent.append(file.name)
        case .downloaded(let bytes, let resumedFrom):
          summary.downloaded.append(file.name)
          summary.bytesTransferred += bytes - resumedFrom
        }
      }
      let ready = entry.readyMarkers.allSatisfy {
        FileManager.default.fileExists(atPath: directory + "/" + $0)
      }
      if extract && !ready {
        for file in files {
          let archive = directory + "/" + file.name
          onEvent(.extracting(archive: archive, into: directory))
          try Self.untar(archive, into: directory)
          summary.extracted.append(file.name)
        }
      }
      return summary
    }
  }

  /// Downloads `file` from `<baseURL>/<file.name>` into `directory` (created if needed),
  /// resuming a `.part` left there, unless it is already present with the right digest.
  ///
  /// - Throws: `DatasetError.noNetwork` (no DNS answer, connection refused, time-out before
  ///   any response), `.downloadInterrupted` (the `.part` is kept), `.httpStatus`,
  ///   `.checksumMismatch` (the `.part` is deleted), `.invalidURL`, `.downloadFailed`.
  public func download(_ file: RemoteFile, baseURL: String, into directory: String) throws
    -> Outcome
  {
    guard let url = file.url(base: baseURL) else {
      throw DatasetError.invalidURL(baseURL)
    }
    let finalPath = directory + "/" + file.name
    let partPath = finalPath + ".part"
    if FileManager.default.fileExists(atPath: finalPath),
      try file.checksum.matches(fileAt: finalPath)
    {
      onEvent(.alreadyPresent(file: file.name, path: finalPath))
      return .alreadyPresent
    }
    do {
      try FileManager.default.createDirectory(
        atPath: directory, withIntermediateDirectories: true)
    } catch {
      throw DatasetError.downloadFailed(
        url: url.absoluteString, detail: "cannot create '\(directory)': \(plainReason(error))")
    }
    // At most two GETs: a resume, then one fresh start if the resume cannot be used.
    var restarted = false
    while true {
      let offset = Self.fileSize(partPath)
      onEvent(.started(file: file.name, url: url.absoluteString, resumingAt: offset))
      let onEvent = self.onEvent
      let name = file.name
      let result = HTTPTransfer(
        url: url, partPath: partPath, offset: offset, timeout: timeout,
        onProgress: { onEvent(.progress(file: name, bytes: $0, total: $1)) }
      ).run()
      if let error = result.error {
        throw Self.classify(error, result: result, file: file, url: url, directory: directory)
      }
      if let start = result.wrongRangeStart {
        // The server resumed at another byte than asked for: start from zero, once.
        try? FileManager.default.removeItem(atPath: partPath)
        guard !restarted else {
          throw DatasetError.downloadFailed(
            url: url.absoluteString,
            detail: "asked for bytes from \(offset), the server sent bytes from \(start)")
        }
        restarted = true
        continue
      }
      switch result.status {
      case 200, 206:
        break
      case 416 where offset > 0 && !restarted:
        // Nothing after `offset`: the `.part` may already be whole. Verify it below, and
        // restart from zero if it is not.
        break
      default:
        throw DatasetError.httpStatus(url: url.absoluteString, status: result.status ?? 0)
      }
      onEvent(.verifying(file: file.name))
      let found = try file.checksum.digest(ofFileAt: partPath)
      guard found == file.checksum.hex else {
        try? FileManager.default.removeItem(atPath: partPath)
        if result.status == 416 {
          restarted = true
          continue
        }
        throw DatasetError.checksumMismatch(
          url: url.absoluteString, deletedPath: partPath, algorithm: file.checksum.algorithm,
          expected: file.checksum.hex, found: found)
      }
      // rename(2) replaces any stale file of that name atomically.
      guard rename(partPath, finalPath) == 0 else {
        throw DatasetError.downloadFailed(
          url: url.absoluteString,
          detail:
            "cannot rename '\(partPath)' to '\(finalPath)': \(String(cString: strerror(errno)))"
        )
      }
      let size = Self.fileSize(finalPath)
      onEvent(.saved(file: file.name, path: finalPath, bytes: size))
      return .downloaded(bytes: size, resumedFrom: result.startedAt)
    }
  }

  /// Whether every class folder of `manual.layout` exists in `directory` and holds at
  /// least one `.aedat` file.
  static func hasClassFolders(_ manual: ManualDownload, in directory: String) -> Bool {
    let classes = manual.layout.compactMap { $0.split(separator: "/").first.map(String.init) }
    return !classes.isEmpty
      && classes.allSatisfy { name in
        let contents =
          (try? FileManager.default.contentsOfDirectory(atPath: directory + "/" + name)) ?? []
        return contents.contains { $0.hasSuffix(".aedat") }
      }
  }

  /// Turns a transfer's error into the `DatasetError` that says what to do.
  private static func classify(
    _ error: Error, result: HTTPTransfer.Result, file: RemoteFile, url: URL, directory: String
  ) -> DatasetError {
    let partPath = directory + "/" + file.name + ".part"
    let urlError = error as? URLError
    let unreachable: Set<URLError.Code> = [
      .cannotFindHost, .cannotConnectToHost, .dnsLookupFailed, .notConnectedToInternet,
      .timedOut, .networkConnectionLost, .internationalRoamingOff, .dataNotAllowed,
    ]
    if result.status == nil, let code = urlError?.code, unreachable.contains(code) {
      return .noNetwork(
        url: url.absoluteString, files: [file.name],
        baseURL: url.deletingLastPathComponent().absoluteString, directory: directory,
        detail: plainReason(error))
    }
    if result.status == 200 || result.status == 206, urlError != nil {
      if result.bytesOnDisk == 0 { try? FileManager.default.removeItem(atPath: partPath) }
      return .downloadInterrupted(
        url: url.absoluteString, partPath: partPath, bytes: Int(result.bytesOnDisk),
        detail: plainReason(error))
    }
    return .downloadFailed(url: url.absoluteString, detail: plainReason(error))
  }

  /// Unpacks a `.tar.gz` whose entries share one top folder straight into `directory`.
  private static func untar(_ archive: String, into directory: String) throws {
    guard
      let tar = ["/usr/bin/tar", "/bin/tar"].first(where: FileManager.default.isExecutableFile)
    else {
      throw DatasetError.extractionFailed(
        archive: archive, directory: directory, detail: "no tar at /usr/bin/tar or /bin/tar")
    }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: tar)
    process.arguments = ["-xzf", archive, "-C", directory, "--strip-components=1"]
    let errors = Pipe()
    process.standardError = errors
    process.standardOutput = FileHandle.nullDevice
    do {
      try process.run()
    } catch {
      throw DatasetError.extractionFailed(
        archive: archive, directory: directory, detail: plainReason(error))
    }
    let message = errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
      throw DatasetError.extractionFailed(
        archive: archive, directory: directory,
        detail: "tar exited with status \(process.terminationStatus): "
          + String(decoding: message, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
      )
    }
  }

  private static func fileSize(_ path: String) -> Int64 {
    let attributes = try? FileManager.default.attributesOfItem(atPath: path)
    return (attributes?[.size] as? NSNumber)?.int64Value ?? 0
  }
}
