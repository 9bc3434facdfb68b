import Foundation
import MedicalIO
import Testing
@testable import Training

@Suite struct SegmentationDataTests {
    static func slices(lesion: Int, empty: Int) -> [SliceRef] {
        (0..<(lesion + empty)).map { SliceRef(study: 0, z: $0, hasLesion: $0 < lesion) }
    }

    @Test func samplerDrawsTheLesionShareAndIsSeeded() {
        let slices = Self.slices(lesion: 5, empty: 95)
        let sampler = SliceSampler(lesionShare: 0.5, epochSize: 40)
        let a = sampler.epoch(slices, epoch: 3, seed: 7)
        #expect(a.count == 40)
        #expect(a.filter { slices[$0].hasLesion }.count == 20)
        // Every lesion slice is used evenly when over-sampled (20 draws over 5 slices: 4 each).
        #expect(Dictionary(grouping: a.filter { slices[$0].hasLesion }, by: { $0 }).values.allSatisfy { $0.count == 4 })
        #expect(a == sampler.epoch(slices, epoch: 3, seed: 7))
        #expect(a != sampler.epoch(slices, epoch: 4, seed: 7))
        #expect(a != sampler.epoch(slices, epoch: 3, seed: 8))
        let quarter = SliceSampler(lesionShare: 0.25, epochSize: 40).epoch(slices, epoch: 0, seed: 1)
        #expect(quarter.filter { slices[$0].hasLesion }.count == 10)
    }

    @Test func samplerWithoutLesionSlicesUsesTheEmptyOnes() {
        let slices = Self.slices(lesion: 0, empty: 10)
        let epoch = SliceSampler(lesionShare: 0.5, epochSize: 12).epoch(slices, epoch: 0, seed: 1)
        #expect(epoch.count == 12)
    }

    @Test func splitKeepsPatientsTogetherInThePapersProportion() {
        // 100 studies from 50 patients, two each.
        let patients = (0..<100).map { "P\($0 / 2)" }
        let split = SegmentationSplit(patientIDs: patients, seed: 3)
        #expect(split.validation.count == 14)  // round(13 % of 100) = 13, reached with the 7th patient
        #expect(Set(split.training).isDisjoint(with: split.validation))
        #expect(split.training.count + split.validation.count == 100)
        let trainPatients = Set(split.training.map { patients[$0] }), valPatients = Set(split.validation.map { patients[$0] })
        #expect(trainPatients.isDisjoint(with: valPatients))
        #expect(split == SegmentationSplit(patientIDs: patients, seed: 3))
        #expect(split != SegmentationSplit(patientIDs: patients, seed: 4))
        // Tiny batches still get one validation patient and keep one for training.
        let tiny = SegmentationSplit(patientIDs: ["a", "b"], seed: 1)
        #expect(tiny.validation.count == 1 && tiny.training.count == 1)
    }

    @Test func slicesAndAugmentedBatchesKeepImageAndMaskTogether() {
        let data = SegmentationFixture.dataSet(studies: 2)
        let slices = data.slices(of: [0, 1])
        #expect(slices.count == 12)
        #expect(slices.filter(\.hasLesion).map(\.z) == [2, 3, 2, 3])
        let refs = slices.filter(\.hasLesion)
        var augmentation = Augmentation()
        augmentation.flipProbability = 1
        augmentation.maxRotationDegrees = 0
        augmentation.intensityScale = 0
        augmentation.intensityShift = 0
        let plain = data.batch(refs)
        let flipped = data.batch(refs, augmentation: augmentation, seed: 1, epoch: 0, positions: Array(refs.indices))
        #expect(plain.mask.reduce(0, +) == flipped.mask.reduce(0, +))
        // A left-right flip moves each voxel, image and mask alike, to the mirrored column
        // (`Augmentation`'s bilinear sampler fills the last row and column, so the border is skipped).
        let side = data.sliceSide
        for n in refs.indices {
            for y in 1..<(side - 1) {
                for x in 1..<(side - 1) {
                    let i = n * side * side + y * side + x, mirrored = n * side * side + y * side + (side - 1 - x)
                    #expect(flipped.mask[mirrored] == plain.mask[i])
                    #expect(flipped.image[mirrored] == plain.image[i])
                }
            }
        }
        // Seeded: the same draw twice.
        var rotating = Augmentation()
        rotating.maxRotationDegrees = 10
        let r1 = data.batch(refs, augmentation: rotating, seed: 5, epoch: 2, positions: [0, 1, 2, 3])
        let r2 = data.batch(refs, augmentation: rotating, seed: 5, epoch: 2, positions: [0, 1, 2, 3])
        #expect(r1.image == r2.image && r1.mask == r2.mask)
        #expect(r1.mask.allSatisfy { $0 == 0 || $0 == 1 })
    }

    @Test func gridCoversTheImageAtItsOwnSliceSpacing() {
        let image = ImageGeometry(size: GridSize(100, 100, 40), spacing: Spacing(1, 1, 3), origin: Point3(-50, -60, -70))
        let g = SegmentationGrid.demo.geometry(for: image)
        #expect(g.size == GridSize(128, 128, 40))
        #expect(g.spacing == Spacing(2, 2, 3))
        #expect(g.direction == .identity)
        let centre = g.world(atIndex: Point3(63.5, 63.5, 19.5))
        #expect(abs(centre.x - -0.5) < 1e-9 && abs(centre.y - -10.5) < 1e-9 && abs(centre.z - -11.5) < 1e-9)
    }
}
