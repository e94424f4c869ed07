// How far a method's gradient is from BPTT's: on the first few samples of a batch, with the
// weights as they are, the method's gradient and BPTT's exact surrogate gradient (of the loss
// the method trains on: the accumulated output's for ASF-BP and rate-BP, the mean of each
// step's for OTTT and SLTT), and per layer the cosine of the angle between them. The arena
// tells, per layer and as training goes on, where each approximation departs from BPTT.

import Foundation

extension SpikingTrainer {
  /// Per runtime layer, cos(∇_method, ∇_BPTT) on the first `samples` samples of a batch
  /// (`images` as for `trainBatch`), nil for layers without weights and where either
  /// gradient is zero or not finite. Nothing of the trainer changes; both passes run on
  /// copies of its state with buffers of their own, freed afterwards.
  public func gradientAgreement(
    images: UnsafePointer<Float>, labels: [Int], streams: InputStreams, samples: Int = 8
  ) -> [Float?] {
    let subset = Array(labels.prefix(max(1, samples)))
    func gradients(_ method: TrainingMethod) -> [[Float]] {
      var copy = state
      copy.settings.progress = nil
      copy.settings.perStepLoss = method == .bptt && self.method.trainsOnline
      let step = BatchStep(method: method)
      let stats = step.trainBatch(
        state: &copy, images: images, labels: subset, streams: streams,
        updateScaleFactors: false, recordRaster: false)
      return stats.loss.isFinite ? copy.gradients : []
    }
    let own = gradients(method)
    let exact = method == .bptt ? own : gradients(.bptt)
    return network.layers.indices.map { l in
      guard own.indices.contains(l), exact.indices.contains(l), !own[l].isEmpty else {
        return nil
      }
      return Self.cosine(own[l], exact[l])
    }
  }

  /// a·b / (‖a‖·‖b‖) in Double; nil when either is zero or not finite.
  static func cosine(_ a: [Float], _ b: [Float]) -> Float? {
    var (dot, aa, bb) = (0.0, 0.0, 0.0)
    for (x, y) in zip(a, b) {
      dot += Double(x) * Double(y)
      aa += Double(x) * Double(x)
      bb += Double(y) * Double(y)
    }
    guard aa > 0, bb > 0, dot.isFinite, aa.isFinite, bb.isFinite else { return nil }
    return Float(dot / (aa.squareRoot() * bb.squareRoot()))
  }
}
