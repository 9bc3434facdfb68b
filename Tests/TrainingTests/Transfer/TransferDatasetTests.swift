import Testing
import Training

/// The pieces of the CycleGAN's data set: the MI pairing hook maps array positions back to grid
/// slices, the split is by patient with the paper's share, and the intensity mapping round-trips.
@Suite("CycleGAN data set")
struct TransferDatasetTests {
    /// A 16 × 16 slice with a bright square whose position encodes `n`.
    func slice(_ n: Int, bright: Float, dark: Float) -> [Float] {
        (0..<256).map { i in
            let x = i % 16, y = i / 16
            return (x >= n * 3 && x < n * 3 + 4 && y >= n * 2 && y < n * 2 + 6) ? bright : (x > 1 && y > 1 ? dark : -1)
        }
    }

    @Test func mutualInformationPairsReturnGridSliceIndices() throws {
        // Usable grid slices 3, 4, 5; the FLAIR slices hold the T1 CE anatomy in reverse order,
        // with the other contrast: MI must still find 3 ↔ 5, 4 ↔ 4, 5 ↔ 3.
        let t1 = (0..<3).map { slice($0, bright: 0.9, dark: 0.1) }
        let flair = (0..<3).reversed().map { slice($0, bright: -0.5, dark: 0.6) }
        let pairs = try TransferDataset.mutualInformation()(t1, flair, [3, 4, 5])
        #expect(pairs == [SlicePair(t1ce: 3, flair: 5), SlicePair(t1ce: 4, flair: 4), SlicePair(t1ce: 5, flair: 3)])
        #expect(try TransferDataset.sameIndex(t1, flair, [3, 4, 5]).map(\.flair) == [3, 4, 5])
    }

    @Test func splitIsByPatientSeededWithThePapersShare() {
        let patients = (1...127).map { "P\($0)" }
        let split = TransferSplit(patients: patients, seed: 1)
        #expect(split.validation.count == 12 && split.training.count == 115)
        #expect(Set(split.validation).isDisjoint(with: split.training))
        #expect(Set(split.validation + split.training) == Set(patients))
        #expect(TransferSplit(patients: patients.reversed(), seed: 1) == split)  // order of input does not matter
        #expect(TransferSplit(patients: patients, seed: 2) != split)
        #expect(TransferSplit(patients: ["A", "B"], seed: 0).validation.count == 1)
    }

    @Test func intensitiesMapToTanhRangeAndBack() {
        let voxels: [Float] = [0, 50, 100, 200, 400]
        let n = TransferIntensity.normalised(voxels, scale: 200)
        #expect(n == [-1, -0.5, 0, 1, 1])  // background −1, clipped above the robust maximum
        #expect(TransferIntensity.denormalised(Array(n.prefix(4)), scale: 200) == [0, 50, 100, 200])
        // The robust maximum is the 99.5th percentile of the head, ignoring the background.
        let head = [Float](repeating: 0, count: 1000) + (1...1000).map(Float.init)
        let scale = TransferIntensity.scale(of: head)
        #expect(scale > 990 && scale <= 1000, "\(scale)")
    }
}
