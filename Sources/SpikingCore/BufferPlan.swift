// Every buffer one batch shape needs, sized in one place: the plan computes each buffer's
// element count and its place in a single arena; `BufferArena` allocates that arena once
// and the engine's types (BatchActivations, EquivalentNetwork, ForwardWorkspace, TimeTrace,
// PartialGradients) take typed views of it. Nothing is allocated per batch or per step.
// Legend: B batch, T steps, n neurons of an activation, W workers, P positions, K patch size.

/// A run of `count` elements starting `offset` bytes into an arena.
struct ArenaSlice: Sendable, Equatable {
  let offset: Int
  let count: Int
}

/// Lays slices out one after another, each on a 64-byte boundary.
private struct ArenaLayout {
  private(set) var bytes = 0

  mutating func take<T>(_: T.Type, _ count: Int) -> ArenaSlice {
    let slice = ArenaSlice(offset: bytes, count: max(1, count))
    bytes += (slice.count * MemoryLayout<T>.stride + 63) & ~63
    return slice
  }
}

/// The sizes and arena places of every buffer a batch of `batch` samples needs.
public struct BufferPlan: Sendable {
  /// The forward's per-layer lookup tables (input index → row, column, channel, pool target).
  struct Lookups: Sendable {
    let row: ArenaSlice
    let column: ArenaSlice
    let channel: ArenaSlice
    let target: ArenaSlice
  }

  /// One forward worker's scratch: per hidden layer its membranes, this step's spike indices
  /// and max-pool stamps; the input's positive and negative spike indices.
  struct Workspace: Sendable {
    /// Conv layers: the weights in the scatter kernel's span layout; one element for others.
    let spanWeights: [ArenaSlice]
    /// Rate-BP, per hidden layer: each neuron's ∂u_t/∂(mean input) along the steps (its
    /// eligibility factor e_t); one element for other methods.
    let eligibilityFactors: [ArenaSlice]
    let membranes: [ArenaSlice]
    let spikes: [ArenaSlice]
    let stamps: [ArenaSlice]
    let inputPositive: ArenaSlice
    let inputNegative: ArenaSlice
  }

  /// BPTT's per-step state ([B][T][n]) and per-worker backward scratch.
  struct Trace: Sendable {
    let input: ArenaSlice
    /// Per hidden layer; nil for layers without neurons (max pools).
    let membranes: [ArenaSlice?]
    let outputs: [ArenaSlice]
    let columns: [ArenaSlice]
    let columnGradients: [ArenaSlice]
    let sampleVectors: [ArenaSlice]
    let winners: [ArenaSlice]
    /// Per layer: rows (b, t) one conv im2col chunk holds.
    let chunkRows: [Int]
    /// OTTT and SLTT, per worker: per hidden layer, the membranes of a block's samples
    /// between the parts of their time window, [G][n]; empty for BPTT.
    let saved: [[ArenaSlice]]
    /// OTTT, per worker: per layer l, the presynaptic traces of its input carried between
    /// parts, [G][n_l] (nil for layers that read no trace); empty for the others.
    let carries: [[ArenaSlice?]]
  }

  public let layers: [LayerInfo]
  public let batch: Int
  public let steps: Int
  public let method: TrainingMethod
  /// Worker threads the batch is split over: at most the batch, at least 1.
  public let workers: Int
  /// n of activation a: a = 0 the input, a = l+1 the output of layer l.
  let sizes: [Int]
  /// Samples in one gradient block, at most (`gradientBlock`, or the batch when smaller).
  let chunk: Int
  /// Gradient blocks of the batch: ⌈batch / gradientBlock⌉.
  let blocks: Int

  let activations: [ArenaSlice]
  let inputFlows: [ArenaSlice]
  /// Conv layers: im2col of their input, [B·P][K]; one unused element for other layers.
  let columns: [ArenaSlice]
  /// Max pools: arg-max of each output, [B][n_out]; one unused element for other layers.
  let argMax: [ArenaSlice]
  /// Rate-BP, per layer with neurons: each neuron's ∂rate/∂(mean input), [B][n]; one unused
  /// element for other layers and methods.
  let eligibility: [ArenaSlice]
  /// Per worker: the equivalent network's ping-pong gradients and conv column gradients of
  /// one block (ASF-BP only).
  let deltaA: [ArenaSlice]
  let deltaB: [ArenaSlice]
  let deltaColumns: [ArenaSlice]
  /// Per gradient block, per layer: partial weight gradients, added up in block order.
  let partialGradients: [[ArenaSlice]]
  let lookups: [Lookups]
  let workspaces: [Workspace]
  let trace: Trace?
  /// Bytes of the whole arena.
  public let totalBytes: Int

