// CIFAR10-DVS from its original release: one folder per class of jAER .aedat files.
// Listing and the fixed train/test split are eager (names only); events and frames are
// read lazily, one sample at a time, because the binned set would not fit in memory.

import Foundation

/// CIFAR10-DVS: 10,000 DVS128 recordings of CIFAR-10 images (1,000 per class) moving on
/// a screen, stored as `<root>/<class>/*.aedat` (AEDAT 2.0).
///
/// There is no official split. Ours is fixed and documented: within each class folder the
/// `.aedat` files are sorted by name in byte order (as Python's `sorted`, and so as the
/// folder-order splits of common reference loaders); the first `⌊9n/10⌋` of the `n` files
/// train and the rest test — 900 and 100 per class for the full release. Samples are listed
/// class by class (label 0 first), each class in name order.
///
/// `sample(at:)` reads one file and bins it into `frameCount` frames of 2 × 42 × 42 spike
/// counts (see `EventFrames`); nothing is cached, so memory stays at one sample per call.
public struct CIFAR10DVS: Sendable, Equatable {
  /// Which part of the fixed split to list.
  public enum Split: String, Sendable, CaseIterable {
    /// The first 90 % of each class's files, by name.
    case train
    /// The last 10 % of each class's files, by name.
    case test
  }

  /// The class folder names; a folder's position is its label.
  public static let classNames = [
    "airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck",
  ]
  /// Ten classes, as CIFAR-10.
  public static let classCount = classNames.count
  /// The extension of the recordings, without the dot.
  public static let fileExtension = "aedat"

  /// The folder holding the class folders.
  public let root: String
  /// The part of the split listed.
  public let split: Split
  /// Time bins per sample (T); the network input replays them 3 times.
  public var frameCount: Int
  /// The recordings of this split, class by class, each class in name order.
  public let paths: [String]
  /// The class index of each recording, parallel to `paths`.
  public let labels: [UInt8]

  /// Lists the recordings of `split` under `root`; no recording is opened.
  /// - Throws: `DatasetError.missingClassFolders` naming every absent class folder, or
  ///   `.emptyClassFolder` for a class folder without `.aedat` files.
  public init(root: String, split: Split, frameCount: Int) throws {
    precondition(frameCount > 0, "frameCount must be positive")
    let rootURL = URL(fileURLWithPath: root)
    let missing = Self.classNames.filter {
      !Self.isDirectory(rootURL.appendingPathComponent($0).path)
    }
    guard missing.isEmpty else {
      throw DatasetError.missingClassFolders(root: root, missing: missing)
    }
    var paths = [String]()
    var labels = [UInt8]()
    for (label, name) in Self.classNames.enumerated() {
      let folder = rootURL.appendingPathComponent(name).path
      let files = try Self.recordingNames(in: folder)
      guard !files.isEmpty else {
        throw DatasetError.emptyClassFolder(path: folder, fileExtension: Self.fileExtension)
      }
      let trainCount = Self.trainCount(ofClassSize: files.count)
      let chosen = split == .train ? files[..<trainCount] : files[trainCount...]
      paths += chosen.map { URL(fileURLWithPath: folder).appendingPathComponent($0).path }
      labels += repeatElement(UInt8(label), count: chosen.count)
    }
    self.root = root
    self.split = split
    self.frameCount = frameCount
    self.paths = paths
    self.labels = labels
  }

  /// The number of recordings in this split.
  public var count: Int { paths.count }

  /// The same split keeping `limit` evenly spaced recordings (every class stays in, since
  /// the listing goes class by class); all of them when `limit` is 0 or not below `count`.
  public func evenlySpaced(_ limit: Int) -> CIFAR10DVS {
    guard limit > 0 && limit < count else { return self }
    let kept = (0..<limit).map { $0 * count / limit }
    return CIFAR10DVS(
      root: root, split: split, frameCount: frameCount, paths: kept.map { paths[$0] },
      labels: kept.map { labels[$0] })
  }

  private init(root: String, split: Split, frameCount: Int, paths: [String], labels: [UInt8]) {
    self.root = root
    self.split = split
    self.frameCount = frameCount
    self.paths = paths
    self.labels = labels
  }

  /// Floats per sample: `frameCount · 42 · 42 · 2`.
  public var sampleSize: Int { frameCount * EventFrames.frameSize }

  /// Reads recording `index` and bins it: `frames` is `[frameCount][42][42][2]` counts.
  /// - Throws: any error of `AEDATReader.recording(atPath:backwardsTolerance:)`.
  public func sample(at index: Int) throws -> (frames: [Float], label: Int) {
    let events = try events(at: index)
    return (EventFrames.bin(events, frameCount: frameCount), Int(labels[index]))
  }

  /// Reads recording `index` and bins it into `output` (`sampleSize` floats), for filling
  /// a preallocated batch buffer; returns the label.
  public func sample(at index: Int, into output: UnsafeMutableBufferPointer<Float>) throws -> Int {
    let events = try events(at: index)
    EventFrames.bin(events, frameCount: frameCount, into: output)
    return Int(labels[index])
  }

  /// The decoded events of recording `index`.
  public func events(at index: Int) throws -> [DVSEvent] {
    precondition(index >= 0 && index < count, "sample index \(index) outside 0..<\(count)")
    return try AEDATReader.events(atPath: paths[index])
  }

  /// The number of recordings of each class; the result has 10 entries.
  public func labelCounts() -> [Int] {
    var counts = [Int](repeating: 0, count: Self.classCount)
    for label in labels { counts[Int(label)] += 1 }
    return counts
  }

  /// How many of a class's `n` recordings train: `⌊9n/10⌋` (900 of 1,000).
  public static func trainCount(ofClassSize n: Int) -> Int {
    n * 9 / 10
  }

  /// Whether `directory` holds all ten class folders.
  public static func looksLikeCIFAR10DVSDirectory(_ directory: String) -> Bool {
    let url = URL(fileURLWithPath: directory)
    return classNames.allSatisfy { isDirectory(url.appendingPathComponent($0).path) }
  }

  /// The `.aedat` file names in `folder`, sorted in byte order.
  static func recordingNames(in folder: String) throws -> [String] {
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else {
      throw DatasetError.unreadableFile(path: folder)
    }
    return
      names
      .filter { ($0 as NSString).pathExtension.lowercased() == fileExtension }
      .sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
  }

  private static func isDirectory(_ path: String) -> Bool {
    var isDirectory: ObjCBool = false
    return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
      && isDirectory.boolValue
  }
}
