import Foundation
import Statistics
import Testing
@testable import MedicalIO

@Suite struct NormalisationTests {
    /// A head phantom: a bright noisy ball with a dark enclosed ventricle, a dark background, and
    /// a bright speck outside the head.
    static func phantom() throws -> ImageVolume {
        let n = 32
        let g = ImageGeometry(size: GridSize(n, n, n), spacing: Spacing(1, 1, 1))
        var rng = SplitMix64(seed: 5)
        var v = try ImageVolume(geometry: g, repeating: 0)
        for k in 0..<n { for j in 0..<n { for i in 0..<n {
            let d = Point3(Double(i) - 15.5, Double(j) - 15.5, Double(k) - 15.5)
            let r = (d * d).sum().squareRoot()
            let noise = Float(rng.next() % 1000) / 1000 - 0.5
            v[i, j, k] = r < 12 ? (r < 4 ? 30 : 600) + 40 * noise : 10 + 10 * noise
        } } }
        v[1, 1, 1] = 900
        return v
    }

    @Test func otsuHeadMask() throws {
        let v = try Self.phantom()
        let t = Otsu.threshold(v.voxels)
        // Any cut between the dark classes (≤ 50) and the ball (≥ 580) splits alike; Otsu takes the first.
        #expect(t > 20 && t < 580, "threshold \(t)")
        let mask = Otsu.foregroundMask(v)
        #expect(mask[1, 1, 1] == 0, "the speck outside is not head")
        #expect(mask[16, 16, 16] == 1, "the dark ventricle is filled")
        #expect(mask[0, 16, 16] == 0)
        let ball = 4.0 / 3 * Double.pi * 12 * 12 * 12
        #expect(abs(Double(mask.foregroundCount) - ball) < 0.05 * ball)
        #expect(Otsu.threshold([2, 2, 2]) == 2)
        let two = [Float](repeating: 0, count: 50) + [Float](repeating: 100, count: 50)
        let t2 = Otsu.threshold(two)
        #expect(t2 > 0 && t2 < 100)
    }

    @Test func percentilesWithinAMask() throws {
        let v = try Self.phantom()
        let mask = Otsu.foregroundMask(v)
        let inside = zip(v.voxels, mask.voxels).filter { $0.1 != 0 }.map(\.0)
        #expect(try v.percentiles([0.5, 99.5], within: mask) == Percentile.linear(inside, percents: [0.5, 99.5]))
        #expect(try v.percentiles([50]) == Percentile.linear(v.voxels, percents: [50]))
        let wrongGrid = try LabelVolume(geometry: ImageGeometry(size: GridSize(2, 2, 2), spacing: Spacing(1, 1, 1)), repeating: 1)
        #expect(throws: VolumeError.self) { try v.percentiles([50], within: wrongGrid) }
    }
}