  /// Floats a BPTT conv chunk's columns may take (per worker, two such buffers).
  static let columnBudget = 1 << 21
  /// Steps of a block that OTTT and SLTT keep at a time (their memory does not grow with T).
  public static let onlineWindow = 8
  /// Samples per gradient block. The backward passes (and the equivalent network's forward)
  /// work block by block, each block's weight gradient in its own buffer, and the blocks are
  /// added in order: the same GEMM calls and the same sums for any number of workers, so a
  /// seed gives bit-identical results on any machine.
  public static let gradientBlock = 8

  public init(layers: [LayerInfo], batch: Int, steps: Int, method: TrainingMethod, workers: Int) {
    precondition(!layers.isEmpty && batch > 0 && steps > 0, "BufferPlan: no layers, batch or steps")
    self.layers = layers
    self.batch = batch
    self.steps = steps
    self.method = method
    self.workers = max(1, min(workers, batch))
    let sizes = [layers[0].inputShape.count] + layers.map(\.outputShape.count)
    self.sizes = sizes
    let chunk = min(batch, Self.gradientBlock)
    self.chunk = chunk
    blocks = (batch + Self.gradientBlock - 1) / Self.gradientBlock
    let workerRange = 0..<self.workers
    var arena = ArenaLayout()

    activations = sizes.map { arena.take(Float.self, batch * $0) }
    inputFlows = layers.map { arena.take(Float.self, batch * $0.outputShape.count) }
    var widestColumns = 1
    columns = layers.map { layer in
      guard case .conv(let g) = layer.kind else { return arena.take(Float.self, 0) }
      widestColumns = max(widestColumns, g.positions * g.patchSize)
      return arena.take(Float.self, batch * g.positions * g.patchSize)
    }
    argMax = layers.map { layer in
      guard case .maxPool = layer.kind else { return arena.take(Int32.self, 0) }
      return arena.take(Int32.self, batch * layer.outputShape.count)
    }
    let rateBP = method == .rateBP
    eligibility = layers.map { layer in
      arena.take(Float.self, rateBP && layer.hasNeurons ? batch * layer.outputShape.count : 0)
    }
    let widest = sizes.max() ?? 1
    let backward = method.goesBackThroughFlows
    deltaA = workerRange.map { _ in arena.take(Float.self, backward ? chunk * widest : 0) }
    deltaB = workerRange.map { _ in arena.take(Float.self, backward ? chunk * widest : 0) }
    deltaColumns = workerRange.map { _ in
      arena.take(Float.self, backward ? chunk * widestColumns : 0)
    }
    partialGradients = (0..<blocks).map { _ in
      layers.map { arena.take(Float.self, $0.weightShape.rows * $0.weightShape.columns) }
    }
    lookups = layers.map { layer in
      let n = layer.inputShape.count
      return Lookups(
        row: arena.take(Int32.self, n), column: arena.take(Int32.self, n),
        channel: arena.take(Int32.self, n), target: arena.take(Int32.self, n))
    }
    workspaces = workerRange.map { _ in
      Workspace(
        spanWeights: layers.map { layer in
          guard case .conv = layer.kind else { return arena.take(Float.self, 0) }
          return arena.take(Float.self, layer.weightShape.rows * layer.weightShape.columns)
        },
        eligibilityFactors: layers.map { layer in
          arena.take(Float.self, rateBP && layer.hasNeurons ? layer.outputShape.count : 0)
        },
        membranes: layers.map { arena.take(Float.self, $0.outputShape.count) },
        spikes: layers.map { arena.take(Int32.self, $0.outputShape.count) },
        stamps: layers.map { arena.take(Int32.self, $0.outputShape.count) },
        inputPositive: arena.take(Int32.self, sizes[0]),
        inputNegative: arena.take(Int32.self, sizes[0]))
    }
    switch method {
    case .bptt:
      trace = Self.traceSlices(
        layers: layers, sizes: sizes, rows: batch * steps, blockRows: chunk * steps, chunk: chunk,
        workers: workerRange, method: method, arena: &arena)
    case .ottt, .sltt:
      let window = chunk * Self.onlineWindow
      trace = Self.traceSlices(
        layers: layers, sizes: sizes, rows: self.workers * window, blockRows: window,
        chunk: chunk, workers: workerRange, method: method, arena: &arena)
    case .asfBP, .rateBP:
      trace = nil
    }
    totalBytes = arena.bytes
  }

