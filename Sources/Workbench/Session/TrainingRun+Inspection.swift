// Looking at a batch without training it: the next batch through the network as it is (a
// checkpoint opened to look at), and any sample of the last batch again as it ran (paused).

import Foundation
import SpikingCore

extension TrainingRun {
  /// The next batch through the network as it is, without training (a network opened from a
  /// checkpoint shows its spikes this way before any batch trains); it becomes the batch that
  /// `inspect` looks at again.
  public func look() throws -> BatchStatistics? {
    // The batch the run would train next (the first of an epoch after the last, when the
    // run has ended); the run's place is not moved.
    let batches = order.isEmpty ? sampler.batches(epoch: epoch) : order
    let next = skipBatches > 0 ? skipBatches : nextBatch
    guard !batches.isEmpty else { return nil }
    let indices = batches[batches.indices.contains(next) ? next : 0]
    let streams = InputStreams.training(seed: preset.seed, epoch: epoch, indices: indices)
    try data.gather(.train, indices, into: &buffer, streams: streams)
    let trainLabels = data.train.labels
    let labels = indices.map { Int(trainLabels[$0]) }
    let images = Array(buffer.prefix(labels.count * trainer.sampleStride))
    let stats = trainer.look(images: images, labels: labels, streams: streams)
    lastBatch = (images, labels, streams, trainer.network)
    if let sample = stats.rasters.first?.sample, let output = stats.sampleOutput,
      labels.indices.contains(sample)
    {
      lastSample = sampleView(sample, output: output, images: images, labels: labels)
    }
    return stats
  }

  /// A sample of the last batch as the workbench shows it.
  func sampleView(_ index: Int, output: [Float], images: [Float], labels: [Int])
    -> SampleView
  {
    SampleView(
      index: index, batchSize: labels.count, label: labels[index], output: output,
      images: images, shape: trainer.network.layers[0].inputShape,
      frames: max(1, trainer.settings.inputFrames))
  }

  /// Sample `view.sample` of the last batch again, as it ran (the weights before the batch's
  /// step, its own input spikes): its rasters and its view; nil before the first batch.
  public func inspect(_ view: RasterView) -> (rasters: [SpikeRaster], sample: SampleView)? {
    guard let last = lastBatch, !last.labels.isEmpty else { return nil }
    let index = min(view.sample, last.labels.count - 1)
    let stride = trainer.sampleStride
    let streams = InputStreams(
      seed: last.streams.seed, stream: last.streams.stream,
      indices: [last.streams.indices?[index] ?? index])
    guard last.images.count >= (index + 1) * stride else { return nil }
    var result = last.images.withUnsafeBufferPointer { images in
      guard let base = images.baseAddress else { preconditionFailure("no images") }
      return trainer.inspect(
        network: last.network, image: base + index * stride, streams: streams, view: view)
    }
    for r in result.rasters.indices { result.rasters[r].sample = index }
    var sample = sampleView(index, output: result.output, images: last.images, labels: last.labels)
    sample.recomputed = true
    return (result.rasters, sample)
  }
}
