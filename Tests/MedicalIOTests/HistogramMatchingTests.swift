import Foundation
import Statistics
import Testing
@testable import MedicalIO

/// Histogram matching (with inversion) on constructed distributions.
@Suite struct HistogramMatchingTests {
    static let geometry = ImageGeometry(size: GridSize(10, 10, 10), spacing: Spacing(2, 2, 2))
    static var everywhere: LabelVolume { try! LabelVolume(geometry: geometry, repeating: 1) }

    /// Voxel p holds f(p / 999): a known distribution with 1000 distinct values.
    static func ramp(_ f: (Double) -> Double) throws -> ImageVolume {
        try ImageVolume(geometry: geometry, voxels: (0..<1000).map { Float(f(Double($0) / 999)) })
    }

    @Test func learnsTheAverageOnTheStandardScale() throws {
        // Two uniform targets: standardised landmarks equal the percentiles / 100 for both,
        // placed back on the mean range (10…110 and 30…330 → 20…220).
        let a = try Self.ramp { 10 + 100 * $0 }, b = try Self.ramp { 30 + 300 * $0 }
        let model = try HistogramMatching.learn(targets: [(a, Self.everywhere), (b, Self.everywhere)], percentiles: [0, 25, 50, 100],
                                                invertTissueContrast: false)
        #expect(model.percentiles == [0, 25, 50, 100])
        for (got, want) in zip(model.landmarks, [20, 70, 120, 220] as [Double]) { #expect(abs(got - want) < 1e-3, "\(got) vs \(want)") }
    }

    @Test func mapsTheSourceQuantilesOntoTheReference() throws {
        let target = try Self.ramp { 100 + 900 * $0 * $0 }
        let model = try HistogramMatching.learn(targets: [(target, Self.everywhere)], invertTissueContrast: false)
        // A source with another scale and a skewed distribution.
        let source = try Self.ramp { exp(3 * $0) }
        let out = try model.apply(to: source, mask: Self.everywhere)
        let got = try out.percentiles(HistogramMatching.defaultPercentiles)
        for (g, w) in zip(got, model.landmarks) { #expect(abs(Double(g) - w) < 1e-3 * 1000, "\(g) vs \(w)") }
        // Monotone: the order of voxels is kept.
        for p in 1..<1000 { #expect(out.voxels[p] >= out.voxels[p - 1]) }
        // Beyond the outer landmarks the end segments continue (voxel 0 lies below the 1st percentile).
        #expect(out.voxels[0] < Float(model.landmarks[0]))
    }

    /// A three-tissue phantom: background outside a central box, CSF, grey and white matter inside.
    static func tissues(csf: Float, grey: Float, white: Float) throws -> (ImageVolume, LabelVolume) {
        var image = try ImageVolume(geometry: geometry, repeating: 0)
        var mask = try LabelVolume(geometry: geometry, repeating: 0)
        var rng = SplitMix64(seed: 4)
        for k in 1..<9 { for j in 1..<9 { for i in 1..<9 {
            let level = i < 3 ? csf : (i < 6 ? grey : white)
            image[i, j, k] = level + Float(rng.next() % 100) / 100
            mask[i, j, k] = 1
        } } }
        return (image, mask)
    }

    @Test func inversionSwapsGreyAndWhiteButKeepsCSFDark() throws {
        let (t1, mask) = try Self.tissues(csf: 20, grey: 80, white: 100)     // T1 CE order: CSF < GM < WM
        let (flair, _) = try Self.tissues(csf: 5, grey: 90, white: 70)       // FLAIR order: CSF < WM < GM
        #expect(try HistogramMatching.tissueContrastIsReversed(t1, flair, mask: mask))
        #expect(try !HistogramMatching.tissueContrastIsReversed(t1, t1, mask: mask))

        func means(_ v: ImageVolume) -> (csf: Float, grey: Float, white: Float) {
            var s: [Float] = [0, 0, 0], n: [Float] = [0, 0, 0]
            for k in 1..<9 { for j in 1..<9 { for i in 1..<9 {
                let c = i < 3 ? 0 : (i < 6 ? 1 : 2)
                s[c] += v[i, j, k]; n[c] += 1
            } } }
            return (s[0] / n[0], s[1] / n[1], s[2] / n[2])
        }
        let inverted = try HistogramMatching.learn(targets: [(flair, mask)], invertTissueContrast: true)
        let synthetic = means(try inverted.apply(to: t1, mask: mask))
        #expect(synthetic.csf < synthetic.white && synthetic.white < synthetic.grey, "\(synthetic)")
        let real = means(flair)
        #expect(abs(synthetic.grey - real.grey) < 2 && abs(synthetic.white - real.white) < 2 && abs(synthetic.csf - real.csf) < 2,
                "synthetic \(synthetic) vs real \(real)")
        // Without inversion the T1 order survives: grey stays darker than white.
        let plain = means(try HistogramMatching.learn(targets: [(flair, mask)], invertTissueContrast: false).apply(to: t1, mask: mask))
        #expect(plain.grey < plain.white)
        // Voxels outside the mask get the `outside` value.
        #expect(try inverted.apply(to: t1, mask: mask, outside: -1)[0, 0, 0] == -1)
    }

    @Test func badInputIsATypedError() throws {
        let ramp = try Self.ramp { $0 }
        #expect(throws: HistogramMatchingError.noTrainingVolumes) {
            try HistogramMatching.learn(targets: [], invertTissueContrast: false)
        }
        #expect(throws: HistogramMatchingError.self) {
            try HistogramMatching.learn(targets: [(ramp, nil)], percentiles: [50, 10], invertTissueContrast: false)
        }
        let flat = try ImageVolume(geometry: Self.geometry, repeating: 3)
        #expect(throws: HistogramMatchingError.self) {
            try HistogramMatching.learn(targets: [(flat, Self.everywhere)], invertTissueContrast: false)
        }
        let other = try LabelVolume(geometry: ImageGeometry(size: GridSize(5, 5, 5), spacing: Spacing(1, 1, 1)), repeating: 1)
        let model = try HistogramMatching.learn(targets: [(ramp, Self.everywhere)], invertTissueContrast: false)
        #expect(throws: HistogramMatchingError.self) { try model.apply(to: ramp, mask: other) }
        #expect(throws: HistogramMatchingError.self) { try model.apply(to: flat, mask: Self.everywhere) }
        // Codable for a model folder.
        let decoded = try JSONDecoder().decode(HistogramMatching.self, from: try JSONEncoder().encode(model))
        #expect(decoded == model)
    }
}