  /// BPTT's slices: the state of all `rows` (b, t) of the batch, and per worker the scratch
  /// of one block of `blockRows` rows.
  private static func traceSlices(
    layers: [LayerInfo], sizes: [Int], rows: Int, blockRows: Int, chunk: Int,
    workers: Range<Int>, method: TrainingMethod, arena: inout ArenaLayout
  ) -> Trace {
    let hidden = layers.dropLast()
    var capacity = 1
    let chunkRows = layers.map { layer in
      guard case .conv(let g) = layer.kind else { return 0 }
      let perRow = g.positions * g.patchSize
      let rowsPerChunk = max(1, min(blockRows, columnBudget / perRow))
      capacity = max(capacity, rowsPerChunk * perRow)
      return rowsPerChunk
    }
    let widest = sizes.max() ?? 1
    let online = method != .bptt
    let classes = sizes[sizes.count - 1]
    return Trace(
      input: arena.take(Float.self, rows * sizes[0]),
      membranes: hidden.map { layer in
        layer.hasNeurons ? arena.take(Float.self, rows * layer.outputShape.count) : nil
      },
      outputs: hidden.map { arena.take(Float.self, rows * $0.outputShape.count) },
      columns: workers.map { _ in arena.take(Float.self, capacity) },
      columnGradients: workers.map { _ in arena.take(Float.self, capacity) },
      sampleVectors: workers.map { _ in
        // The output layer's rows (b, t) of a block when the loss is per step: blockRows·classes.
        arena.take(Float.self, 2 * chunk * widest + blockRows * classes)
      },
      winners: workers.map { _ in arena.take(Int32.self, widest) },
      chunkRows: chunkRows,
      saved: workers.map { _ in
        online ? hidden.map { arena.take(Float.self, chunk * $0.outputShape.count) } : []
      },
      carries: workers.map { _ in
        method != .ottt
          ? []
          : layers.map { layer in
            layer.hasWeights && !layer.isOutput
              ? arena.take(Float.self, chunk * layer.inputShape.count) : nil
          }
      })
  }

  /// Whether buffers laid out by this plan serve a batch of `batch` samples over `steps`
  /// steps of `layers` with `workers` threads (only BPTT's buffers depend on T).
  func serves(layers: [LayerInfo], batch: Int, steps: Int, workers: Int) -> Bool {
    batch <= self.batch && max(1, min(workers, self.batch)) == self.workers
      && (method.memoryGrowsWithT ? steps == self.steps : true) && layers == self.layers
  }
}

/// The memory one `BufferPlan` lays out: allocated once, zeroed, freed with the last view.
final class BufferArena: @unchecked Sendable {
  let plan: BufferPlan
  private let base: UnsafeMutableRawPointer

  init(plan: BufferPlan) {
    self.plan = plan
    base = .allocate(byteCount: plan.totalBytes, alignment: 64)
    base.initializeMemory(as: UInt8.self, repeating: 0, count: plan.totalBytes)
  }

  deinit { base.deallocate() }

  /// The floats of `slice`.
  func floats(_ slice: ArenaSlice) -> UnsafeMutablePointer<Float> {
    (base + slice.offset).bindMemory(to: Float.self, capacity: slice.count)
  }

  /// The 32-bit integers of `slice`.
  func integers(_ slice: ArenaSlice) -> UnsafeMutablePointer<Int32> {
    (base + slice.offset).bindMemory(to: Int32.self, capacity: slice.count)
  }
}
