// The public files of the data sets asf-tui can fetch: where they live, their checksums,
// the folder each goes into, and what to do for a data set that needs a browser.
// It only describes; `DatasetDownloader` does the fetching.

import Foundation

/// One file on a server, named the same there and on disk, with the digest that proves it.
public struct RemoteFile: Sendable, Equatable {
  /// The file name, both at the end of the URL and on disk.
  public let name: String
  /// The digest the downloaded bytes must have.
  public let checksum: FileChecksum

  public init(name: String, checksum: FileChecksum) {
    self.name = name
    self.checksum = checksum
  }

  /// `base` joined with `name` (a missing `/` at the end of `base` is added), or `nil`
  /// when the result is not an http or https URL.
  public func url(base: String) -> URL? {
    let joined = (base.hasSuffix("/") ? base : base + "/") + name
    guard let url = URL(string: joined), let scheme = url.scheme?.lowercased(),
      scheme == "http" || scheme == "https", url.host != nil
    else { return nil }
    return url
  }
}

/// Instructions for a data set whose host needs a browser (a login, a cookie, a click).
public struct ManualDownload: Sendable, Equatable {
  /// The page to open.
  public let page: String
  /// The files to download from that page.
  public let files: [String]
  /// Lines describing the folder layout that the loader expects, relative to the folder.
  public let layout: [String]
}

/// A data set asf-tui knows how to fetch, and the folder under the data root it goes into.
public struct CatalogueEntry: Sendable, Equatable {
  /// How the files are obtained.
  public enum Source: Sendable, Equatable {
    /// Plain HTTP(S) files under `baseURL`. When `extract` is true, each file is a
    /// gzip-compressed tarball whose single top folder is unpacked straight into the
    /// data set's folder.
    case files(baseURL: String, files: [RemoteFile], extract: Bool)
    /// Files a person downloads in a browser; asf-tui only says how.
    case manual(ManualDownload)
  }

  /// The name on the command line: `mnist`, `cifar10`, `cifar10-dvs`.
  public let name: String
  /// The name in messages: `MNIST`, `CIFAR-10`, `CIFAR10-DVS`.
  public let title: String
  /// The folder under the data root, matching what the loaders search (`mnist`, …).
  public let folder: String
  public let source: Source
  /// Files whose presence in the folder means the data set is ready to use (after any
  /// extraction). Empty for manual data sets, which are checked by their layout.
  public let readyMarkers: [String]
}

/// Every data set `asf-tui data fetch` knows, with the checksums of the public files.
///
/// MNIST: the four original `*-ubyte.gz` files as served by the PyTorch mirror; their
/// SHA-256 digests are those of the original 1998 files (9,912,422, 28,881, 1,648,877 and
/// 4,542 bytes). CIFAR-10: the binary version's tarball, with the MD5 published on the
/// CIFAR page. CIFAR10-DVS: the figshare article, which needs a browser.
public enum DatasetCatalogue {
  public static let mnist = CatalogueEntry(
    name: "mnist", title: "MNIST", folder: "mnist",
    source: .files(
      baseURL: "https://ossci-datasets.s3.amazonaws.com/mnist/",
      files: [
        RemoteFile(
          name: "train-images-idx3-ubyte.gz",
          checksum: .sha256("440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609")),
        RemoteFile(
          name: "train-labels-idx1-ubyte.gz",
          checksum: .sha256("3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c")),
        RemoteFile(
          name: "t10k-images-idx3-ubyte.gz",
          checksum: .sha256("8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6")),
        RemoteFile(
          name: "t10k-labels-idx1-ubyte.gz",
          checksum: .sha256("f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6")),
      ],
      extract: false),
    readyMarkers: MNIST.canonicalFileNames)

  public static let cifar10 = CatalogueEntry(
    name: "cifar10", title: "CIFAR-10", folder: "cifar10",
    source: .files(
      baseURL: "https://www.cs.toronto.edu/~kriz/",
      files: [
        RemoteFile(
          name: "cifar-10-binary.tar.gz", checksum: .md5("c32a1d4ab5d03f1284b67883e8d87530"))
      ],
      extract: true),
    readyMarkers: (1...5).map { "data_batch_\($0).bin" } + ["test_batch.bin"])

  /// The ten classes of CIFAR-10 and CIFAR10-DVS, in label order.
  public static let cifarClasses = [
    "airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck",
  ]

  public static let cifar10DVS = CatalogueEntry(
    name: "cifar10-dvs", title: "CIFAR10-DVS", folder: "cifar10-dvs",
    source: .manual(
      ManualDownload(
        page: "https://figshare.com/articles/dataset/CIFAR10-DVS_New/4724671",
        files: cifarClasses.map { "\($0).zip" },
        layout: cifarClasses.map { "\($0)/  (1000 files cifar10_\($0)_<n>.aedat)" })),
    readyMarkers: [])

  /// All entries, in the order `--help` lists them.
  public static let all = [mnist, cifar10, cifar10DVS]

  /// The entry called `name` on the command line, or `nil`.
  public static func entry(named name: String) -> CatalogueEntry? {
    all.first { $0.name == name }
  }
}
