// The forward's hot loops on every instruction set this CPU has (portable, SSE2, AVX2+FMA,
// AVX-512F): the same spike counts, the same trained weights, bit for bit, on a VGG-like
// network whose conv spans are 3·64 and 3·128 floats (the 64-float chunks, the 16-, 8- and
// 4-float tails and groups of up to 64 events at one position) and on LeNet.

import XCTest

@testable import SpikingCore

final class SpikeKernelsTests: XCTestCase {
  override func tearDown() {
    SpikeKernels.use(nil)
  }

  /// One trained batch and the counts of every layer, at the kernel level in force.
  private func trainOnce(_ spec: NetworkSpec, steps: Int) throws -> ([[Float]], [Float]) {
    let network = try Network(spec: spec, timeSteps: steps, threshold: 0.5, seed: 12)
    let trainer = ASFTrainer(
      network: network, settings: TrainerSettings(encoding: .clampedRate, workerCount: 2))
    var rng = RandomSource(seed: 21)
    let images = (0..<(4 * spec.input.count)).map { _ in rng.nextFloat(in: -1, 1) }
    let stats = trainer.trainBatch(
      images: images, labels: [0, 1, 2, 3], seed: 4, updateScaleFactors: true,
      recordRaster: false)
    return (trainer.network.weights, stats.layers.map(\.spikeRate) + [stats.loss])
  }

  func testEveryInstructionSetGivesTheSameBits() throws {
    let wide = NetworkSpec(
      input: Shape(height: 8, width: 8, channels: 3),
      layers: [
        .conv(outChannels: 64, kernel: 3, padding: 1),
        .conv(outChannels: 64, kernel: 3, padding: 1),
        .avgPool(size: 2), .conv(outChannels: 128, kernel: 3, padding: 1), .maxPool(size: 2),
        .flatten, .linear(outFeatures: 37), .linear(outFeatures: 10),
      ])
    print("spike kernels: this CPU's best is \(SpikeKernels.names[SpikeKernels.best])")
    XCTAssertGreaterThanOrEqual(SpikeKernels.best, 1, "x86-64 has SSE2 at least")
    for spec in [wide, .lenet] {
      SpikeKernels.use(0)
      XCTAssertEqual(SpikeKernels.level, 0)
      let (weights, rates) = try trainOnce(spec, steps: 6)
      XCTAssertGreaterThan(rates.dropLast().filter { $0 > 0 }.count, 2, "the layers spike")
      for level in 1...SpikeKernels.best {
        XCTAssertEqual(SpikeKernels.use(level), level)
        let (other, otherRates) = try trainOnce(spec, steps: 6)
        XCTAssertEqual(otherRates, rates, "\(SpikeKernels.names[level]): spike rates and loss")
        XCTAssertEqual(other, weights, "\(SpikeKernels.names[level]): the weights after a step")
      }
    }
    XCTAssertEqual(SpikeKernels.use(99), SpikeKernels.best, "never above what the CPU has")
  }

  func testTheStandardLevelIsTheBestButForAVX512WhereItMeasuredSlower() {
    let standard = SpikeKernels.standard
    print("spike kernels: \(SpikeKernels.names[standard]) unless asked")
    if SpikeKernels.best == 3 {
      XCTAssertTrue([2, 3].contains(standard), "AVX-512 or AVX2 by measurement")
    } else {
      XCTAssertEqual(standard, SpikeKernels.best, "no measurement below AVX-512")
    }
    SpikeKernels.use(1)
    XCTAssertEqual(SpikeKernels.use(nil), standard, "nil goes back to the standard level")
    XCTAssertEqual(SpikeKernels.level, standard)
  }
}
