// The switches of issue 17 in the forward pass and the scale factors: the inclusive rule
// fires at u = Vth where the strict one does not (the spiking average pool's three spikes of
// 0.25 against its 0.75), the subtract reset keeps the excess, and each scale-factor mode
// gives what it says: the layer's smoothed ratio with the chosen weight, one ratio per
// neuron, 1/Vth, 1, or the values in force.

import XCTest

@testable import SpikingCore

final class EngineSwitchesTests: XCTestCase {
  /// A 2×2 input straight into a spiking average pool (Vth 0.75), then the output layer.
  let poolSpec = NetworkSpec(
    input: Shape(height: 2, width: 2, channels: 1),
    layers: [.avgPool(size: 2), .flatten, .linear(outFeatures: 2)])

  /// The pool's spike count over `steps` steps of `frame` (the same events every step).
  func poolSpikes(_ switches: EngineSwitches, frame: [Float], steps: Int) throws -> Float {
    var network = try Network(spec: poolSpec, timeSteps: steps, seed: 1)
    network.switches = switches
    var settings = TrainerSettings(encoding: .events, workerCount: 1)
    settings.inputFrames = 1
    let buffers = BatchBuffers(
      plan: BufferPlan(layers: network.layers, batch: 1, steps: steps, method: .asfBP, workers: 1))
    frame.withUnsafeBufferPointer { f in
      guard let base = f.baseAddress else { return }
      _ = buffers.forward.run(
        network: network, settings: settings, images: base, count: 1,
        streams: InputStreams(seed: 1),
        counts: buffers.equivalent.flows, recordRaster: false)
    }
    return buffers.equivalent.flows.activation(1)[0]
  }

  func testTheSpikeRuleAndTheResetReachTheForward() throws {
    let three: [Float] = [1, 1, 1, 0]
    var switches = EngineSwitches()
    // x = 0.75 a step: u = 0.75 (not above Vth = 0.75), 1.5 (spike, back to 0), 0.75, 1.5 …
    XCTAssertEqual(try poolSpikes(switches, frame: three, steps: 4), 2)
    switches.spikeRule = .inclusive
    // u = 0.75 ≥ Vth: a spike and a reset to 0 every step.
    XCTAssertEqual(try poolSpikes(switches, frame: three, steps: 4), 4)
    // Subtract reset, strict: 0.75, 1.5 → 0.75, 1.5 → 0.75 …: a spike every step but the
    // first, where the hard reset gives every other step.
    switches = EngineSwitches()
    XCTAssertEqual(try poolSpikes(switches, frame: three, steps: 6), 3)
    switches.reset = .subtract
    XCTAssertEqual(try poolSpikes(switches, frame: three, steps: 6), 5)
    XCTAssertEqual(switches.summary, "reset:subtract")
    XCTAssertEqual(EngineSwitches().summary, "", "the paper's choices need no words")
  }

  func testEachScaleModeGivesWhatItSays() throws {
    var network = try Network(spec: poolSpec, timeSteps: 10, seed: 1)
    let eq = EquivalentNetwork(layers: network.layers, batch: 2, workers: 1)
    // Pool neurons of two samples: FI 4 and 8, FO 2 and 2 (one neuron per sample).
    eq.flows.inputFlow(0)[0] = 4
    eq.flows.inputFlow(0)[1] = 8
    eq.flows.activation(1)[0] = 2
    eq.flows.activation(1)[1] = 2
    network.scaleFactors[0] = 0.5
    network.switches.smoothing = 0.25
    eq.updateScaleFactors(&network, samples: 2)
    // S_new = 4/12; S = 0.25·(1/3) + 0.75·0.5.
    XCTAssertEqual(network.scaleFactors[0], 0.25 * (4.0 / 12) + 0.75 * 0.5, accuracy: 1e-6)

    network.switches.scaleMode = .frozen
    let before = network.scaleFactors
    eq.updateScaleFactors(&network, samples: 2)
    XCTAssertEqual(network.scaleFactors, before)
    network.switches.scaleMode = .fixed
    eq.updateScaleFactors(&network, samples: 2)
    XCTAssertEqual(network.scaleFactors[0], 1 / 0.75, accuracy: 1e-6)
    network.switches.scaleMode = .none
    eq.updateScaleFactors(&network, samples: 2)
    XCTAssertEqual(network.scaleFactors[0], 1)

    // One S per neuron: the pool has one neuron, whose sums run over both samples.
    network.switches.scaleMode = .neuron
    network.switches.smoothing = 1
    eq.updateScaleFactors(&network, samples: 2)
    XCTAssertEqual(network.neuronScaleFactors[0], [Float(4.0 / 12)])
    XCTAssertEqual(network.scaleFactors[0], Float(4.0 / 12), "the layer shows their mean")
  }

  func testPerNeuronRatiosFollowTheRuleForEachNeuron() {
    // Two neurons ([samples][neurons]) over three samples; neuron 1's second sample has
    // FO > FI and is left out.
    let fo: [Float] = [1, 3, 2, 9, 0, 1]
    let fi: [Float] = [2, 6, 4, 5, 0.0001, 2]
    let ratios = fo.withUnsafeBufferPointer { o in
      fi.withUnsafeBufferPointer { i in
        ScaleFactorRule.measurePerNeuron(outputFlow: o, inputFlow: i, neurons: 2, masked: true)
      }
    }
    XCTAssertEqual(ratios[0], Float(3.0 / 6.0001), accuracy: 1e-6)
    XCTAssertEqual(ratios[1], Float(4.0 / 8.0), accuracy: 1e-6)
  }
}
