// The buffers of one batch shape, all views of one arena laid out by a BufferPlan: the
// counts and flows, the equivalent network's scratch, one forward workspace per worker and,
// for BPTT, the per-step trace. BatchStep keeps one and replaces it only when the shape
// outgrows it.

/// Every buffer a batch step uses, carved from one arena.
final class BatchBuffers: @unchecked Sendable {
  let plan: BufferPlan
  let flows: BatchActivations
  let equivalent: EquivalentNetwork
  let forward: BatchForward
  /// BPTT's per-step state, OTTT's and SLTT's window of it; nil for ASF-BP and rate-BP.
  let trace: TimeTrace?
  /// Rate-BP: per layer, each neuron's ∂rate/∂(mean input), [B][n] (nil for layers without
  /// neurons); nil for the other methods.
  let eligibility: [UnsafeMutablePointer<Float>?]?

  init(plan: BufferPlan) {
    self.plan = plan
    let arena = BufferArena(plan: plan)
    let partials = PartialGradients(arena: arena)
    flows = BatchActivations(arena: arena)
    equivalent = EquivalentNetwork(arena: arena, flows: flows, partials: partials)
    let layerPlans = plan.layers.indices.map { LayerPlan(layer: $0, arena: arena) }
    forward = BatchForward(
      workspaces: plan.workspaces.indices.map {
        ForwardWorkspace(arena: arena, worker: $0, plans: layerPlans)
      })
    trace = plan.trace == nil ? nil : TimeTrace(arena: arena, partials: partials)
    eligibility =
      plan.method == .rateBP
      ? zip(plan.layers, plan.eligibility).map { layer, slice in
        layer.hasNeurons ? arena.floats(slice) : nil
      } : nil
  }
}
