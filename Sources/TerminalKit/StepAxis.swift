// One time axis for plots that show the same time steps one above the other (a membrane
// trace, an input raster, an output row, marks under them): step t starts at the same column
// in each, so a spike, its mark and the trace's drop line up.

/// Maps time steps 0..<timeSteps onto `width` cells (and their dots).
public struct StepAxis: Sendable, Equatable {
  public let timeSteps: Int
  /// Width in cells.
  public let width: Int

  public init(timeSteps: Int, width: Int) {
    self.timeSteps = max(1, timeSteps)
    self.width = max(0, width)
  }

  /// The dot column where `step` starts, with `dotsAcross` dots per cell.
  public func dot(_ step: Int, dotsAcross: Int) -> Int {
    step * width * dotsAcross / timeSteps
  }

  /// The cell column (from the axis' left edge) where `step` starts: the same for any number
  /// of dots per cell.
  public func column(_ step: Int) -> Int { step * width / timeSteps }
}
