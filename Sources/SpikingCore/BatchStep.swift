// One training batch, the same for both methods up to the backward pass: the event-driven
// spiking forward, FI and mem through the equivalent network's GEMMs, the scale factors, the
// loss and statistics, then the method's backward and the Adam step. Also spiking inference.
// Path of the ASF-BP backward: SpikingTrainer.trainBatch → BatchStep.trainBatch →
// ASFTrainer.backward → EquivalentNetwork.backward.

import Foundation

/// The batch buffers (spike counts, flows) and the event-driven forward every trainer uses,
/// and the backward of the trainer's method.
public final class BatchStep: @unchecked Sendable {
  public let method: TrainingMethod
  private var current: BatchBuffers?

  init(method: TrainingMethod) { self.method = method }

  /// Buffers for at least `batch` samples of `network` (kept while the shape fits them).
  func buffers(network: Network, batch: Int, workers: Int) -> BatchBuffers {
    if let current,
      current.plan.serves(
        layers: network.layers, batch: batch, steps: network.timeSteps, workers: workers)
    {
      return current
    }
    current = nil  // free the old arena before allocating the new one
    let fresh = BatchBuffers(
      plan: BufferPlan(
        layers: network.layers, batch: batch, steps: network.timeSteps, method: method,
        workers: workers))
    current = fresh
    return fresh
  }

  /// One training batch, the same for both methods but for the backward pass: the spiking
  /// forward (writing BPTT's per-step state when the buffers hold a trace), FI and mem, the
  /// scale factors when asked (ASF-BP only), the loss and statistics; then, if the loss is
  /// finite, the method's backward (ASFTrainer.backward or BPTTTrainer.backward) puts ∂L/∂W
  /// in the zeroed gradients and Adam steps.
  func trainBatch(
    state: inout TrainerState, images: UnsafePointer<Float>, labels: [Int],
    streams: InputStreams, updateScaleFactors: Bool, recordRaster: Bool
  ) -> BatchStatistics {
    let count = labels.count
    let settings = state.settings
    let buffers = buffers(network: state.network, batch: count, workers: settings.workerCount)
    let eq = buffers.equivalent
    let clock = ContinuousClock()
    let start = clock.now
    let rasters: [SpikeRaster]
    if method.trainsOnline {
      // OTTT and SLTT go back window by window as the forward runs.
      zeroGradients(&state)
      rasters = trainOnline(
        state: &state, buffers: buffers, images: images, labels: labels, streams: streams,
        recordRaster: recordRaster)
    } else {
      let trace = buffers.trace
      rasters = buffers.forward.run(
        network: state.network, settings: settings, images: images, count: count,
        streams: streams, counts: eq.flows, recordRaster: recordRaster,
        trace: trace.map { trace in { trace.forwardTrace(sample: $0) } },
        eligibility: buffers.eligibility)
    }
    let forwardEnd = clock.now
    eq.forward(weights: state.network.weights, samples: count)
    if updateScaleFactors && method == .asfBP {
      eq.updateScaleFactors(&state.network, samples: count)
    }
    let (loss, correct) = eq.flows.lossAndCorrect(
      network: state.network, labels: labels, loss: settings.loss)
    var stats = BatchStatistics(
      network: state.network, flows: eq.flows, samples: count, loss: loss, correct: correct,
      rasters: rasters)
    stats.spikingSeconds = seconds(forwardEnd - start)
    if let sample = rasters.first?.sample {
      stats.sampleOutput = Self.outputRow(network: state.network, flows: eq.flows, sample: sample)
    }
    guard loss.isFinite else { return stats }
    if !method.trainsOnline { zeroGradients(&state) }
    switch method {
    case .asfBP:
      ASFTrainer.backward(
        buffers: buffers, network: state.network, labels: labels, loss: settings.loss,
        gradients: &state.gradients)
    case .bptt:
      BPTTTrainer.backward(
        buffers: buffers, network: state.network, labels: labels, loss: settings.loss,
        perStep: settings.perStepLoss, gradients: &state.gradients)
    case .rateBP:
      eq.backward(
        network: state.network, labels: labels, loss: settings.loss, gradients: &state.gradients,
        eligibility: buffers.eligibility)
    case .ottt, .sltt:
      break  // their gradients came with the forward
    }
    state.optimizer.learningRate = settings.learningRate
    state.optimizer.weightDecay = settings.weightDecay
    state.optimizer.update(parameters: &state.network.weights, gradients: state.gradients)
    stats.equivalentSeconds = seconds(clock.now - forwardEnd)
    return stats
  }

