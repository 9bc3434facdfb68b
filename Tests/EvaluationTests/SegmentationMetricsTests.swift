import Foundation
import MedicalIO
import Testing
@testable import Evaluation

/// Lesion-wise segmentation metrics on constructed masks with hand-computed answers.
@Suite struct SegmentationMetricsTests {
    /// A 20³ mask on `spacing` with the given boxes (inclusive lower, exclusive upper corners) set.
    static func mask(_ boxes: [(SIMD3<Int>, SIMD3<Int>)], spacing: Spacing = Spacing(1, 1, 1)) throws -> LabelVolume {
        var m = try LabelVolume(geometry: ImageGeometry(size: GridSize(20, 20, 20), spacing: spacing), repeating: 0)
        for (lo, hi) in boxes {
            for k in lo.z..<hi.z { for j in lo.y..<hi.y { for i in lo.x..<hi.x { m[i, j, k] = 1 } } }
        }
        return m
    }

    static func box(_ x: Int, _ y: Int, _ z: Int, size n: Int) -> (SIMD3<Int>, SIMD3<Int>) {
        (SIMD3(x, y, z), SIMD3(x + n, y + n, z + n))
    }

    @Test func componentsUse26Connectivity() throws {
        // Two voxels touching only at a corner are one lesion; a one-voxel gap makes two.
        let corner = try Self.mask([Self.box(2, 2, 2, size: 1), Self.box(3, 3, 3, size: 1)])
        #expect(ConnectedComponents(corner).count == 1)
        let gap = try Self.mask([Self.box(2, 2, 2, size: 1), Self.box(4, 2, 2, size: 1)])
        let c = ConnectedComponents(gap)
        #expect(c.count == 2 && c.members.map(\.count) == [1, 1])
        #expect(c.labels[2 + 20 * (2 + 20 * 2)] == 1 && c.labels[4 + 20 * (2 + 20 * 2)] == 2)
        #expect(throws: EvaluationError.self) { try ConnectedComponents(foreground: [true, false], size: GridSize(3, 1, 1)) }
    }

    @Test func twoLesionsOneMissed() throws {
        let truth = try Self.mask([Self.box(2, 2, 2, size: 3), Self.box(12, 12, 12, size: 2)])
        let prediction = try Self.mask([Self.box(2, 2, 2, size: 3)])
        let m = try StudySegmentationMetrics(studyID: "s", truth: truth, prediction: prediction)
        #expect(m.lesions.map(\.detected) == [true, false])
        #expect(m.lesions.map(\.dice) == [1, 0])
        #expect(m.lesions[0].hd95MM == 0 && m.lesions[1].hd95MM == nil)
        #expect(m.falsePositives == 0)
        #expect(abs(m.caseDice - 54.0 / 62) < 1e-12)
        #expect(m.lesionWiseDice == 0.5)
        #expect(m.lesionWiseHD95MM == StudySegmentationMetrics.missPenaltyMM / 2)
        // 27 voxels of 1 mm³ are a 3.7 mm sphere, 8 voxels 2.5 mm: both under 5 mm.
        #expect(m.detectionByBin.map(\.lesions) == [2, 0, 0, 0] && m.detectionByBin[0].sensitivity == 0.5)
    }

    @Test func splitPredictionIsOneDetection() throws {
        let truth = try Self.mask([Self.box(2, 2, 2, size: 4)])
        // Two slabs of the lesion, x = 2…3 and x = 5, with an empty slab between them.
        let prediction = try Self.mask([(SIMD3(2, 2, 2), SIMD3(4, 6, 6)), (SIMD3(5, 2, 2), SIMD3(6, 6, 6))])
        #expect(ConnectedComponents(prediction).count == 2)
        let m = try StudySegmentationMetrics(studyID: "s", truth: truth, prediction: prediction)
        #expect(m.lesions.count == 1 && m.lesions[0].detected && m.falsePositives == 0)
        #expect(abs(m.lesions[0].dice - 96.0 / 112) < 1e-12)
        #expect(m.lesionWiseDice == m.lesions[0].dice)
    }

