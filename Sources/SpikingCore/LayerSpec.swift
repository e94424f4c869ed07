// The description of a network as a list of layers, as presets write it. The last layer
// must be a linear layer: the output, which accumulates current and never fires.

/// One layer of a network description.
public enum LayerSpec: Hashable, Codable, Sendable, CustomStringConvertible {
  /// Stride-1 convolution, no bias, followed by spiking neurons (unless it is the output).
  case conv(outChannels: Int, kernel: Int, padding: Int)
  /// Fully connected, no bias, followed by spiking neurons (unless it is the output).
  case linear(outFeatures: Int)
  /// Average pooling (window = stride = size) followed by its own spiking neurons.
  case avgPool(size: Int)
  /// Max pooling (window = stride = size) of the spikes; no neurons of its own.
  case maxPool(size: Int)
  /// Reshape to a vector (a no-op on channels-last storage).
  case flatten

  public var description: String {
    switch self {
    case .conv(let o, let k, let p): "conv \(o) k\(k) p\(p)"
    case .linear(let o): "linear \(o)"
    case .avgPool(let s): "avgpool \(s)"
    case .maxPool(let s): "maxpool \(s)"
    case .flatten: "flatten"
    }
  }
}

/// A whole network: its input shape and its layers in order.
public struct NetworkSpec: Hashable, Codable, Sendable {
  public var input: Shape
  public var layers: [LayerSpec]

  public init(input: Shape, layers: [LayerSpec]) {
    self.input = input
    self.layers = layers
  }

  /// LeNet for 28×28 MNIST (DESIGN §3): conv 20 5×5 · avgpool · conv 50 5×5 · avgpool ·
  /// linear 200 · linear 10.
  public static let lenet = NetworkSpec(
    input: Shape(height: 28, width: 28, channels: 1),
    layers: [
      .conv(outChannels: 20, kernel: 5, padding: 2), .avgPool(size: 2),
      .conv(outChannels: 50, kernel: 5, padding: 2), .avgPool(size: 2), .flatten,
      .linear(outFeatures: 200), .linear(outFeatures: 10),
    ])

  /// VGG7 for 32×32×3 CIFAR-10 (DESIGN §3).
  public static let vgg7 = NetworkSpec(
    input: Shape(height: 32, width: 32, channels: 3),
    layers: [
      .conv(outChannels: 64, kernel: 3, padding: 1), .conv(outChannels: 64, kernel: 3, padding: 1),
      .avgPool(size: 2),
      .conv(outChannels: 128, kernel: 3, padding: 1),
      .conv(outChannels: 128, kernel: 3, padding: 1),
      .conv(outChannels: 128, kernel: 3, padding: 1), .maxPool(size: 2), .flatten,
      .linear(outFeatures: 1024), .linear(outFeatures: 10),
    ])
}
