import Testing
@testable import MedicalIO

@Suite struct MaskOverlapTests {
    @Test func diceOfKnownMasks() {
        // |A| = 3, |B| = 2, |A ∩ B| = 1 → 2·1 / 5.
        let counts = MaskOverlap([1, 1, 1, 0, 0], [0, 0, 1, 1, 0])
        #expect(counts == MaskOverlap(first: 3, second: 2, both: 1))
        #expect(counts.dice == 0.4)
    }

    @Test func identicalAndDisjointMasks() {
        #expect(MaskOverlap([0, 2, 2], [0, 1, 7]).dice == 1)
        #expect(MaskOverlap([1, 0], [0, 1]).dice == 0)
    }

    @Test func emptyMasksHaveNoDice() {
        #expect(MaskOverlap([0, 0, 0], [0, 0, 0]).dice == nil)
        var counts = MaskOverlap()
        counts.add(false, false)
        #expect(counts.dice == nil)
        counts.add(true, false)
        #expect(counts.dice == 0)
    }
}
