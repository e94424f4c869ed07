// The spiking forward of a whole batch, shared by both trainers (ASF-BP and BPTT): samples
// are split over worker threads, each with its own `ForwardWorkspace` (views of the batch's
// arena); each sample's input spikes come from its own random stream, so results do not
// depend on the thread count.
// Also the batch statistics both trainers publish.

import Foundation

/// Runs the event-driven forward of a batch on its per-thread workspaces.
final class BatchForward: @unchecked Sendable {
  let workspaces: [ForwardWorkspace]

  init(workspaces: [ForwardWorkspace]) {
    precondition(!workspaces.isEmpty, "BatchForward: no workspaces")
    self.workspaces = workspaces
  }

  /// Runs the spiking forward of `count` samples (`images`: [count][sampleStride]) into the
  /// activation buffers of `counts` (act[0] input counts, act[l+1] layer l's spike counts).
  /// When `trace` is given, sample s writes its per-step state through `trace(s)`. Records
  /// the rasters of the sample `settings.rasterView` names when asked.
  func run(
    network net: Network, settings: TrainerSettings, images: UnsafePointer<Float>, count: Int,
    streams: InputStreams, counts eq: BatchActivations, recordRaster: Bool,
    trace: ((Int) -> ForwardTrace)? = nil, eligibility: [UnsafeMutablePointer<Float>?]? = nil
  ) -> [SpikeRaster] {
    let batch = BatchSamples(
      forward: self, network: net, settings: settings, images: images, count: count,
      streams: streams, counts: eq, recordRaster: recordRaster, eligibility: eligibility)
    let workers = max(1, min(settings.workerCount, count, workspaces.count))
    nonisolated(unsafe) let trace = trace
    settings.progress?.begin(WorkProgress.forwardStage, total: count)
    net.weights.withUnsafePointers { weightPointers in
      nonisolated(unsafe) let weightPointers = weightPointers
      DispatchQueue.concurrentPerform(iterations: workers) { w in
        for s in (count * w / workers)..<(count * (w + 1) / workers) {
          batch.run(sample: s, worker: w, weights: weightPointers, trace: trace?(s))
          settings.progress?.advance()
        }
      }
    }
    return batch.rasters
  }
}

/// One batch's forward, sample by sample (or a window of a sample's steps at a time): the
/// sample's input, counts and raster, on a worker's workspace.
final class BatchSamples: @unchecked Sendable {
  let forward: BatchForward
  let network: Network
  let settings: TrainerSettings
  let images: UnsafePointer<Float>
  let streams: InputStreams
  let recordRaster: Bool
  /// The rasters of sample `rasterSample` (empty when none are recorded).
  var rasters: [SpikeRaster] = []
  let rasterSample: Int
  private let sizes: [Int]
  private let bases: [UnsafeMutablePointer<Float>]
  /// Rate-BP: per layer, the batch's eligibility rows [B][n] (nil without neurons).
  private let eligibility: [UnsafeMutablePointer<Float>?]?

  init(
    forward: BatchForward, network net: Network, settings: TrainerSettings,
    images: UnsafePointer<Float>, count: Int, streams: InputStreams, counts eq: BatchActivations,
    recordRaster: Bool, eligibility: [UnsafeMutablePointer<Float>?]? = nil
  ) {
    // BatchStep.buffers checked the layers against the plan; the sizes are checked here.
    precondition(
      count <= eq.batch && net.layers.count == eq.layers.count,
      "BatchForward.run: \(count) samples of \(net.layers.count) layers for buffers of \(eq.batch) samples of \(eq.layers.count) layers"
    )
    self.forward = forward
    network = net
    self.settings = settings
    self.images = images
    self.streams = streams
    self.recordRaster = recordRaster
    let hidden = net.layers.count - 1
    let inputSize = net.layers[0].inputShape.count
    let view = settings.rasterView
    rasterSample = min(view.sample, max(0, count - 1))
    if recordRaster {
      let names = ["input"] + net.layers.prefix(hidden).map(\.name)
      let totals = [inputSize] + net.layers.prefix(hidden).map(\.outputShape.count)
      for a in 0...hidden {
        var raster = SpikeRaster(
          layerName: names[a], neuronTotal: totals[a], timeSteps: net.timeSteps,
          window: view.activation == a ? view.firstNeuron : nil)
        raster.sample = rasterSample
        rasters.append(raster)
      }
    }
    sizes = [inputSize] + net.layers.map { $0.outputShape.count }
    bases = (0...hidden).map { eq.activationStart($0) }
    self.eligibility = eligibility
  }

