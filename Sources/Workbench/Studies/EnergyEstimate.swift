// Energy of inference estimated from operation counts: a spiking network performs one
// addition per synaptic operation (SOP), a non-spiking network with the same weights one
// multiply-accumulate (MAC) per weight use. The per-operation energies are those of 32-bit
// floating point in 45 nm CMOS (M. Horowitz, "Computing's energy problem", ISSCC 2014):
// an addition 0.9 pJ, a multiplication 3.7 pJ, so a MAC 4.6 pJ. They compare the two
// networks on equal terms; real neuromorphic hardware differs.

import SpikingCore

/// Inference energy of a spiking network against the same network as an ANN.
public struct EnergyEstimate: Sendable, Equatable {
  /// Picojoules per synaptic operation (a 32-bit float addition).
  public static let picojoulesPerSOP = 0.9
  /// Picojoules per multiply-accumulate (a 32-bit float multiplication and addition).
  public static let picojoulesPerMAC = 4.6
  public static let source = "Horowitz, ISSCC 2014, 45 nm: 0.9 pJ per add, 4.6 pJ per MAC"

  public let synapticOperations: Double
  public let multiplyAccumulates: Double

  /// The estimate for `synapticOperations` per sample in a network of `layers`.
  public init(synapticOperations: Double, layers: [LayerInfo]) {
    self.synapticOperations = synapticOperations
    multiplyAccumulates = layers.reduce(0) { $0 + $1.denseMACs }
  }

  /// Microjoules per inference of the spiking network and of the ANN.
  public var spikingMicrojoules: Double { synapticOperations * Self.picojoulesPerSOP * 1e-6 }
  public var denseMicrojoules: Double { multiplyAccumulates * Self.picojoulesPerMAC * 1e-6 }
}
