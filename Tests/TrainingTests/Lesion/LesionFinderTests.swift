import MedicalIO
import Testing
@testable import Training

/// Lesions cut from known masks: positions, volumes, connectivity and the size floor.
@Suite struct LesionFinderTests {
    static let geometry = ImageGeometry(size: GridSize(12, 10, 8), spacing: Spacing(2, 2, 3), origin: Point3(10, -20, 30))

    /// A map of `geometry` with the given voxels (x, y, z) set to `value`.
    static func map(_ voxels: [(Int, Int, Int)], value: Float = 1) throws -> ImageVolume {
        var v = try ImageVolume(geometry: geometry, repeating: 0)
        for (x, y, z) in voxels { v.voxels[v.linearIndex(x, y, z)] = value }
        return v
    }

    static func cube(_ x0: Int, _ y0: Int, _ z0: Int, side: Int) -> [(Int, Int, Int)] {
        var out: [(Int, Int, Int)] = []
        for z in z0..<(z0 + side) { for y in y0..<(y0 + side) { for x in x0..<(x0 + side) { out.append((x, y, z)) } } }
        return out
    }

    static var anything: LesionDetection {
        var d = LesionDetection()
        d.minimumML = 0
        return d
    }

    @Test func twoSeparateCubesGiveTwoLesionsLargestFirst() throws {
        let m = try Self.map(Self.cube(1, 1, 1, side: 2) + Self.cube(6, 5, 3, side: 3))
        let lesions = LesionFinder.lesions(in: m, modality: "t1ce", detection: Self.anything)
        #expect(lesions.count == 2)
        #expect(lesions.map(\.voxelCount) == [27, 8])
        let voxelML = 2.0 * 2 * 3 / 1000
        #expect(abs(lesions[0].volumeML - 27 * voxelML) < 1e-12)
        // Centroid of the 3-cube: voxel (7, 6, 4) in patient coordinates.
        let expected = Self.geometry.world(atIndex: Point3(7, 6, 4))
        #expect(LesionFinder.distance(lesions[0].centroid, expected) < 1e-9)
        #expect(LesionFinder.distance(lesions[1].centroid, Self.geometry.world(atIndex: Point3(1.5, 1.5, 1.5))) < 1e-9)
        #expect(lesions.allSatisfy { $0.modality == "t1ce" && $0.matchedVolumeML == nil })
    }

    @Test func lesionsTouchingAtACornerAreOneComponent() throws {
        // 26-connectivity: cubes sharing only the corner voxel pair (2,2,2)–(3,3,3) join.
        let m = try Self.map(Self.cube(1, 1, 1, side: 2) + Self.cube(3, 3, 3, side: 2))
        let lesions = LesionFinder.lesions(in: m, modality: "flair", detection: Self.anything)
        #expect(lesions.count == 1)
        #expect(lesions[0].voxelCount == 16)
        #expect(LesionFinder.distance(lesions[0].centroid, Self.geometry.world(atIndex: Point3(2.5, 2.5, 2.5))) < 1e-9)
    }

    @Test func oneVoxelLesionIsKeptOrDroppedByTheVolumeFloor() throws {
        let m = try Self.map([(4, 4, 4)])
        let found = LesionFinder.lesions(in: m, modality: "t1ce", detection: Self.anything)
        #expect(found.count == 1)
        #expect(found[0].voxelCount == 1)
        #expect(LesionFinder.distance(found[0].centroid, Self.geometry.world(atIndex: Point3(4, 4, 4))) < 1e-9)
        var strict = LesionDetection()
        strict.minimumML = 0.013  // just above one 0.012 mL voxel
        #expect(LesionFinder.lesions(in: m, modality: "t1ce", detection: strict).isEmpty)
    }

    @Test func voxelsBelowTheThresholdAreBackground() throws {
        let m = try Self.map(Self.cube(2, 2, 2, side: 2), value: 0.49)
        #expect(LesionFinder.lesions(in: m, modality: "t1ce", detection: Self.anything).isEmpty)
        var low = Self.anything
        low.threshold = 0.4
        #expect(LesionFinder.lesions(in: m, modality: "t1ce", detection: low).count == 1)
    }

    @Test func truthLabelsOneAndTwoAreTumourOedemaIsNot() throws {
        var labels = try Self.map(Self.cube(1, 1, 1, side: 2), value: 1)
        for (x, y, z) in Self.cube(6, 5, 3, side: 2) { labels.voxels[labels.linearIndex(x, y, z)] = 2 }
        for (x, y, z) in Self.cube(8, 1, 1, side: 2) { labels.voxels[labels.linearIndex(x, y, z)] = 3 }
        let lesions = LesionFinder.lesions(in: LesionFinder.tumourMask(fromLabels: labels), modality: "t1ce",
                                           detection: Self.anything)
        #expect(lesions.count == 2)
    }

    @Test func flairComponentsMatchTheNearestT1CELesionWithinTheDistance() {
        func lesion(_ x: Double, _ ml: Double, _ m: String) -> LesionInstance {
            LesionInstance(centroid: Point3(x, 0, 0), volumeML: ml, voxelCount: 1, modality: m)
        }
        let t1ce = [lesion(0, 2, "t1ce"), lesion(50, 1, "t1ce"), lesion(100, 0.5, "t1ce")]
        let flair = [lesion(53, 0.7, "flair"), lesion(4, 0.9, "flair"), lesion(6, 0.3, "flair"), lesion(130, 1, "flair")]
        let matched = LesionFinder.match(t1ce, with: flair, maximumDistance: 10)
        #expect(matched.map(\.matchedVolumeML) == [0.9, 0.7, nil])
        #expect(matched.map(\.modality) == ["t1ce", "t1ce", "t1ce"])
    }
}
