import Foundation
import Statistics
import Testing
@testable import MedicalIO

/// MAE, PSNR, SSIM and NMI against NumPy/SciPy (`scripts/reference_similarity.py`) to 1e-4, and
/// hand cases whose answers follow from the definitions.
@Suite struct SimilarityTests {
    struct Case {
        let name: String
        let z: Int, y: Int, x: Int
        let image: [Float], reference: [Float]
        let mask: [Bool]?
        let json: [String: Any]
        func number(_ key: String) throws -> Double { try #require(json[key] as? Double, "\(name).\(key)") }
        func volume(_ values: [Float]) throws -> ImageVolume {
            try ImageVolume(geometry: ImageGeometry(size: GridSize(x, y, z), spacing: Spacing(1, 1, 2)), voxels: values)
        }
        var maskVolume: LabelVolume? {
            get throws {
                guard let mask else { return nil }
                return try LabelVolume(geometry: ImageGeometry(size: GridSize(x, y, z), spacing: Spacing(1, 1, 2)),
                                       voxels: mask.map { $0 ? 1 : 0 })
            }
        }
    }

    static func cases() throws -> [Case] {
        let ref = try #require(ReferenceData.json("similarity_reference.json") as? [String: Any])
        let list = try #require(ref["cases"] as? [[String: Any]])
        var out: [Case] = []
        for c in list {
            let shape = try #require(c["shape"] as? [Int])
            let image = try #require(c["image"] as? [Double]).map { Float($0) }
            let reference = try #require(c["reference"] as? [Double]).map { Float($0) }
            let mask = (c["mask"] as? [Int])?.map { $0 != 0 }
            out.append(Case(name: c["name"] as? String ?? "?", z: shape[0], y: shape[1], x: shape[2], image: image,
                            reference: reference, mask: mask, json: c))
        }
        return out
    }

    static func close(_ a: Double, _ b: Double, _ what: String) {
        #expect(abs(a - b) <= 1e-4 * max(1, abs(b)), "\(what): \(a) vs reference \(b)")
    }

    @Test func matchesNumPyReference() throws {
        let cases = try Self.cases()
        #expect(cases.count == 4)
        for c in cases {
            let fixed = try #require(c.json["fixed"] as? [String: Double])
            let r = try c.number("data_range")
            let a = try c.volume(c.image), b = try c.volume(c.reference), m = try c.maskVolume
            Self.close(try ImageSimilarity.meanAbsoluteError(a, b, mask: m), fixed["mae"] ?? .nan, "\(c.name) MAE")
            Self.close(try ImageSimilarity.peakSignalToNoiseRatio(a, b, dataRange: .fixed(r), mask: m),
                       fixed["psnr"] ?? .nan, "\(c.name) PSNR")
            Self.close(try ImageSimilarity.peakSignalToNoiseRatio(a, b, dataRange: .ofReference, mask: m),
                       try c.number("psnr_of_reference"), "\(c.name) PSNR (reference range)")
            Self.close(try ImageSimilarity.structuralSimilarity(a, b, dataRange: .fixed(r), mask: m),
                       try c.number("ssim"), "\(c.name) SSIM")
            Self.close(try ImageSimilarity.structuralSimilarity(a, b, dataRange: .ofReference, mask: m),
                       try c.number("ssim_of_reference"), "\(c.name) SSIM (reference range)")
            Self.close(try ImageSimilarity.normalisedMutualInformation(a, b, mask: m), try c.number("nmi32"), "\(c.name) NMI 32")
            Self.close(try ImageSimilarity.normalisedMutualInformation(c.image, c.reference, bins: 8, mask: c.mask),
                       try c.number("nmi8"), "\(c.name) NMI 8")
            if c.z == 1 {
                // The plain-slice entry point gives the same SSIM as the one-slice volume.
                Self.close(try ImageSimilarity.structuralSimilarity(c.image, c.reference, width: c.x, height: c.y,
                                                                    dataRange: .fixed(r), mask: c.mask),
                           try c.number("ssim"), "\(c.name) SSIM of a slice")
            }
        }
    }

    static func texture(_ w: Int, _ h: Int, seed: UInt64) -> [Float] {
        var rng = SplitMix64(seed: seed)
        return (0..<(w * h)).map { p in Float(p % w) + Float(rng.next() % 1000) / 10 }
    }

    @Test func identicalImages() throws {
        let a = Self.texture(16, 14, seed: 1)
        #expect(try ImageSimilarity.meanAbsoluteError(a, a) == 0)
        #expect(try ImageSimilarity.peakSignalToNoiseRatio(a, a, dataRange: .fixed(255)) == .infinity)
        #expect(abs(try ImageSimilarity.structuralSimilarity(a, a, width: 16, height: 14, dataRange: .ofReference) - 1) < 1e-12)
        #expect(abs(try ImageSimilarity.normalisedMutualInformation(a, a) - 2) < 1e-12)
        // Any one-to-one relabelling of the intensities keeps NMI at 2: four levels, permuted.
        let levels = a.map { Float(Int($0) % 4) * 10 }
        let permuted = levels.map { [30, 0, 20, 10][Int($0) / 10] as Float }
        #expect(abs(try ImageSimilarity.normalisedMutualInformation(levels, permuted, bins: 4) - 2) < 1e-12)
    }

