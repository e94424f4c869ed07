// What a run needs to know of a split before it reads any sample: its name, its size and
// the class of each sample. In-memory images and lazily read recordings both provide it.

/// A labelled set of samples, however they are stored.
public protocol LabelledSamples: Sendable {
  /// A short name for logs and the UI, e.g. `"mnist-train"`.
  var name: String { get }
  /// The number of samples.
  var count: Int { get }
  /// One class index per sample.
  var labels: [UInt8] { get }
  /// The number of classes; labels lie in `0..<classCount`.
  var classCount: Int { get }
}

extension ImageDataset: LabelledSamples {}

extension CIFAR10DVS: LabelledSamples {
  /// `"cifar10-dvs-train"` or `"cifar10-dvs-test"`.
  public var name: String { "cifar10-dvs-\(split.rawValue)" }
  /// Ten, as CIFAR-10.
  public var classCount: Int { Self.classCount }
}
