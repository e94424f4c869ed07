// Helpers for the event-camera tests: hand-built AEDAT 2.0 files and fake CIFAR10-DVS folders.

import Foundation
import XCTest

@testable import Datasets

/// The usual jAER header lines of an AEDAT 2.0 file.
let standardAEDATHeader = [
  "#!AER-DAT2.0", "# This is a raw AE data file - do not edit",
  "# Data format is int32 address, int32 timestamp (8 bytes total), repeated for each event",
  "# Timestamps tick is 1 us", "# created Mon Apr 01 12:00:00 CEST 2024",
]

/// The bytes of an AEDAT 2.0 file: each header line plus `lineEnd`, then big-endian
/// (address, timestamp) pairs.
func aedatBytes(
  header: [String] = standardAEDATHeader, lineEnd: String = "\r\n",
  events: [(address: UInt32, timestamp: UInt32)]
) -> [UInt8] {
  func word(_ value: UInt32) -> [UInt8] {
    [UInt8(value >> 24), UInt8(value >> 16 & 0xff), UInt8(value >> 8 & 0xff), UInt8(value & 0xff)]
  }
  let headerBytes = header.flatMap { Array(($0 + lineEnd).utf8) }
  return headerBytes + events.flatMap { word($0.address) + word($0.timestamp) }
}

/// The bytes of an AEDAT 2.0 file holding `events`.
func aedatBytes(_ events: [DVSEvent]) -> [UInt8] {
  aedatBytes(events: events.map { ($0.address, $0.timestamp) })
}

/// The size of `standardAEDATHeader` in bytes, `"\r\n"` line ends included.
var standardAEDATHeaderSize: Int {
  standardAEDATHeader.reduce(0) { $0 + $1.utf8.count + 2 }
}

/// Writes a fake CIFAR10-DVS under `root`: every class folder holds `filesPerClass`
/// recordings `cifar10_<class>_<i>.aedat`; recording `i` of class `label` has `i + 1` ON
/// events at pixel (3·label, 3·i) spread over 1 ms. A `README.txt` in each folder must be
/// ignored.
func writeFakeCIFAR10DVS(at root: URL, filesPerClass: Int) throws {
  for (label, name) in CIFAR10DVS.classNames.enumerated() {
    let folder = root.appendingPathComponent(name)
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    try write(Array("not a recording".utf8), to: "README.txt", in: folder)
    for i in 0..<filesPerClass {
      let (x, y) = (UInt8(3 * label), UInt8(3 * i))
      let events = (0...i).map { (k: Int) -> DVSEvent in
        DVSEvent(x: x, y: y, polarity: 1, timestamp: UInt32(1000 * k))
      }
      try write(aedatBytes(events), to: "cifar10_\(name)_\(i).aedat", in: folder)
    }
  }
}