    @Test func independentImagesHaveNMINearOne() throws {
        var rng = SplitMix64(seed: 9)
        let n = 200_000
        let a = (0..<n).map { _ in Float(rng.next() % 10_000) }
        let b = (0..<n).map { _ in Float(rng.next() % 10_000) }
        let nmi = try ImageSimilarity.normalisedMutualInformation(a, b, bins: 16)
        // Finite-sample bias of the plug-in entropies is about (bins − 1)² / (2n) nats here.
        #expect(nmi > 1 && nmi < 1.001, "NMI \(nmi)")
    }

    @Test func psnrAndMAEByHand() throws {
        // Differences 0, 2, −2, 4: MAE 2, MSE 6, PSNR = 10 log10(100 / 6).
        let a: [Float] = [1, 3, 5, 11], b: [Float] = [1, 1, 7, 7]
        #expect(try ImageSimilarity.meanAbsoluteError(a, b) == 2)
        #expect(abs(try ImageSimilarity.peakSignalToNoiseRatio(a, b, dataRange: .fixed(10)) - 10 * log10(100.0 / 6)) < 1e-12)
        // The reference spans 1…7, so R = 6; masked to the last three: MAE 8/3, MSE 8.
        let mask = [false, true, true, true]
        #expect(abs(try ImageSimilarity.meanAbsoluteError(a, b, mask: mask) - 8.0 / 3) < 1e-12)
        #expect(abs(try ImageSimilarity.peakSignalToNoiseRatio(a, b, dataRange: .ofReference) - 10 * log10(36.0 / 6)) < 1e-12)
        #expect(abs(try ImageSimilarity.peakSignalToNoiseRatio(a, b, dataRange: .ofReference, mask: mask)
            - 10 * log10(36.0 / 8)) < 1e-12)
    }

    @Test func binningMatchesNumPyEdges() throws {
        let binning = try IntensityBinning(bins: 4, lower: 0, upper: 1)
        #expect(binning.edges == [0, 0.25, 0.5, 0.75, 1])
        #expect([0, 0.25, 0.2499, 0.5, 0.99, 1].map { binning.bin(Float($0)) } == [0, 1, 0, 2, 3, 3])
        #expect(binning.bin(-0.1) == nil && binning.bin(1.5) == nil && binning.bin(.nan) == nil)
        // A constant image gets NumPy's ±0.5 range.
        let constant = try IntensityBinning(bins: 2, spanning: [3, 3, 3])
        #expect(constant.edges == [2.5, 3, 3.5] && constant.bin(3) == 1)
    }

    @Test func badInputIsATypedError() throws {
        #expect(throws: SimilarityError.self) { try ImageSimilarity.meanAbsoluteError([1, 2], [1]) }
        #expect(throws: SimilarityError.emptyRegion("the mask selects no voxel")) {
            try ImageSimilarity.meanAbsoluteError([1, 2], [1, 2], mask: [false, false])
        }
        #expect(throws: SimilarityError.sliceTooSmall(width: 10, height: 12, window: 11)) {
            try ImageSimilarity.structuralSimilarity([Float](repeating: 1, count: 120), [Float](repeating: 1, count: 120),
                                                     width: 10, height: 12, dataRange: .fixed(1))
        }
        #expect(throws: SimilarityError.self) {
            try ImageSimilarity.peakSignalToNoiseRatio([1, 2], [3, 3], dataRange: .ofReference)
        }
        let g = ImageGeometry(size: GridSize(12, 12, 1), spacing: Spacing(1, 1, 1))
        let a = try ImageVolume(geometry: g, repeating: 1)
        var moved = g
        moved.origin = Point3(5, 0, 0)
        let b = try ImageVolume(geometry: moved, repeating: 1)
        #expect(throws: SimilarityError.self) { try SimilarityScores(synthetic: a, real: b, dataRange: .fixed(1)) }
    }

    @Test func scoresBundleAllFour() throws {
        let c = try #require(try Self.cases().first { $0.name == "volume_masked" })
        let s = try SimilarityScores(synthetic: try c.volume(c.image), real: try c.volume(c.reference),
                                     dataRange: .fixed(try c.number("data_range")), mask: try c.maskVolume)
        Self.close(s.ssim, try c.number("ssim"), "scores SSIM")
        Self.close(s.nmi, try c.number("nmi32"), "scores NMI")
        let json = try JSONEncoder().encode(s)
        let keys = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Double]).keys.sorted()
        #expect(keys == ["mae", "nmi", "psnr", "ssim"])
        let mean = try #require(SimilarityScores.mean([s, SimilarityScores(mae: 0, psnr: 0, ssim: 0, nmi: 0)]))
        #expect(mean.mae == s.mae / 2)
    }
}
