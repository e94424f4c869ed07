// A tiny HTTP/1.1 file server on 127.0.0.1 for the downloader tests: POSIX sockets, one
// background thread, one request per connection. It serves files from a folder, honours
// `Range: bytes=N-` with 206, can cut its first response short, and stops after a fixed
// number of requests or a few seconds, whichever comes first. GET only; no keep-alive.

import Foundation

#if canImport(Glibc)
  import Glibc
  private let streamSocket = Int32(SOCK_STREAM.rawValue)
  private let sendFlags = Int32(MSG_NOSIGNAL)
  private let systemSend = Glibc.send
#else
  import Darwin
  private let streamSocket = SOCK_STREAM
  private let sendFlags: Int32 = 0
  private let systemSend = Darwin.send
#endif

final class LocalHTTPServer: @unchecked Sendable {
  /// How the server answers.
  enum Mode {
    /// Full files, or the rest of a file for a Range request (206).
    case normal
    /// The first response promises the whole file but the connection is closed after
    /// `bytes` body bytes; later requests are answered normally.
    case dropFirstResponse(afterBytes: Int)
    /// Range headers are ignored: always 200 and the whole file.
    case ignoreRange
    /// Every request is redirected to the path it asked for (a redirect loop).
    case redirectLoop
  }

  /// One request as received.
  struct Request: Equatable {
    var path: String
    /// The value of the `Range` header, if one was sent.
    var range: String?
  }

  /// The port the server listens on (chosen by the kernel).
  let port: UInt16
  var baseURL: String { "http://127.0.0.1:\(port)/" }

  private let root: URL
  private let mode: Mode
  private let listener: Int32
  private let lock = NSLock()
  private var received: [Request] = []
  private var stopRequested = false
  private let finished = DispatchSemaphore(value: 0)