  /// Sample s (or the steps of `window`) on worker w's workspace, with `weights` (the
  /// network's, as pointers).
  func run(
    sample s: Int, worker w: Int, weights: [UnsafePointer<Float>], trace: ForwardTrace?,
    window: ForwardWindow? = nil
  ) {
    let frames = max(1, settings.inputFrames)
    let image = images + s * sizes[0] * frames
    let counts = bases.indices.map { bases[$0] + s * sizes[$0] }
    let key = streams.key(ofSample: s)
    let space = forward.workspaces[w]
    let rows = eligibility.map { rows in
      rows.enumerated().map { l, row in row.map { $0 + s * sizes[l + 1] } }
    }
    if s == rasterSample && recordRaster {
      withUnsafeMutablePointer(to: &rasters) { r in
        space.run(
          network: network, weights: weights, image: image, encoding: settings.encoding,
          frames: frames, key: key, counts: counts, rasters: r, trace: trace, window: window,
          eligibility: rows)
      }
    } else {
      space.run(
        network: network, weights: weights, image: image, encoding: settings.encoding,
        frames: frames, key: key, counts: counts, rasters: nil, trace: trace, window: window,
        eligibility: rows)
    }
  }
}

extension BatchStatistics {
  /// Statistics of a batch from its spike counts and input flows (FI) in `flows`.
  init(
    network: Network, flows eq: BatchActivations, samples: Int, loss: Float, correct: Int,
    rasters: [SpikeRaster]
  ) {
    let steps = Float(network.timeSteps)
    // One task per hidden layer, in parallel: the layers' histograms are independent.
    let hidden = network.layers.count - 1
    nonisolated(unsafe) var results = [LayerStatistics?](repeating: nil, count: hidden)
    results.withUnsafeMutableBufferPointer { slots in
      nonisolated(unsafe) let slots = slots
      DispatchQueue.concurrentPerform(iterations: hidden) { l in
        let layer = network.layers[l]
        let n = samples * layer.outputShape.count
        let fo = UnsafeBufferPointer(start: eq.activationStart(l + 1), count: n)
        let fi = UnsafeBufferPointer(start: eq.inputFlowStart(l), count: n)
        var outputFlow = Histogram(lower: 0, upper: 1, binCount: 20)
        outputFlow.add(fo, scale: 1 / steps)
        var inputFlow = Histogram(lower: -1, upper: 2, binCount: 24)
        inputFlow.add(fi, scale: 1 / (steps * network.thresholds[l]))
        var total: Float = 0
        var silent = 0
        var saturated = 0
        for count in fo {
          total += count
          if count == 0 { silent += 1 }
          if count >= steps { saturated += 1 }
        }
        var inputSum: Double = 0
        for value in fi { inputSum += Double(value) }
        var statistics = LayerStatistics(
          name: layer.name, neuronCount: layer.outputShape.count, threshold: network.thresholds[l],
          scaleFactor: network.scaleFactors[l], spikeRate: total / (Float(n) * steps),
          inputFlow: inputFlow, outputFlow: outputFlow)
        let neurons = Float(max(1, n))
        statistics.meanInputFlow = Float(
          inputSum / (Double(max(1, n)) * Double(steps * network.thresholds[l])))
        statistics.silentShare = Float(silent) / neurons
        statistics.saturatedShare = Float(saturated) / neurons
        statistics.synapticOperations = Self.synapticOperations(
          into: layer, spikes: eq.activationStart(l), samples: samples)
        slots[l] = statistics
      }
    }
    let layers = results.compactMap { $0 }
    let input = eq.activation(0)
    let inputCount = samples * network.layers[0].inputShape.count
    var inputSpikes: Float = 0
    for i in 0..<inputCount { inputSpikes += abs(input[i]) }
    self.init(
      samples: samples, timeSteps: network.timeSteps, loss: loss,
      accuracy: Float(correct) / Float(max(1, samples)),
      inputSpikeRate: inputSpikes / (Float(max(1, inputCount)) * steps), layers: layers,
      rasters: rasters)
    outputSynapticOperations = Self.synapticOperations(
      into: network.layers[hidden], spikes: eq.activationStart(hidden), samples: samples)
  }

  /// Synaptic operations per sample into `layer`: Σ |spikes| × fan-out over the batch's
  /// input rows `spikes` (the input layer's counts are signed), divided by `samples`.
  static func synapticOperations(
    into layer: LayerInfo, spikes: UnsafePointer<Float>, samples: Int
  ) -> Double {
    let fanOut = layer.fanOut()
    let n = fanOut.count
    var sum: Double = 0
    for s in 0..<samples {
      let row = spikes + s * n
      for i in 0..<n where row[i] != 0 { sum += Double(abs(row[i]) * fanOut[i]) }
    }
    return sum / Double(max(1, samples))
  }
}
