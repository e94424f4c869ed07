// File-system and network errors as the short sentence a user can act on ("No space left on
// device", "the server did not answer in time") instead of the NSError dump Foundation
// prints ("Error Domain=NSCocoaErrorDomain Code=640 …").

import Foundation

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

/// A short, plain description of a file-system or network error.
public func plainReason(_ error: any Error) -> String {
  let ns = error as NSError
  if ns.domain == NSPOSIXErrorDomain { return posixText(ns.code) }
  if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError,
    underlying.domain == NSPOSIXErrorDomain
  {
    return posixText(underlying.code)
  }
  if ns.domain == NSURLErrorDomain, let text = networkText(ns.code) { return text }
  if ns.domain == NSCocoaErrorDomain, let text = fileText(ns.code) { return text }
  if !(type(of: error) is NSError.Type) { return String(describing: error) }
  return ns.localizedFailureReason ?? ns.localizedDescription
}

private func posixText(_ code: Int) -> String {
  String(cString: strerror(Int32(code)))
}

private func networkText(_ code: Int) -> String? {
  switch URLError.Code(rawValue: code) {
  case .timedOut: "the server did not answer in time"
  case .httpTooManyRedirects: "the server redirected too many times"
  case .cannotFindHost, .dnsLookupFailed: "the host name cannot be resolved"
  case .cannotConnectToHost: "the server refused the connection"
  case .notConnectedToInternet, .networkConnectionLost: "the network connection is down or was lost"
  case .secureConnectionFailed, .serverCertificateUntrusted, .serverCertificateHasBadDate:
    "the secure connection to the server failed"
  case .cancelled: "the transfer was cancelled"
  default: nil
  }
}

private func fileText(_ code: Int) -> String? {
  switch CocoaError.Code(rawValue: code) {
  case .fileNoSuchFile, .fileReadNoSuchFile: "no such file or folder"
  case .fileReadNoPermission, .fileWriteNoPermission: "permission denied"
  case .fileWriteOutOfSpace: "no space left on device"
  case .fileWriteVolumeReadOnly: "the file system is read-only"
  case .fileWriteFileExists: "a file of that name is already there"
  case .fileReadCorruptFile: "the file is damaged"
  case .fileReadInapplicableStringEncoding, .fileWriteInapplicableStringEncoding:
    "the text is not in the expected encoding (UTF-8)"
  default: nil
  }
}
