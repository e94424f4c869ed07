// Tests of ImageDataset's accessors, label counts, subsets and prefixes.

import XCTest

@testable import Datasets

final class ImageDatasetTests: XCTestCase {
  /// Four 2×3 RGB images; pixel values encode (image, element) so slices are checkable.
  private func makeDataset() -> ImageDataset {
    let size = 2 * 3 * 3
    let pixels = (0..<4 * size).map { Float($0) / Float(4 * size) }
    return ImageDataset(
      name: "tiny", channels: 3, height: 2, width: 3, pixels: pixels, labels: [2, 0, 2, 1],
      classCount: 4)
  }

  func testImageAccessorsReturnTheImagesPixelsInHWCOrder() {
    let dataset = makeDataset()
    XCTAssertEqual(dataset.count, 4)
    XCTAssertEqual(dataset.imageSize, 18)
    let expected = Array(dataset.pixels[36..<54])
    XCTAssertEqual(Array(dataset.image(at: 2)), expected)
    XCTAssertEqual(dataset.withImage(at: 2) { Array($0) }, expected)
    // Channel c of pixel (y, x) sits at (y * width + x) * channels + c.
    XCTAssertEqual(dataset.image(at: 2)[36 + (1 * 3 + 2) * 3 + 1], dataset.pixels[36 + 16])
  }

  func testLabelCountsHasOneEntryPerClass() {
    XCTAssertEqual(makeDataset().labelCounts(), [1, 1, 2, 0])
  }

  func testSubsetKeepsOrderAndRepeats() {
    let dataset = makeDataset()
    let subset = dataset.subset([3, 0, 3])
    XCTAssertEqual(subset.count, 3)
    XCTAssertEqual(subset.labels, [1, 2, 1])
    XCTAssertEqual(Array(subset.image(at: 0)), Array(dataset.image(at: 3)))
    XCTAssertEqual(Array(subset.image(at: 1)), Array(dataset.image(at: 0)))
    XCTAssertEqual(subset.classCount, 4)
    XCTAssertEqual(subset.channels, 3)
  }

  func testPrefixClampsToCount() {
    let dataset = makeDataset()
    XCTAssertEqual(dataset.prefix(2).labels, [2, 0])
    XCTAssertEqual(dataset.prefix(2).pixels, Array(dataset.pixels[0..<36]))
    XCTAssertEqual(dataset.prefix(10), dataset)
    XCTAssertEqual(dataset.prefix(0).count, 0)
  }
}
