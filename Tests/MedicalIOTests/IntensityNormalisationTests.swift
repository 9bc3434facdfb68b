import Foundation
import Testing
@testable import MedicalIO

/// The one intensity normalisation (the classifier's, segmentation's): clip the head (above Otsu's threshold) to the voxels
/// at ranks 0.5 % and 99.5 % of its sorted values, z-score it, and set the background to the
/// clipped minimum's score — checked against that recipe written out with a full sort.
@Suite struct IntensityNormalisationTests {
    @Test func matchesTheSortedRecipe() {
        // A dark background, a head of noisy tissue and a few bright outliers the clipping must cap.
        var state: UInt64 = 7
        func next() -> Float {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Float(state >> 40) / Float(1 << 24)
        }
        var v = (0..<4000).map { _ in 2 * next() }
        v += (0..<12000).map { _ in 100 + 40 * next() }
        v += [900, 950, 1000, 5000]
        var got = v
        IntensityNormalisation.normalise(&got)

        let threshold = v.sorted()[4000 - 1] + 1  // anything between the background and the head
        let head = v.filter { $0 > threshold }.sorted()
        let lo = head[Int(Double(head.count - 1) * 0.005)], hi = head[Int(Double(head.count - 1) * 0.995)]
        let clipped = head.map { Double(min(max($0, lo), hi)) }
        let mean = clipped.reduce(0, +) / Double(clipped.count)
        let sd = (clipped.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(clipped.count)).squareRoot()
        #expect(hi < 900)
        for (x, y) in zip(v, got) {
            let expected = x > threshold ? (Double(min(max(x, lo), hi)) - mean) / sd : (Double(lo) - mean) / sd
            #expect(abs(Double(y) - expected) < 1e-4, "\(x) → \(y), expected \(expected)")
        }
    }

    @Test func phantomHeadIsStandardisedAndBackgroundSitsAtItsMinimum() throws {
        let v = try NormalisationTests.phantom()
        let threshold = Otsu.threshold(v.voxels)
        let out = v.normalisedIntensities()
        #expect(out.geometry == v.geometry)
        let head = zip(v.voxels, out.voxels).filter { $0.0 > threshold }.map { Double($0.1) }
        let mean = head.reduce(0, +) / Double(head.count)
        let sd = (head.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(head.count)).squareRoot()
        #expect(abs(mean) < 1e-4 && abs(sd - 1) < 1e-4, "mean \(mean), sd \(sd)")
        // Every background voxel, the dark ventricle included, takes the clipped minimum's score,
        // which no head voxel goes below.
        let background = zip(v.voxels, out.voxels).filter { $0.0 <= threshold }.map(\.1)
        let floor = try #require(background.first)
        #expect(background.allSatisfy { $0 == floor })
        #expect(out.voxels.min() == floor)
        // The bright speck is clipped to the head's 99.5 % value rather than scored on its own.
        #expect(out[1, 1, 1] == head.map(Float.init).max())
        // Degenerate inputs do not trap: a constant image has no spread, an empty one no voxels.
        var constant = [Float](repeating: 7, count: 64)
        IntensityNormalisation.normalise(&constant)
        #expect(constant.allSatisfy { $0.isFinite })
        var empty: [Float] = []
        IntensityNormalisation.normalise(&empty)
        #expect(empty.isEmpty)
    }
}
