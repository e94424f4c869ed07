// A test case with a fresh temporary folder of its own, removed afterwards.

import Foundation
import XCTest

class FolderTestCase: XCTestCase {
  /// The folder, made before each test.
  var folder = ""

  override func setUpWithError() throws {
    folder = NSTemporaryDirectory() + "asf-test-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
  }

  override func tearDownWithError() throws {
    try? FileManager.default.removeItem(atPath: folder)
  }
}
