// What training a network will need in memory, worked out from its layer shapes before
// anything is allocated: the weights with their gradients and Adam moments, and every batch
// buffer BufferPlan lays out (for BPTT also the per-step state, which grows with T). Counted
// in Double, so that absurd sizes give absurd numbers rather than an overflow trap.

/// The memory a training run of a network needs, and the layer that needs the most.
public struct MemoryEstimate: Sendable, Equatable {
  /// Bytes in all.
  public let bytes: Double
  /// Bytes of the per-step state kept: BPTT's whole batch over T, OTTT's and SLTT's window
  /// (0 for ASF-BP).
  public let traceBytes: Double
  /// The layer whose weights and buffers take the most, and how much.
  public let largestLayer: String
  public let largestLayerBytes: Double

  /// The estimate for batches of `batch` samples over `steps` steps on `workers` threads.
  public init(
    layers: [LayerInfo], batch: Int, steps: Int, method: TrainingMethod, workers: Int
  ) {
    let floatBytes = Double(MemoryLayout<Float>.stride)
    let b = Double(max(1, batch))
    let w = Double(max(1, min(workers, batch)))
    let chunk = Double(min(batch, BufferPlan.gradientBlock))
    let blocks = (b / Double(BufferPlan.gradientBlock)).rounded(.up)
    let t = Double(max(1, steps))
    // Rows (b, t) of per-step state kept at once, and per gradient block: BPTT keeps the whole
    // batch over T; OTTT and SLTT one window of each worker's block; ASF-BP none.
    let window = Double(BufferPlan.onlineWindow)
    let keptRows = method == .bptt ? b * t : (method.trainsOnline ? w * chunk * window : 0)
    let blockRows = method == .bptt ? chunk * t : chunk * window
    let classes = Double(layers.last?.outputShape.count ?? 0)
    let input = Double(layers.first?.inputShape.count ?? 0)
    var perLayer = [Double](repeating: 0, count: layers.count)
    var widest = input
    var widestColumns = 1.0
    var traceWidth = input
    var traceColumns = 1.0
    for (l, layer) in layers.enumerated() {
      let n = Double(layer.outputShape.count)
      let weights = Double(layer.weightShape.rows) * Double(layer.weightShape.columns)
      // W, its gradient, Adam's two moments, and one partial gradient per block.
      var bytes = weights * (4 + blocks)
      // Counts and FI of the batch, each worker's membranes, spikes and stamps, and the
      // forward's four lookup tables over the layer's input.
      bytes += 2 * b * n + 3 * w * n + 4 * Double(layer.inputShape.count)
      switch layer.kind {
      case .conv(let g):
        let columns = Double(g.positions) * Double(g.patchSize)
        bytes += b * columns + w * weights  // im2col, and each worker's span-layout weights
        widestColumns = max(widestColumns, columns)
        // BPTT folds whole rows (b, t) into chunks within the column budget.
        let rows = max(
          1, min(blockRows, (Double(BufferPlan.columnBudget) / columns).rounded(.down)))
        traceColumns = max(traceColumns, rows * columns)
      case .maxPool: bytes += b * n
      case .linear, .avgPool: break
      }
      if keptRows > 0 && !layer.isOutput {
        bytes += keptRows * n * (layer.hasNeurons ? 2 : 1)
        traceWidth += n * (layer.hasNeurons ? 2 : 1)
        // OTTT and SLTT: the block's membranes between windows; OTTT: the input's traces.
        if method.trainsOnline { bytes += w * chunk * n }
        if method == .ottt && layer.hasWeights {
          bytes += w * chunk * Double(layer.inputShape.count)
        }
      }
      // Rate-BP: each neuron's slope of the batch, and each worker's factors e_t.
      if method == .rateBP && layer.hasNeurons { bytes += (b + w) * n }
      widest = max(widest, n)
      perLayer[l] = bytes * floatBytes
    }
    // Shared per-worker scratch and the input's own buffers.
    var shared = b * input + 2 * w * input
    if method.goesBackThroughFlows {
      shared += w * chunk * (2 * widest + widestColumns)
    } else {
      shared += keptRows * input + w * (2 * traceColumns + 2 * chunk * widest + widest)
      shared += w * blockRows * classes
    }
    let total = perLayer.reduce(0, +) + shared * floatBytes
    let largest = perLayer.indices.max { perLayer[$0] < perLayer[$1] }
    bytes = total
    traceBytes = traceWidth * keptRows * floatBytes
    largestLayer = largest.map { layers[$0].name } ?? "input"
    largestLayerBytes = largest.map { perLayer[$0] } ?? 0
  }

  /// `bytes` in GiB.
  public var gibibytes: Double { bytes / 1_073_741_824 }
}