  /// Starts listening and serving `root` on a background thread.
  /// - Parameters:
  ///   - maxRequests: the server stops after answering this many requests.
  ///   - lifetime: and in any case after this many seconds.
  init(root: URL, mode: Mode = .normal, maxRequests: Int, lifetime: TimeInterval = 10) throws {
    self.root = root
    self.mode = mode
    let descriptor = socket(AF_INET, streamSocket, 0)
    guard descriptor >= 0 else { throw ServerError.socket("socket", errno) }
    var address = Self.loopback(port: 0)
    let bound = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
      }
    }
    guard bound == 0, listen(descriptor, 8) == 0, let port = try? Self.localPort(of: descriptor)
    else {
      close(descriptor)
      throw ServerError.socket("bind/listen", errno)
    }
    listener = descriptor
    self.port = port
    let thread = Thread { [self] in
      serve(maxRequests: maxRequests, deadline: Date().addingTimeInterval(lifetime))
    }
    thread.start()
  }

  deinit { stop() }

  /// The requests answered so far.
  var requests: [Request] {
    lock.lock()
    defer { lock.unlock() }
    return received
  }

  /// Stops accepting and waits for the serving thread to end (idempotent).
  func stop() {
    lock.lock()
    let first = !stopRequested
    stopRequested = true
    lock.unlock()
    if first { finished.wait() }
  }

  /// A port on 127.0.0.1 that nobody listens on: bound, then closed without listening.
  static func unusedPort() throws -> UInt16 {
    let probe = socket(AF_INET, streamSocket, 0)
    guard probe >= 0 else { throw ServerError.socket("socket", errno) }
    defer { close(probe) }
    var address = loopback(port: 0)
    let bound = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        bind(probe, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
      }
    }
    guard bound == 0 else { throw ServerError.socket("bind", errno) }
    return try localPort(of: probe)
  }

  enum ServerError: Error {
    case socket(String, Int32)
  }

  // MARK: - Serving

  private func serve(maxRequests: Int, deadline: Date) {
    defer {
      close(listener)
      finished.signal()
    }
    var served = 0
    while served < maxRequests, Date() < deadline, !isStopping {
      var poller = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
      guard poll(&poller, 1, 50) > 0 else { continue }
      let connection = accept(listener, nil, nil)
      guard connection >= 0 else { continue }
      answer(connection, isFirst: served == 0)
      close(connection)
      served += 1
    }
  }

  private var isStopping: Bool {
    lock.lock()
    defer { lock.unlock() }
    return stopRequested
  }

  private func answer(_ connection: Int32, isFirst: Bool) {
    guard let head = readHead(connection) else { return }
    let lines = head.components(separatedBy: "\r\n")
    let parts = lines.first?.split(separator: " ") ?? []
    guard parts.count >= 2 else { return }
    let path = String(parts[1])
    var range: String?
    for line in lines.dropFirst() {
      let pair = line.split(separator: ":", maxSplits: 1)
      if pair.count == 2, pair[0].lowercased() == "range" {
        range = pair[1].trimmingCharacters(in: .whitespaces)
      }
    }
    lock.lock()
    received.append(Request(path: path, range: range))
    lock.unlock()

    if case .redirectLoop = mode {
      send(
        connection,
        "HTTP/1.1 302 Found\r\nLocation: \(path)\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
      return
    }
    let file = root.appendingPathComponent(String(path.drop(while: { $0 == "/" })))
    guard let data = FileManager.default.contents(atPath: file.path) else {
      send(connection, "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
      return
    }
    let bytes = [UInt8](data)
    var honoursRange = true
    if case .ignoreRange = mode { honoursRange = false }
    var start = 0
    if honoursRange, let range, range.hasPrefix("bytes="), range.hasSuffix("-"),
      let from = Int(range.dropFirst("bytes=".count).dropLast())
    {
      guard from < bytes.count else {
        send(
          connection,
          "HTTP/1.1 416 Range Not Satisfiable\r\nContent-Range: bytes */\(bytes.count)\r\n"
            + "Content-Length: 0\r\nConnection: close\r\n\r\n")
        return
      }
      start = from
    }
    let status =
      start > 0
      ? "206 Partial Content\r\nContent-Range: bytes \(start)-\(bytes.count - 1)/\(bytes.count)"
      : "200 OK"
    send(
      connection,
      "HTTP/1.1 \(status)\r\nContent-Length: \(bytes.count - start)\r\n"
        + "Content-Type: application/octet-stream\r\nConnection: close\r\n\r\n")
    var body = Array(bytes[start...])
    if isFirst, case .dropFirstResponse(let cut) = mode {
      body = Array(body.prefix(cut))
    }
    send(connection, body)
  }

  /// Reads up to the blank line that ends the request head (at most 16 KiB, 2 s).
  private func readHead(_ connection: Int32) -> String? {
    var timeout = timeval(tv_sec: 2, tv_usec: 0)
    setsockopt(
      connection, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    var buffer = [UInt8]()
    var chunk = [UInt8](repeating: 0, count: 4096)
    while buffer.count < 16_384 {
      let count = recv(connection, &chunk, chunk.count, 0)
      guard count > 0 else { return nil }
      buffer += chunk[..<count]
      if let text = String(bytes: buffer, encoding: .utf8), let end = text.range(of: "\r\n\r\n") {
        return String(text[..<end.lowerBound])
      }
    }
    return nil
  }

  private func send(_ connection: Int32, _ text: String) {
    send(connection, Array(text.utf8))
  }

  private func send(_ connection: Int32, _ bytes: [UInt8]) {
    var offset = 0
    while offset < bytes.count {
      let sent = bytes[offset...].withUnsafeBytes {
        systemSend(connection, $0.baseAddress, $0.count, sendFlags)
      }
      guard sent > 0 else { return }
      offset += sent
    }
  }

  private static func loopback(port: UInt16) -> sockaddr_in {
    var address = sockaddr_in()
    #if !canImport(Glibc)
      address.sin_len = UInt8(MemoryLayout<sockaddr_in>.size)
    #endif
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = port.bigEndian
    address.sin_addr = in_addr(s_addr: UInt32(0x7f00_0001).bigEndian)
    return address
  }

  private static func localPort(of socket: Int32) throws -> UInt16 {
    var address = sockaddr_in()
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let status = withUnsafeMutablePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        getsockname(socket, $0, &length)
      }
    }
    guard status == 0 else { throw ServerError.socket("getsockname", errno) }
    return UInt16(bigEndian: address.sin_port)
  }
}