  private func zeroGradients(_ state: inout TrainerState) {
    for i in state.gradients.indices {
      state.gradients[i].withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
    }
  }

  /// mem = W^N · FO^{N−1} of `count` samples from the counts of the last forward, written to
  /// the output layer's input flow.
  func outputMembrane(network: Network, counts eq: BatchActivations, count: Int) {
    let last = network.layers.count - 1
    let (rows, cols) = network.layers[last].weightShape
    network.weights.withUnsafePointers { w in
      BLAS.gemm(
        m: count, n: cols, k: rows, a: eq.activationStart(last), b: w[last],
        c: eq.inputFlowStart(last))
    }
  }

  /// A batch's spiking forward and statistics without training: what the network does with
  /// it now (no scale-factor update, no backward, no step).
  func look(
    state: TrainerState, images: UnsafePointer<Float>, labels: [Int], streams: InputStreams
  ) -> BatchStatistics {
    let count = labels.count
    var settings = state.settings
    settings.progress = nil
    let buffers = buffers(network: state.network, batch: count, workers: settings.workerCount)
    let eq = buffers.equivalent
    let rasters = buffers.forward.run(
      network: state.network, settings: settings, images: images, count: count,
      streams: streams, counts: eq.flows, recordRaster: true)
    eq.forward(weights: state.network.weights, samples: count)
    let (loss, correct) = eq.flows.lossAndCorrect(
      network: state.network, labels: labels, loss: settings.loss)
    var stats = BatchStatistics(
      network: state.network, flows: eq.flows, samples: count, loss: loss, correct: correct,
      rasters: rasters)
    if let sample = rasters.first?.sample {
      stats.sampleOutput = Self.outputRow(network: state.network, flows: eq.flows, sample: sample)
    }
    return stats
  }

  /// The output layer's mem of batch sample `sample` (after `outputMembrane` or the
  /// equivalent forward wrote it).
  static func outputRow(network: Network, flows: BatchActivations, sample: Int) -> [Float] {
    let cols = network.classCount
    let mem = flows.inputFlow(network.layers.count - 1)
    return Array(mem[(sample * cols)..<((sample + 1) * cols)])
  }

  /// One sample's spiking forward as it ran in a batch: its rasters (of `view`, with the
  /// sample's own input stream) and its output mem, for looking at a batch while paused.
  func inspect(
    network: Network, settings: TrainerSettings, image: UnsafePointer<Float>,
    streams: InputStreams, view: RasterView
  ) -> (rasters: [SpikeRaster], output: [Float]) {
    var settings = settings
    settings.rasterView = RasterView(
      sample: 0, activation: view.activation, firstNeuron: view.firstNeuron)
    settings.progress = nil
    let buffers = buffers(network: network, batch: 1, workers: 1)
    let eq = buffers.equivalent
    let rasters = buffers.forward.run(
      network: network, settings: settings, images: image, count: 1, streams: streams,
      counts: eq.flows, recordRaster: true)
    outputMembrane(network: network, counts: eq.flows, count: 1)
    return (rasters, Self.outputRow(network: network, flows: eq.flows, sample: 0))
  }

  /// Spiking inference of a batch: predictions (arg-max of mem) and the loss.
  func evaluate(
    network: Network, settings: TrainerSettings, images: UnsafePointer<Float>, labels: [Int],
    streams: InputStreams
  ) -> (predictions: [Int], loss: Float, synapticOperations: Double) {
    let count = labels.count
    let buffers = buffers(network: network, batch: count, workers: settings.workerCount)
    let eq = buffers.equivalent
    _ = buffers.forward.run(
      network: network, settings: settings, images: images, count: count, streams: streams,
      counts: eq.flows, recordRaster: false)
    // Synaptic operations per sample: every layer's input spikes times their fan-out.
    let operations = network.layers.indices.reduce(0.0) { sum, l in
      sum
        + BatchStatistics.synapticOperations(
          into: network.layers[l], spikes: eq.flows.activationStart(l), samples: count)
    }
    outputMembrane(network: network, counts: eq.flows, count: count)
    let (loss, _) = eq.flows.lossAndCorrect(network: network, labels: labels, loss: settings.loss)
    let mem = eq.flows.inputFlow(network.layers.count - 1)
    let cols = network.classCount
    let predictions = (0..<count).map { s in
      var best = 0
      for j in 0..<cols where mem[s * cols + j] > mem[s * cols + best] { best = j }
      return best
    }
    return (predictions, loss, operations)
  }
}