    @Test func falsePositiveComponent() throws {
        let spacing = Spacing(1, 1, 2)
        let truth = try Self.mask([Self.box(2, 2, 2, size: 3)], spacing: spacing)
        let prediction = try Self.mask([Self.box(2, 2, 2, size: 3), Self.box(14, 14, 14, size: 2)], spacing: spacing)
        let m = try StudySegmentationMetrics(studyID: "s", truth: truth, prediction: prediction)
        #expect(m.falsePositives == 1)
        #expect(abs(m.falsePositiveVolumeML - 8 * 2.0 / 1000) < 1e-12)
        #expect(m.lesionWiseDice == 0.5)
        #expect(m.lesionWiseHD95MM == StudySegmentationMetrics.missPenaltyMM / 2)
    }

    @Test func hd95OfTwoOffsetCubes() throws {
        // 4³ cubes, the second shifted by 2 voxels along x. Of A's 56 surface voxels, 24 lie on
        // B's surface (0), 4 are 1 voxel from it along y or z, 12 are 1 voxel along x, and the 16
        // of the far face 2 voxels along x; the 95th percentile (rank 52.25 of 0…55) is the far face.
        let a = try Self.mask([Self.box(2, 2, 2, size: 4)])
        let b = try Self.mask([Self.box(4, 2, 2, size: 4)])
        let members = { (m: LabelVolume) in m.voxels.indices.filter { m.voxels[$0] != 0 } }
        #expect(SurfaceDistance.surface(of: members(a), size: a.size).count == 56)
        #expect(SurfaceDistance.hausdorff95(members(a), members(b), size: a.size, spacing: Spacing(1, 1, 1)) == 2)
        // x spacing 2 mm: the far face lies 4 mm away, the x-ring 2 mm, the y/z neighbours 1 mm.
        #expect(SurfaceDistance.hausdorff95(members(a), members(b), size: a.size, spacing: Spacing(2, 1, 1)) == 4)
        let study = try StudySegmentationMetrics(studyID: "s", truth: a, prediction: b)
        #expect(study.lesions[0].hd95MM == 2 && study.lesions[0].dice == 0.5)
        #expect(SurfaceDistance.hausdorff95([], members(b), size: a.size, spacing: Spacing(1, 1, 1)) == nil)
    }

    @Test func sizeBinsIncludeTheirLowerEdge() throws {
        #expect(LesionSizeBin(diameter: 4.999) == .under5)
        #expect(LesionSizeBin(diameter: 5) == .from5to10)
        #expect(LesionSizeBin(diameter: 9.999) == .from5to10)
        #expect(LesionSizeBin(diameter: 10) == .from10to20)
        #expect(LesionSizeBin(diameter: 19.999) == .from10to20)
        #expect(LesionSizeBin(diameter: 20) == .from20)
        // One voxel of volume π/6 · 5³ is a 5 mm sphere.
        let s = cbrt(Double.pi / 6 * 125)
        #expect(abs(LesionSizeBin.equivalentDiameter(voxels: 1, spacing: Spacing(s, s, s)) - 5) < 1e-12)
        // 2 × 2 × 2 mm voxels: 8 make 64 mm³ (4.96 mm), 9 make 72 mm³ (5.16 mm).
        #expect(LesionSizeBin(diameter: LesionSizeBin.equivalentDiameter(voxels: 8, spacing: Spacing(2, 2, 2))) == .under5)
        #expect(LesionSizeBin(diameter: LesionSizeBin.equivalentDiameter(voxels: 9, spacing: Spacing(2, 2, 2))) == .from5to10)
        let study = try StudySegmentationMetrics(studyID: "s", truth: try Self.mask([Self.box(1, 1, 1, size: 10)]),
                                                 prediction: try Self.mask([]))
        #expect(study.lesions[0].bin == .from10to20 && abs(study.lesions[0].volumeML - 1) < 1e-12)
    }

    @Test func studiesWithoutLesions() throws {
        let spacing = Spacing(2, 2, 2)
        let empty = try Self.mask([], spacing: spacing)
        let silent = try StudySegmentationMetrics(studyID: "quiet", truth: empty, prediction: empty)
        #expect(silent.truthIsEmpty && silent.caseDice == 1 && silent.falsePositives == 0)
        #expect(silent.lesionWiseDice == 1 && silent.lesionWiseHD95MM == 0 && silent.falsePositiveVolumeML == 0)
        let noisy = try StudySegmentationMetrics(studyID: "noisy", truth: empty,
                                                 prediction: try Self.mask([(SIMD3(3, 3, 3), SIMD3(8, 5, 4))], spacing: spacing))
        #expect(noisy.caseDice == 0 && noisy.falsePositives == 1)
        #expect(abs(noisy.falsePositiveVolumeML - 10 * 8.0 / 1000) < 1e-12)
        #expect(noisy.lesionWiseDice == 0 && noisy.lesionWiseHD95MM == StudySegmentationMetrics.missPenaltyMM)
    }

