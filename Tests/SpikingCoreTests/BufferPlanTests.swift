// The buffer plan: every slice lies inside the arena, on its own bytes and a 64-byte
// boundary; ASF-BP's arena does not grow with T while BPTT's grows by exactly its per-step
// state; a batch step keeps its buffers while the shape fits them and replaces them when not.

import XCTest

@testable import SpikingCore

final class BufferPlanTests: XCTestCase {
  /// Every slice of a plan with its element size.
  private func slices(_ plan: BufferPlan) -> [(ArenaSlice, Int)] {
    let f = MemoryLayout<Float>.stride
    let i = MemoryLayout<Int32>.stride
    var all: [(ArenaSlice, Int)] = []
    all += plan.activations.map { ($0, f) } + plan.inputFlows.map { ($0, f) }
    all += plan.columns.map { ($0, f) } + plan.argMax.map { ($0, i) }
    all += (plan.deltaA + plan.deltaB + plan.deltaColumns).map { ($0, f) }
    all += plan.partialGradients.flatMap { $0 }.map { ($0, f) }
    for tables in plan.lookups {
      all += [tables.row, tables.column, tables.channel, tables.target].map { ($0, i) }
    }
    all += plan.eligibility.map { ($0, f) }
    for space in plan.workspaces {
      all += space.membranes.map { ($0, f) } + space.eligibilityFactors.map { ($0, f) }
      all += (space.spikes + space.stamps + [space.inputPositive, space.inputNegative]).map {
        ($0, i)
      }
    }
    if let trace = plan.trace {
      all += ([trace.input] + trace.membranes.compactMap { $0 } + trace.outputs).map { ($0, f) }
      all += (trace.columns + trace.columnGradients + trace.sampleVectors).map { ($0, f) }
      all += trace.winners.map { ($0, i) }
      all += trace.saved.flatMap { $0 }.map { ($0, f) }
      all += trace.carries.flatMap { $0 }.compactMap { $0 }.map { ($0, f) }
    }
    return all
  }

  func testSlicesAreAlignedInsideTheArenaAndDisjoint() throws {
    let network = try Network(spec: .lenet, timeSteps: 7)
    for method in TrainingMethod.allCases {
      let plan = BufferPlan(
        layers: network.layers, batch: 5, steps: 7, method: method, workers: 2)
      let all = slices(plan).sorted { $0.0.offset < $1.0.offset }
      var end = 0
      for (slice, size) in all {
        XCTAssertEqual(slice.offset % 64, 0, "\(method): slice at \(slice.offset) is unaligned")
        XCTAssertGreaterThanOrEqual(slice.offset, end, "\(method): slices overlap")
        XCTAssertGreaterThan(slice.count, 0)
        end = slice.offset + slice.count * size
      }
      XCTAssertLessThanOrEqual(end, plan.totalBytes)
      XCTAssertEqual(plan.trace == nil, method.goesBackThroughFlows, "\(method)")
    }
  }

  func testSizesFollowTheShapes() throws {
    let network = try Network(spec: .lenet, timeSteps: 7)
    let plan = BufferPlan(
      layers: network.layers, batch: 5, steps: 7, method: .asfBP, workers: 8)
    XCTAssertEqual(plan.workers, 5, "no more workers than samples")
    XCTAssertEqual(plan.blocks, 1, "one gradient block of up to 8 samples")
    XCTAssertEqual(
      BufferPlan(layers: network.layers, batch: 17, steps: 7, method: .asfBP, workers: 2).blocks,
      3)
    XCTAssertEqual(plan.activations[0].count, 5 * 28 * 28)
    for (l, layer) in network.layers.enumerated() {
      XCTAssertEqual(plan.inputFlows[l].count, 5 * layer.outputShape.count)
      XCTAssertEqual(plan.activations[l + 1].count, 5 * layer.outputShape.count)
      let weights = layer.weightShape.rows * layer.weightShape.columns
      XCTAssertEqual(plan.partialGradients[0][l].count, max(1, weights))
      if case .conv(let g) = layer.kind {
        XCTAssertEqual(plan.columns[l].count, 5 * g.positions * g.patchSize)
      }
    }
  }

  func testOnlyBPTTGrowsWithTheTimeWindow() throws {
    let network = try Network(spec: .lenet, timeSteps: 10)
    func bytes(_ method: TrainingMethod, _ steps: Int) -> Int {
      BufferPlan(layers: network.layers, batch: 4, steps: steps, method: method, workers: 2)
        .totalBytes
    }
    XCTAssertEqual(bytes(.asfBP, 10), bytes(.asfBP, 300))
    let growth = bytes(.bptt, 20) - bytes(.bptt, 10)
    // The per-step state grows by T, and so does each worker's room for the output layer's
    // rows of a block (a per-step loss); alignment adds at most 63 bytes per slice.
    let state = BPTTTrainer.stateBytes(network: network, batch: 4, steps: 10)
    let outputRows = 2 * 4 * 10 * network.classCount * MemoryLayout<Float>.stride
    XCTAssertGreaterThanOrEqual(growth, state + outputRows)
    XCTAssertLessThan(growth, state + outputRows + 64 * network.layers.count * 2 + 128)
  }

  func testABatchStepKeepsBuffersWhileTheShapeFits() throws {
    let network = try Network(spec: .lenet, timeSteps: 10)
    let asf = BatchStep(method: .asfBP)
    let first = asf.buffers(network: network, batch: 8, workers: 2)
    XCTAssertTrue(first === asf.buffers(network: network, batch: 3, workers: 2))
    var longer = network
    longer.timeSteps = 40
    XCTAssertTrue(first === asf.buffers(network: longer, batch: 8, workers: 2), "T-free")
    XCTAssertFalse(first === asf.buffers(network: network, batch: 9, workers: 2))

    let bptt = BatchStep(method: .bptt)
    let traced = bptt.buffers(network: network, batch: 4, workers: 1)
    XCTAssertNotNil(traced.trace)
    XCTAssertTrue(traced === bptt.buffers(network: network, batch: 4, workers: 1))
    XCTAssertFalse(traced === bptt.buffers(network: longer, batch: 4, workers: 1))
  }

  func testTheArenaStartsZeroed() throws {
    let network = try Network(spec: .lenet, timeSteps: 3)
    let buffers = BatchBuffers(
      plan: BufferPlan(layers: network.layers, batch: 2, steps: 3, method: .bptt, workers: 1))
    for a in 0...network.layers.count {
      XCTAssertTrue(buffers.flows.activation(a).allSatisfy { $0 == 0 })
    }
    let trace = try XCTUnwrap(buffers.trace)
    let input = UnsafeBufferPointer(start: trace.input, count: 2 * 3 * 28 * 28)
    XCTAssertTrue(input.allSatisfy { $0 == 0 })
  }
}
