// Every way loading a data set can fail, each case carrying the file and what was
// expected and found. Messages are full sentences that end with a hint.

/// An error from finding, reading or decoding a data set.
///
/// Each case names the file (or the places searched) and what was expected and found;
/// `description` turns that into sentences with a hint on how to fix it.
public enum DatasetError: Error, CustomStringConvertible, Equatable, Sendable {
  /// None of the candidate file names exists (e.g. the raw and the `.gz` form).
  case fileNotFound(tried: [String])
  /// The file exists but could not be read (permissions, a directory, an I/O error).
  case unreadableFile(path: String)
  /// A gzip stream is damaged: bad header, bad deflate data, wrong checksum, or
  /// unexpected bytes after the last member. `detail` is zlib's or our explanation.
  case corruptGzip(path: String, detail: String)
  /// A gzip stream ends before its end marker and trailer (an interrupted download).
  case truncatedGzip(path: String, compressedBytes: Int)
  /// A line of a text file is longer than a reader takes (no newline within the bound).
  case lineTooLong(path: String, line: Int, maximumBytes: Int)
  /// A compressed file expands to more bytes than a reader takes.
  case expandsTooFar(path: String, maximumBytes: Int)
  /// An IDX file starts with the wrong magic number.
  case wrongMagic(path: String, expected: UInt32, found: UInt32)
  /// A file (after decompression) is shorter than its header promises.
  case truncated(path: String, expectedBytes: Int, foundBytes: Int)
  /// A file (after decompression) is longer than its header promises.
  case trailingBytes(path: String, expectedBytes: Int, foundBytes: Int)
  /// A file (after decompression) holds no bytes at all.
  case emptyFile(path: String)
  /// A file of fixed-size records (a CIFAR-10 batch) whose length is not a whole number of
  /// `recordSize`-byte records: the last record is cut short.
  case partialRecord(path: String, recordSize: Int, foundBytes: Int)
  /// An images file and its labels file disagree on the number of samples.
  case countMismatch(imagesPath: String, imageCount: Int, labelsPath: String, labelCount: Int)
  /// A label is not in `0..<classCount`; `index` is the sample's position in the file.
  case labelOutOfRange(path: String, index: Int, value: Int, classCount: Int)
  /// An AEDAT file's event data (after its header) is not a whole number of 8-byte events.
  case truncatedEvents(path: String, headerBytes: Int, eventBytes: Int)
  /// An AEDAT event's address does not decode to a pixel of the 128×128 sensor: bits above
  /// 14 are set, so the row (`address >> 8`) is 128 or more. `index` counts events from 0.
  case coordinateOutOfRange(path: String, index: Int, address: UInt32, x: Int, y: Int)
  /// An AEDAT event's timestamp lies more than `tolerance` µs before the latest one seen.
  case timestampWentBackwards(
    path: String, index: Int, latest: UInt32, found: UInt32, tolerance: UInt32)
  /// An AEDAT file holds a header but not a single event.
  case noEvents(path: String, headerBytes: Int)
  /// A file is in another format or version than the reader handles, e.g. AEDAT 3.1.
  case unsupportedFormat(path: String, expected: String, found: String)
  /// A data set root lacks some of its class folders (named without the root).
  case missingClassFolders(root: String, missing: [String])
  /// A class folder holds no file with the expected extension.
  case emptyClassFolder(path: String, fileExtension: String)
  /// A data set's folder was not found. `searched` lists every folder looked in,
  /// `settings` how the data root was chosen (flag, environment, default), and
  /// `expectedFiles` the file names that mark the folder.
  case dataNotFound(
    dataset: String, searched: [String], settings: [String], expectedFiles: [String])
  /// The host of `url` could not be reached: no DNS answer, connection refused, no route,
  /// or a time-out. `files` are the files still to fetch from `baseURL`, `directory` is
  /// where they belong.
  case noNetwork(url: String, files: [String], baseURL: String, directory: String, detail: String)
  /// The connection broke after `bytes` bytes; they are kept in `partPath` for a resume.
  case downloadInterrupted(url: String, partPath: String, bytes: Int, detail: String)
  /// The server answered with an HTTP status other than 200 or 206.
  case httpStatus(url: String, status: Int)
  /// A download finished but its digest is wrong; the downloaded file was deleted.
  case checksumMismatch(
    url: String, deletedPath: String, algorithm: String, expected: String, found: String)
  /// Any other download failure (a file that cannot be written, a TLS error, …).
  case downloadFailed(url: String, detail: String)
  /// A base URL that does not make an http or https URL.
  case invalidURL(String)
  /// `sha256sum`/`md5sum` (or their macOS forms) is missing or failed on `path`.
  case checksumToolFailed(tool: String, path: String, detail: String)
  /// `tar` could not unpack `archive` into `directory`.
  case extractionFailed(archive: String, directory: String, detail: String)
  /// A data set whose host needs a browser; the case carries the whole procedure.
  case manualDownloadRequired(
    dataset: String, page: String, files: [String], directory: String, layout: [String])

