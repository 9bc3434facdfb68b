import Foundation
import Statistics
import Testing
@testable import MedicalIO

/// Mutual-information slice pairing on constructed volumes whose true correspondence is known.
@Suite struct MutualInformationPairingTests {
    static let side = 24

    /// Slice k: a head disc of blocky texture with four tissue levels, random per slice.
    static func textured(slices: Int, seed: UInt64) -> [[Float]] {
        var rng = SplitMix64(seed: seed)
        return (0..<slices).map { _ in
            let levels = (0..<36).map { _ in Float(1 + rng.next() % 4) * 50 }
            return (0..<(side * side)).map { p in
                let (x, y) = (p % side, p / side)
                let dx = Double(x) - 11.5, dy = Double(y) - 11.5
                return dx * dx + dy * dy < 121 ? levels[(x / 4) + 6 * (y / 4)] : 0
            }
        }
    }

    static func volume(_ slices: [[Float]]) throws -> ImageVolume {
        try ImageVolume(geometry: ImageGeometry(size: GridSize(side, side, slices.count), spacing: Spacing(2, 2, 2)),
                        voxels: slices.flatMap { $0 })
    }

    /// B shows A's anatomy with another contrast (tissue levels permuted, as FLAIR reorders grey
    /// and white matter) and shifted by `shift` slices, with unrelated slices in front.
    static func otherContrast(_ a: [[Float]], shift: Int) -> [[Float]] {
        let relabel: [Float: Float] = [0: 0, 50: 180, 100: 40, 150: 220, 200: 90]
        return textured(slices: shift, seed: 99) + a.map { s in s.map { relabel[$0] ?? -1 } }
    }

    @Test func findsTheShiftedSliceUnderAContrastChange() throws {
        let a = Self.textured(slices: 12, seed: 1)
        let b = Self.otherContrast(a, shift: 3)
        let matches = try MutualInformationPairing().matches(try Self.volume(a), try Self.volume(b))
        #expect(matches.map(\.sliceA) == Array(0..<12))
        #expect(matches.map(\.sliceB) == Array(3..<15))
        // A permutation of intensities is a one-to-one relabelling: NMI 2 for the true pairs.
        for m in matches { #expect(abs(m.nmi - 2) < 1e-9) }
        let agreement = PairingAgreement(matches: matches) { $0 + 3 }
        #expect(agreement == PairingAgreement(slices: 12, exact: 12, withinOne: 12))
        // The plain-slice entry point agrees.
        #expect(try MutualInformationPairing().matches(a, b) == matches)
    }

    @Test func searchWindowLimitsTheCandidates() throws {
        let a = Self.textured(slices: 8, seed: 2)
        let b = Self.otherContrast(a, shift: 3)
        let windowed = try MutualInformationPairing(searchWindow: 1).matches(try Self.volume(a), try Self.volume(b))
        #expect(windowed.count == 8)
        for m in windowed { #expect(abs(m.sliceB - m.sliceA) <= 1) }
        let agreement = PairingAgreement(matches: windowed) { $0 + 3 }
        #expect(agreement.exact == 0 && agreement.withinOne == 0 && agreement.slices == 8)
        // Window 3 reaches the true slice again.
        let reach = try MutualInformationPairing(searchWindow: 3).matches(try Self.volume(a), try Self.volume(b))
        #expect(reach.map(\.sliceB) == Array(3..<11))
    }

    @Test func emptySlicesTakeNoPart() throws {
        var a = Self.textured(slices: 6, seed: 3)
        a[0] = [Float](repeating: 0, count: Self.side * Self.side)
        let b = Self.otherContrast(a, shift: 0)
        let pairing = MutualInformationPairing()
        #expect(pairing.contentSlices(of: try Self.volume(a)) == [1, 2, 3, 4, 5])
        let matches = try pairing.matches(try Self.volume(a), try Self.volume(b))
        #expect(matches.map(\.sliceA) == [1, 2, 3, 4, 5])
        #expect(matches.map(\.sliceB) == [1, 2, 3, 4, 5])
    }

    @Test func agreementCountsExactAndNeighbouringSlices() {
        let m = [SliceMatch(sliceA: 0, sliceB: 0, nmi: 1.5), SliceMatch(sliceA: 1, sliceB: 2, nmi: 1.4),
                 SliceMatch(sliceA: 2, sliceB: 5, nmi: 1.3), SliceMatch(sliceA: 3, sliceB: 3, nmi: 1.2)]
        let a = PairingAgreement(matches: m) { $0 == 3 ? nil : $0 }
        #expect(a == PairingAgreement(slices: 3, exact: 1, withinOne: 2))
        #expect(abs(a.exactFraction - 1.0 / 3) < 1e-12 && abs(a.withinOneFraction - 2.0 / 3) < 1e-12)
        #expect((a + a).slices == 6)
        #expect(PairingAgreement().exactFraction.isNaN)
    }

    @Test func mismatchedPlanesAreRefused() throws {
        let a = try ImageVolume(geometry: ImageGeometry(size: GridSize(12, 12, 2), spacing: Spacing(1, 1, 1)), repeating: 1)
        let b = try ImageVolume(geometry: ImageGeometry(size: GridSize(12, 10, 2), spacing: Spacing(1, 1, 1)), repeating: 1)
        #expect(throws: SimilarityError.self) { try MutualInformationPairing().matches(a, b) }
        #expect(throws: SimilarityError.self) { try MutualInformationPairing().matches([[1, 2]], [[1, 2, 3]]) }
        #expect(throws: SimilarityError.self) { try MutualInformationPairing(bins: 1).matches([[1, 2]], [[1, 2]]) }
        #expect(throws: SimilarityError.invalidParameter("an image holds NaN values")) {
            try MutualInformationPairing().matches([[1, .nan]], [[1, 2]])
        }
    }
}
