// The accumulated flows of one batch: the spike counts FO of every activation, written by
// the spiking forward, and the input currents FI of every layer, computed by the equivalent
// network's GEMMs. The statistics, the loss and both backward passes read them. Legend:
// B batch, n neurons; every buffer is [B][n] channels-last, views of the batch's arena (BufferPlan).

/// Counts and input flows of a batch.
public final class BatchActivations: @unchecked Sendable {
  public let layers: [LayerInfo]
  public let batch: Int
  /// n of activation a: a = 0 the input, a = l+1 the output of layer l.
  let sizes: [Int]
  /// act[0]: signed input spike counts; act[l+1]: output spike counts of layer l as the
  /// spiking forward counted them (for max pools Σ_t maxpool(o[t])). Each [B][n].
  let activations: [UnsafeMutablePointer<Float>]
  /// fi[l]: accumulated input current of layer l, [B][n_out]; for the output layer, mem; for
  /// a max pool, maxpool(Σ_t o[t]), the max of the counts, which the layer after it uses for
  /// its weight gradient and routes δ through (its FI comes from act[l+1]).
  let inputFlows: [UnsafeMutablePointer<Float>]

  /// Keeps the arena the views point into.
  private let arena: BufferArena

  init(arena: BufferArena) {
    let plan = arena.plan
    self.arena = arena
    layers = plan.layers
    batch = plan.batch
    sizes = plan.sizes
    activations = plan.activations.map(arena.floats)
    inputFlows = plan.inputFlows.map(arena.floats)
  }

  /// Zeroed counts and flows of their own for a batch of `batch` samples.
  convenience init(layers: [LayerInfo], batch: Int) {
    self.init(
      arena: BufferArena(
        plan: BufferPlan(layers: layers, batch: batch, steps: 1, method: .asfBP, workers: 1)))
  }

  /// Activation a (0 = input counts, l+1 = output counts of layer l), [B][n].
  public func activation(_ a: Int) -> UnsafeMutableBufferPointer<Float> {
    UnsafeMutableBufferPointer(start: activations[a], count: batch * sizes[a])
  }

  /// The first count of activation a ([B][n]), for the kernels.
  func activationStart(_ a: Int) -> UnsafeMutablePointer<Float> { activations[a] }

  /// The first value of layer l's input flow ([B][n_out]), for the kernels.
  func inputFlowStart(_ l: Int) -> UnsafeMutablePointer<Float> { inputFlows[l] }

  /// The accumulated input current FI of layer l ([B][n_out]); the output layer's is mem.
  public func inputFlow(_ l: Int) -> UnsafeMutableBufferPointer<Float> {
    UnsafeMutableBufferPointer(start: inputFlows[l], count: batch * sizes[l + 1])
  }
}