    @Test func summaryAggregatesOverStudies() throws {
        let spacing = Spacing(2, 2, 2)
        let truth = try Self.mask([Self.box(2, 2, 2, size: 3), Self.box(12, 12, 12, size: 1)], spacing: spacing)
        let hit = try StudySegmentationMetrics(studyID: "a", truth: truth, prediction: truth)
        let half = try StudySegmentationMetrics(studyID: "b", truth: truth, prediction: try Self.mask([Self.box(2, 2, 2, size: 3)], spacing: spacing))
        let empty = try Self.mask([], spacing: spacing)
        let quiet = try StudySegmentationMetrics(studyID: "c", truth: empty, prediction: empty)
        let noisy = try StudySegmentationMetrics(studyID: "d", truth: empty, prediction: try Self.mask([Self.box(5, 5, 5, size: 1)], spacing: spacing))
        let s = SegmentationSummary([hit, half, quiet, noisy])
        #expect(s.studies == 4 && s.studiesWithLesions == 2 && s.studiesWithoutLesions == 2)
        // Case Dice 1 and 2 · 27 / (28 + 27) over the two studies with lesions.
        #expect(s.dice.count == 2 && abs((s.dice.mean ?? 0) - (1 + 54.0 / 55) / 2) < 1e-12)
        // A 27-voxel lesion at 8 mm³ per voxel is 7.45 mm; a single voxel 2.48 mm.
        #expect(s.sensitivityByBin.map(\.lesions) == [2, 2, 0, 0])
        #expect(s.sensitivityByBin.map(\.detected) == [1, 2, 0, 0])
        #expect(s.sensitivityByBin[0].sensitivity == 0.5 && s.sensitivityByBin[2].sensitivity == nil)
        #expect(s.sensitivity.lesions == 4 && s.sensitivity.detected == 3)
        #expect(s.falsePositivesPerStudy.mean == 0.25)
        #expect(s.emptyStudiesWithFalsePositives == 1)
        #expect(s.emptyStudyFalsePositiveVolumeML.mean == 0.004 && s.emptyStudyFalsePositiveVolumeML.count == 2)
        #expect(s.lesionWiseDice.mean == 0.75)
        #expect(s.detectedLesionHD95MM.count == 3 && s.detectedLesionHD95MM.mean == 0)
        // Codable for metrics.json; an empty bin has no sensitivity rather than NaN.
        let json = try JSONEncoder().encode(s)
        let object = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
        let bins = try #require(object["sensitivityByBin"] as? [[String: Any]])
        #expect(bins[0]["sensitivity"] as? Double == 0.5 && bins[2]["sensitivity"] == nil)
        #expect(try JSONDecoder().decode(SegmentationSummary.self, from: json) == s)
    }

    @Test func meanAndSDAndTable3() {
        let a = MeanAndSD([0.8, 0.9, 1.0])
        #expect(abs((a.mean ?? 0) - 0.9) < 1e-12 && abs((a.sd ?? 0) - 0.1) < 1e-12)
        #expect(MeanAndSD([]).mean == nil && MeanAndSD([]).formatted() == "–" && MeanAndSD([2]).sd == 0)
        let text = SegmentationTable.render([
            .init(network: "Proposed", t1ce: a, flair: MeanAndSD([0.7, 0.8])),
            .init(network: "U-Net++", t1ce: MeanAndSD([0.5]), flair: nil),
        ])
        #expect(text == """
            Network   T1 CE Dice     FLAIR Dice
            --------  -------------  -------------
            Proposed  0.900 ± 0.100  0.750 ± 0.071
            U-Net++   0.500 ± 0.000  –

            """)
    }

    @Test func mismatchedGridsAreATypedError() throws {
        let a = try Self.mask([])
        let b = try Self.mask([], spacing: Spacing(2, 2, 2))
        #expect(throws: EvaluationError.self) { try StudySegmentationMetrics(studyID: "s", truth: a, prediction: b) }
    }
}
