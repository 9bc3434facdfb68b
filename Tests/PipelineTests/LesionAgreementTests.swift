import Pipeline
import Testing
import Models

/// The transfer benchmark's lesion check on constructed slices with a known answer.
@Suite("Lesion agreement (transfer bench)")
struct LesionAgreementTests {
    static let side = 32

    /// One slice: white-matter stripes (1.0) on grey matter (0.8), a wide oedema patch (labels 3,
    /// slightly darker, as on T1 CE) and inside it an enhancing disc (label 1, 1.6) of radius 3.
    static func slice(disc: Bool, stripes: Bool) -> (image: [Float], truth: [UInt8]) {
        var image: [Float] = [], truth: [UInt8] = []
        for y in 0..<side {
            for x in 0..<side {
                let dx = Double(x - 16), dy = Double(y - 16), r = (dx * dx + dy * dy).squareRoot()
                let tissue: Float = stripes && (x / 2) % 2 == 0 ? 1.0 : 0.8
                let inDisc = r <= 3, inOedema = r <= 10
                image.append(inDisc && disc ? 1.6 : (inOedema ? tissue * 0.88 : tissue))
                truth.append(inDisc ? 1 : (inOedema ? 3 : 0))
            }
        }
        return (image, truth)
    }

    @Test func visibleLabelsAreTheTumourOnT1ceAndTumourWithOedemaOnFlair() {
        #expect(LesionAgreement.visibleLabels(on: .t1ce) == [1, 2])
        #expect(LesionAgreement.visibleLabels(on: .flair) == [1, 2, 3])
        #expect(LesionAgreement.anyLabel == [1, 2, 3])
    }

    @Test func aSyntheticT1ceWithTheLesionButSmoothTissueAgreesOnTheLesion() throws {
        let real = Self.slice(disc: true, stripes: true)
        let synthetic = Self.slice(disc: true, stripes: false).image   // the lesion, not the stripes
        let onLesion = try #require(LesionAgreement.dice(real: real.image, synthetic: synthetic, truth: real.truth,
                                                         labels: LesionAgreement.visibleLabels(on: .t1ce), side: Self.side))
        #expect(onLesion > 0.95)
        // Over the whole oedema patch the real image's Otsu split follows the stripes instead.
        let anyLabel = try #require(LesionAgreement.dice(real: real.image, synthetic: synthetic, truth: real.truth,
                                                         labels: LesionAgreement.anyLabel, side: Self.side))
        #expect(anyLabel < 0.6)
    }

    @Test func aSyntheticImageWithoutTheLesionFails() throws {
        let real = Self.slice(disc: true, stripes: true)
        let synthetic = Self.slice(disc: false, stripes: true).image
        let d = LesionAgreement.dice(real: real.image, synthetic: synthetic, truth: real.truth,
                                     labels: LesionAgreement.visibleLabels(on: .t1ce), side: Self.side)
        #expect((d ?? 0) < 0.5)
    }

    @Test func theTruthReferenceKnowsWhereTheLesionIsBrightAndTheSourceReferenceIsTheSource() throws {
        #expect(LesionAgreement.brightLabels(on: .t1ce) == [1])
        #expect(LesionAgreement.brightLabels(on: .flair) == nil)
        let real = Self.slice(disc: true, stripes: true)
        let truthImage = try #require(LesionAgreement.Reference.truth.image(source: [], truth: real.truth, target: .t1ce))
        #expect(truthImage == real.truth.map { $0 == 1 ? 1 : 0 })
        let d = try #require(LesionAgreement.dice(real: real.image, synthetic: truthImage, truth: real.truth,
                                                  labels: LesionAgreement.visibleLabels(on: .t1ce), side: Self.side))
        #expect(d > 0.95)
        // On FLAIR no label set is the bright part of the lesion, so there is no truth reference.
        #expect(LesionAgreement.Reference.truth.image(source: [], truth: real.truth, target: .flair) == nil)
        let source = Self.slice(disc: false, stripes: true).image
        #expect(LesionAgreement.Reference.source.image(source: source, truth: real.truth, target: .t1ce) == source)
    }

    @Test func noLesionVoxelGivesNoFigure() {
        let real = Self.slice(disc: true, stripes: true)
        let empty = [UInt8](repeating: 0, count: real.truth.count)
        #expect(LesionAgreement.dice(real: real.image, synthetic: real.image, truth: empty, labels: [1, 2], side: Self.side) == nil)
    }
}
