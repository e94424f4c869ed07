// File-system and network errors read as short sentences, not NSError dumps.

import Foundation
import XCTest

@testable import SpikingCore

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

final class SystemErrorTextTests: XCTestCase {
  func testSystemErrorsBecomeSentences() {
    XCTAssertEqual(
      plainReason(NSError(domain: NSPOSIXErrorDomain, code: Int(ENOSPC))), "No space left on device"
    )
    let cocoa = NSError(
      domain: NSCocoaErrorDomain, code: CocoaError.fileWriteUnknown.rawValue,
      userInfo: [NSUnderlyingErrorKey: NSError(domain: NSPOSIXErrorDomain, code: Int(EFBIG))])
    XCTAssertEqual(plainReason(cocoa), "File too large")
    XCTAssertEqual(plainReason(CocoaError(.fileWriteOutOfSpace)), "no space left on device")
    XCTAssertEqual(plainReason(URLError(.timedOut)), "the server did not answer in time")
    XCTAssertEqual(
      plainReason(URLError(.httpTooManyRedirects)), "the server redirected too many times")
    XCTAssertEqual(plainReason(EngineError.emptyNetwork), EngineError.emptyNetwork.description)
    for error in [URLError(.timedOut) as Error, CocoaError(.fileNoSuchFile)] {
      XCTAssertFalse(plainReason(error).contains("Error Domain"), plainReason(error))
    }
  }
}