  public var description: String {
    switch self {
    case .fileNotFound(let tried):
      return "Could not find \(Self.list(tried, joinedBy: "or")). "
        + "Hint: place the file there (raw or gzip-compressed), or point --data-dir "
        + "or ASF_DATA_DIR at a folder that holds it."
    case .unreadableFile(let path):
      return "Could not read '\(path)'. "
        + "Hint: check that it is a regular file and that you may read it."
    case .corruptGzip(let path, let detail):
      return "'\(path)' is not a valid gzip stream: \(detail). "
        + "Hint: the file is damaged; download it again."
    case .truncatedGzip(let path, let compressedBytes):
      return "'\(path)' is a truncated gzip stream: it ends after \(compressedBytes) bytes, "
        + "before the end of the compressed data. "
        + "Hint: the download was probably interrupted; download it again."
    case .lineTooLong(let path, let line, let maximumBytes):
      return "'\(path)': line \(line) runs past \(Self.mebibytes(maximumBytes)) without a newline; "
        + "the file holds no lines of text this reader takes (a run's records are kilobytes)."
    case .expandsTooFar(let path, let maximumBytes):
      return "'\(path)' expands to more than \(Self.mebibytes(maximumBytes)) when decompressed; "
        + "no file this reader takes is that large (a compression bomb, or not a run's records)."
    case .wrongMagic(let path, let expected, let found):
      return "'\(path)' does not start with the IDX magic number \(Self.hex(expected)); "
        + "found \(Self.hex(found)). "
        + "Hint: check that this is the right file (images vs labels) and that it is "
        + "not a compressed file with a missing .gz extension."
    case .truncated(let path, let expectedBytes, let foundBytes):
      return "'\(path)' is truncated: its header promises \(expectedBytes) bytes "
        + "but it holds \(foundBytes). Hint: the file is incomplete; download it again."
    case .trailingBytes(let path, let expectedBytes, let foundBytes):
      return "'\(path)' is longer than its header promises: expected \(expectedBytes) bytes, "
        + "found \(foundBytes). Hint: the file is damaged or not an IDX file; "
        + "download it again."
    case .emptyFile(let path):
      return "'\(path)' is empty: it holds no data after decompression. "
        + "Hint: the download probably failed; download the file again."
    case .partialRecord(let path, let recordSize, let foundBytes):
      let whole = foundBytes / recordSize
      return "'\(path)' is truncated: it holds \(foundBytes) bytes, which is \(whole) whole "
        + "\(recordSize)-byte records and \(foundBytes - whole * recordSize) bytes more; "
        + "expected a multiple of \(recordSize). "
        + "Hint: the file is incomplete or not a CIFAR-10 binary batch; download it again."
    case .countMismatch(let imagesPath, let imageCount, let labelsPath, let labelCount):
      return "'\(imagesPath)' holds \(imageCount) images but '\(labelsPath)' holds "
        + "\(labelCount) labels. "
        + "Hint: the two files belong to different splits or data sets; use a matching pair."
    case .labelOutOfRange(let path, let index, let value, let classCount):
      return "'\(path)' has label \(value) at index \(index), but labels must lie in "
        + "0...\(classCount - 1). Hint: the file is damaged or belongs to another data set."
    case .truncatedEvents(let path, let headerBytes, let eventBytes):
      return "'\(path)' ends in the middle of an event: after its \(headerBytes)-byte header "
        + "it holds \(eventBytes) bytes of events, not a multiple of 8 (\(eventBytes / 8) whole "
        + "events and \(eventBytes % 8) bytes more). "
        + "Hint: the file is incomplete (an interrupted copy); download it again."
    case .coordinateOutOfRange(let path, let index, let address, let x, let y):
      return "'\(path)' has event \(index) with address \(Self.hex(address)), which decodes to "
        + "x = \(x), y = \(y), outside the 128×128 DVS128 sensor (0..<128). "
        + "Hint: the file comes from another camera (e.g. a DAVIS) or is damaged; only "
        + "DVS128 recordings such as CIFAR10-DVS are supported."
    case .timestampWentBackwards(let path, let index, let latest, let found, let tolerance):
      return "'\(path)' has event \(index) at \(found) µs, \(latest - found) µs before the "
        + "latest earlier event (\(latest) µs); at most \(tolerance) µs backwards is accepted. "
        + "Hint: the file is damaged or two recordings were joined; download it again."
    case .noEvents(let path, let headerBytes):
      return "'\(path)' holds a \(headerBytes)-byte header but no events. "
        + "Hint: the recording is empty or was cut off; download it again."
    case .unsupportedFormat(let path, let expected, let found):
      return "'\(path)' is not in the expected format: expected \(expected), found \(found). "
        + "Hint: convert the file, or use the original release of the data set."
    case .missingClassFolders(let root, let missing):
      return "'\(root)' lacks the class \(missing.count == 1 ? "folder" : "folders") "
        + "\(Self.list(missing, joinedBy: "and")). "
        + "Hint: the data set must keep one folder per class, named as in its release."
    case .emptyClassFolder(let path, let fileExtension):
      return "'\(path)' holds no .\(fileExtension) files. "
        + "Hint: the class folder is empty or its files were renamed; copy them again."
    case .dataNotFound(let dataset, let searched, let settings, let expectedFiles):
      let places = searched.map { "  \($0)" }.joined(separator: "\n")
      return "Could not find the \(dataset) files. Looked in:\n\(places)\n"
        + "The data root was chosen from: \(settings.joined(separator: "; ")).\n"
        + "Hint: put \(Self.list(expectedFiles, joinedBy: "and"))"
        + (expectedFiles.contains { $0.hasSuffix(".gz") } ? " (or the same names without .gz)" : "")
        + " in one of those folders, or point --data-dir or ASF_DATA_DIR at a folder that "
        + "holds them."
    case .noNetwork(let url, let files, let baseURL, let directory, let detail):
      let them = files.count == 1 ? "it" : "them"
      return "No network: could not reach \(url) (\(detail)). "
        + "Hint: download \(Self.list(files, joinedBy: "and")) from \(baseURL) on a machine "
        + "with internet and copy \(them) to \(directory), or set "
        + "\(DataLocator.environmentVariable) to a folder that already holds the data."
    case .downloadInterrupted(let url, let partPath, let bytes, let detail):
      return "The download of \(url) stopped after \(bytes) bytes (\(detail)). "
        + "The bytes received are kept in '\(partPath)'. "
        + "Hint: run the same command again; it resumes where it stopped."
    case .httpStatus(let url, let status):
      return "The server answered HTTP status \(status) for \(url). "
        + "Hint: check the URL (and --base-url if you gave one); if the mirror has moved, "
        + "pass another with --base-url."
    case .checksumMismatch(let url, let deletedPath, let algorithm, let expected, let found):
      return "The file downloaded from \(url) has the wrong \(algorithm): expected \(expected), "
        + "found \(found). It was deleted ('\(deletedPath)'). "
        + "Hint: run the command again; if the digest is wrong again, the server (or a proxy) "
        + "serves a different file, so try another mirror with --base-url."
    case .downloadFailed(let url, let detail):
      return "Could not download \(url): \(detail). "
        + "Hint: check that the target folder is writable and has room, then run the "
        + "command again."
    case .invalidURL(let text):
      return "'\(text)' is not a valid http or https URL. "
        + "Hint: give a base URL such as https://host/path/ with --base-url."
    case .checksumToolFailed(let tool, let path, let detail):
      return "Could not compute the digest of '\(path)' with \(tool): \(detail). "
        + "Hint: install coreutils (sha256sum, md5sum)."
    case .extractionFailed(let archive, let directory, let detail):
      return "Could not unpack '\(archive)' into '\(directory)': \(detail). "
        + "Hint: the archive was verified, so check free space and permissions, then run "
        + "'tar -xzf \(archive) -C \(directory) --strip-components=1' by hand."
    case .manualDownloadRequired(let dataset, let page, let files, let directory, let layout):
      let tree = layout.map { "  \(directory)/\($0)" }.joined(separator: "\n")
      return "\(dataset) must be downloaded by hand: its host needs a browser.\n"
        + "1. Open \(page) in a browser and download \(Self.list(files, joinedBy: "and")).\n"
        + "2. Unzip each into \(directory) (for example 'unzip airplane.zip -d \(directory)'), "
        + "so that the folder holds one folder per class of .aedat files:\n\(tree)\n"
        + "3. Run this command again to check the layout, or point --data-dir or "
        + "\(DataLocator.environmentVariable) at the folder above \(directory)."
    }
  }

  /// `0x00000803` style: eight hex digits, so magic numbers line up in messages.
  static func hex(_ value: UInt32) -> String {
    let digits = String(value, radix: 16)
    return "0x" + String(repeating: "0", count: max(0, 8 - digits.count)) + digits
  }

  /// `'a'`, `'a' or 'b'`, `'a', 'b' and 'c'`.
  /// 16 MiB, 8 GiB.
  static func mebibytes(_ bytes: Int) -> String {
    bytes >= 1 << 30 && bytes % (1 << 30) == 0 ? "\(bytes >> 30) GiB" : "\(bytes >> 20) MiB"
  }

  static func list(_ items: [String], joinedBy conjunction: String) -> String {
    let quoted = items.map { "'\($0)'" }
    guard let last = quoted.last else { return "(nothing)" }
    if quoted.count == 1 { return last }
    return quoted.dropLast().joined(separator: ", ") + " \(conjunction) " + last
  }
}
