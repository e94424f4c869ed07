// Finding the CIFAR10-DVS folder under the data root; loading is CIFAR10DVS's job.

import Foundation

extension DataLocator {
  /// The folders searched for CIFAR10-DVS, in order: `<root>/cifar10-dvs`,
  /// `<root>/CIFAR10-DVS`, then `<root>` itself.
  public var cifar10DVSCandidates: [String] {
    let url = URL(fileURLWithPath: root)
    return [
      url.appendingPathComponent("cifar10-dvs").path,
      url.appendingPathComponent("CIFAR10-DVS").path, root,
    ]
  }

  /// The first folder of `cifar10DVSCandidates` that holds all ten class folders.
  /// - Throws: `DatasetError.dataNotFound`, listing every folder searched, how the data
  ///   root was chosen, and the class folders looked for.
  public func cifar10DVSDirectory() throws -> String {
    try firstDirectory(
      cifar10DVSCandidates, dataset: "CIFAR10-DVS",
      holds: CIFAR10DVS.looksLikeCIFAR10DVSDirectory,
      expectedFiles: CIFAR10DVS.classNames.map { $0 + "/" })
  }
}
