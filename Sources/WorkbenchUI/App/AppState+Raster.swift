// The raster keys: which sample of the batch the rasters show, and which 256 neurons of the
// selected layer (a window that j/k move, o returns to the whole layer sampled evenly).

import SpikingCore
import Workbench

extension AppState {
  /// Applies a raster key to `rasterView` and asks the session to show it from the next
  /// batch, with a notice of what will be shown.
  mutating func changeRaster(_ command: KeyCommand, snapshot: SessionSnapshot) -> [AppAction] {
    // Paused (or ended) a live run shows the last batch again at once; running, the next
    // batch records the view; a replay or a followed run has only what was recorded.
    let now = snapshot.state != .running && snapshot.source == .live && !snapshot.followed
    let when = "from the next batch"
    let samples = max(1, snapshot.last?.samples ?? 1)
    let rasters = snapshot.last?.rasters ?? []
    let layer = min(selectedRaster, max(0, rasters.count - 1))
    let total = rasters.indices.contains(layer) ? rasters[layer].neuronTotal : 0
    let name = rasters.indices.contains(layer) ? rasters[layer].layerName : "the layer"
    let page = SpikeRaster.maximumRows
    switch command {
    case .previousSample, .nextSample:
      let step = command == .nextSample ? 1 : samples - 1
      rasterView.sample = (min(rasterView.sample, samples - 1) + step) % samples
      notice = "rasters of sample \(rasterView.sample + 1) of \(samples) \(when)"
    case .nextNeurons, .previousNeurons:
      guard total > page else {
        notice = "\(name) has \(total) neurons: the raster shows them all"
        return []
      }
      let last = total - page
      if rasterView.activation != layer {
        rasterView.activation = layer
        rasterView.firstNeuron = command == .nextNeurons ? 0 : last
      } else {
        let moved = rasterView.firstNeuron + (command == .nextNeurons ? page : -page)
        rasterView.firstNeuron = max(0, min(last, moved))
      }
      let first = rasterView.firstNeuron
      notice =
        "\(name): neurons \(first)–\(first + page - 1) of \(total) \(when)"
    default:
      rasterView.activation = nil
      rasterView.firstNeuron = 0
      notice = "\(name): every n-th of its \(total) neurons \(when)"
    }
    // Shown at once, the session says so once it has drawn them again.
    if now { notice = nil }
    return [.send(.setRasterView(rasterView))]
  }
}
