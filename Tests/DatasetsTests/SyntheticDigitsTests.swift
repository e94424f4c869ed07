// Tests of the synthetic digits: determinism, balance, pixel range, distinct classes.

import XCTest

@testable import Datasets

final class SyntheticDigitsTests: XCTestCase {
  func testSameSeedGivesSamePixelsAndDifferentSeedsDiffer() {
    let first = SyntheticDigits.generate(count: 200, seed: 11)
    let again = SyntheticDigits.generate(count: 200, seed: 11)
    let other = SyntheticDigits.generate(count: 200, seed: 12)
    XCTAssertEqual(first, again)
    XCTAssertNotEqual(first.pixels, other.pixels)
    XCTAssertNotEqual(first.labels, other.labels, "the class order is shuffled per seed")
    XCTAssertEqual(first.height, 28)
    XCTAssertEqual(first.width, 28)
    XCTAssertEqual(first.channels, 1)
  }

  func testClassesAreBalancedAndShuffled() {
    let dataset = SyntheticDigits.generate(count: 1005, seed: 3)
    let counts = dataset.labelCounts()
    XCTAssertEqual(counts.reduce(0, +), 1005)
    XCTAssertEqual(counts, [101, 101, 101, 101, 101, 100, 100, 100, 100, 100])
    let sequential = (0..<1005).map { UInt8($0 % 10) }
    XCTAssertNotEqual(dataset.labels, sequential)
  }

  func testPixelsLieInUnitRangeAndEveryImageHasInk() {
    let dataset = SyntheticDigits.generate(count: 300, seed: 5)
    XCTAssertTrue(dataset.pixels.allSatisfy { $0 >= 0 && $0 <= 1 })
    for index in 0..<dataset.count {
      let image = dataset.image(at: index)
      let inked = image.filter { $0 > 0.5 }.count
      XCTAssertGreaterThan(inked, 10, "image \(index) (digit \(dataset.labels[index]))")
      XCTAssertLessThan(inked, 400, "image \(index) (digit \(dataset.labels[index]))")
    }
  }

  func testClassMeansDifferPairwise() {
    let dataset = SyntheticDigits.generate(count: 1000, seed: 9)
    let means = classMeans(of: dataset)
    var closest = Float.infinity
    for a in 0..<10 {
      for b in a + 1..<10 {
        closest = min(closest, rmsDistance(means[a], means[b]))
      }
    }
    XCTAssertGreaterThan(closest, 0.05, "the two most similar class means are too alike")
  }

  func testNearestClassMeanIsGoodButNotPerfect() {
    // Learnable: even the crudest classifier beats chance by far; not trivial: it errs.
    let train = SyntheticDigits.generate(count: 1000, seed: 21)
    let test = SyntheticDigits.generate(count: 300, seed: 22)
    let means = classMeans(of: train)
    var correct = 0
    for index in 0..<test.count {
      let image = Array(test.image(at: index))
      let guess = (0..<10).min { rmsDistance(image, means[$0]) < rmsDistance(image, means[$1]) }
      if guess == Int(test.labels[index]) { correct += 1 }
    }
    let accuracy = Float(correct) / Float(test.count)
    XCTAssertGreaterThan(accuracy, 0.5)
    XCTAssertLessThan(accuracy, 0.99)
  }

  func testStandardSplitsHaveTheAgreedSizesAndDifferentSamples() {
    let (train, test) = SyntheticDigits.standardSplits(seed: 1)
    XCTAssertEqual(train.count, 6000)
    XCTAssertEqual(test.count, 1000)
    XCTAssertEqual(train.labelCounts(), Array(repeating: 600, count: 10))
    XCTAssertEqual(test.labelCounts(), Array(repeating: 100, count: 10))
    XCTAssertNotEqual(Array(train.pixels.prefix(7840)), test.pixels[0..<7840].map { $0 })
  }

  private func classMeans(of dataset: ImageDataset) -> [[Float]] {
    var sums = [[Float]](repeating: [Float](repeating: 0, count: 784), count: 10)
    for index in 0..<dataset.count {
      let label = Int(dataset.labels[index])
      dataset.withImage(at: index) { image in
        for i in 0..<784 { sums[label][i] += image[i] }
      }
    }
    let counts = dataset.labelCounts()
    return (0..<10).map { label in sums[label].map { $0 / Float(max(counts[label], 1)) } }
  }

  private func rmsDistance(_ a: [Float], _ b: [Float]) -> Float {
    var sum: Float = 0
    for i in 0..<a.count { sum += (a[i] - b[i]) * (a[i] - b[i]) }
    return (sum / Float(a.count)).squareRoot()
  }
}
