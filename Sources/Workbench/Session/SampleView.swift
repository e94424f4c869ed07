// The sample the rasters show, as the workbench draws it beside them: its input as a small
// grey picture, its label, the network's prediction and the output layer's accumulated input
// per class (mem, whose arg-max is the prediction), from the batch as it ran.

import SpikingCore

/// One sample of the last batch: picture, label, prediction, outputs.
public struct SampleView: Sendable, Equatable {
  /// Its place in the batch and the batch's size.
  public var index: Int
  public var batchSize: Int
  public var label: Int
  /// The output layer's mem per class; the prediction is its arg-max.
  public var output: [Float]
  /// The input averaged over channels (and frames), height × width, row-major, 0…1.
  public var picture: [Float]
  public var pictureWidth: Int
  public var pictureHeight: Int
  /// Recomputed while paused from the batch's weights and input streams (else recorded by
  /// the batch itself).
  public var recomputed = false

  public var prediction: Int {
    output.indices.max { output[$0] < output[$1] } ?? 0
  }

  /// The view of sample `index` of a batch whose images are `images` (`shape` per frame,
  /// channels-last, `frames` frames per sample).
  public init(
    index: Int, batchSize: Int, label: Int, output: [Float], images: [Float], shape: Shape,
    frames: Int
  ) {
    self.index = index
    self.batchSize = batchSize
    self.label = label
    self.output = output
    pictureWidth = shape.width
    pictureHeight = shape.height
    let size = shape.count
    let start = index * size * max(1, frames)
    var picture = [Float](repeating: 0, count: shape.width * shape.height)
    if start + size * max(1, frames) <= images.count {
      for frame in 0..<max(1, frames) {
        for pixel in 0..<(shape.width * shape.height) {
          for c in 0..<shape.channels {
            picture[pixel] += abs(images[start + frame * size + pixel * shape.channels + c])
          }
        }
      }
    }
    let top = picture.max() ?? 0
    self.picture = top > 0 ? picture.map { $0 / top } : picture
  }
}
