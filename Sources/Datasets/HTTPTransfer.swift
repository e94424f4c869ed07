// One HTTP GET streamed into a `.part` file with URLSession, optionally resuming with a
// Range request, run to completion on the calling thread. It neither verifies nor renames:
// that is `DatasetDownloader`'s job.

import Foundation

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

/// A single GET of `url` into `partPath`, appending from `offset` when the server honours
/// `Range: bytes=<offset>-` (206) and starting the file afresh when it answers 200.
///
/// The delegate's state is touched only on its own serial queue until `run()` has seen
/// the completion signal, hence `@unchecked Sendable`.
final class HTTPTransfer: NSObject, URLSessionDataDelegate, @unchecked Sendable {
  /// How the transfer ended.
  struct Result {
    /// The HTTP status, or `nil` when no response arrived.
    var status: Int?
    /// Bytes in the `.part` file at the end (resumed bytes included).
    var bytesOnDisk: Int64
    /// The first byte this response delivered: `offset` for a 206, 0 for a 200.
    var startedAt: Int64
    /// The network or file error that ended the transfer early, if any.
    var error: Error?
    /// Set when a 206 answer resumed at another offset than asked for (then nothing was
    /// written and the caller should restart from zero).
    var wrongRangeStart: Int64?
  }

  private let url: URL
  private let partPath: String
  private let offset: Int64
  private let timeout: TimeInterval
  private let onProgress: @Sendable (_ bytes: Int64, _ total: Int64?) -> Void
  private let queue = OperationQueue()
  private let done = DispatchSemaphore(value: 0)
  private var result: Result
  private var file: FileHandle?
  private var total: Int64?

  /// - Parameters:
  ///   - offset: bytes already in `partPath`; 0 asks for the whole file.
  ///   - timeout: seconds without any data before the transfer fails.
  ///   - onProgress: bytes on disk and the expected total (if the server said), called on
  ///     a background queue after each chunk.
  init(
    url: URL, partPath: String, offset: Int64, timeout: TimeInterval,
    onProgress: @escaping @Sendable (_ bytes: Int64, _ total: Int64?) -> Void
  ) {
    self.url = url
    self.partPath = partPath
    self.offset = offset
    self.timeout = timeout
    self.onProgress = onProgress
    result = Result(status: nil, bytesOnDisk: offset, startedAt: offset)
    queue.maxConcurrentOperationCount = 1
  }

  /// Runs the GET and blocks until it has finished, failed or been cancelled.
  func run() -> Result {
    let configuration = URLSessionConfiguration.ephemeral
    configuration.timeoutIntervalForRequest = timeout
    configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
    let session = URLSession(configuration: configuration, delegate: self, delegateQueue: queue)
    var request = URLRequest(url: url)
    if offset > 0 { request.setValue("bytes=\(offset)-", forHTTPHeaderField: "Range") }
    session.dataTask(with: request).resume()
    done.wait()
    session.finishTasksAndInvalidate()
    return result
  }

  func urlSession(
    _ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
    completionHandler: @escaping (URLSession.ResponseDisposition) -> Void
  ) {
    let status = (response as? HTTPURLResponse)?.statusCode ?? 0
    result.status = status
    let length = response.expectedContentLength
    do {
      switch status {
      case 206:
        let range = (response as? HTTPURLResponse)?.value(forHTTPHeaderField: "Content-Range")
        let start = range.flatMap(Self.rangeStart) ?? -1
        guard start == offset else {
          result.wrongRangeStart = start
          completionHandler(.cancel)
          return
        }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: partPath))
        try handle.truncate(atOffset: UInt64(offset))
        file = handle
        total = length > 0 ? offset + length : nil
      case 200:
        // The server ignored the Range header (or none was sent): start the file afresh.
        guard FileManager.default.createFile(atPath: partPath, contents: nil) else {
          throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: partPath])
        }
        file = try FileHandle(forWritingTo: URL(fileURLWithPath: partPath))
        result.startedAt = 0
        result.bytesOnDisk = 0
        total = length > 0 ? length : nil
      default:
        completionHandler(.cancel)
        return
      }
    } catch {
      result.error = error
      completionHandler(.cancel)
      return
    }
    onProgress(result.bytesOnDisk, total)
    completionHandler(.allow)
  }

  func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
    guard let file, result.error == nil else { return }
    do {
      try file.write(contentsOf: data)
      result.bytesOnDisk += Int64(data.count)
      onProgress(result.bytesOnDisk, total)
    } catch {
      result.error = error
      dataTask.cancel()
    }
  }

  func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: Error?) {
    if let file {
      do { try file.close() } catch { result.error = result.error ?? error }
      self.file = nil
    }
    // Only this class cancels (bad status, wrong range, failed write), and it has already
    // recorded why; the cancellation itself is not an error of its own.
    if let error, result.error == nil, (error as? URLError)?.code != .cancelled {
      result.error = error
    }
    done.signal()
  }

  /// The first byte of a `Content-Range: bytes START-END/TOTAL` value.
  static func rangeStart(_ value: String) -> Int64? {
    let trimmed = value.trimmingCharacters(in: .whitespaces)
    guard trimmed.lowercased().hasPrefix("bytes ") else { return nil }
    let spec = trimmed.dropFirst("bytes ".count)
    guard let dash = spec.firstIndex(of: "-") else { return nil }
    return Int64(spec[..<dash].trimmingCharacters(in: .whitespaces))
  }
}
