import MedicalIO
import Testing
@testable import Radiomics

/// Bad inputs give typed errors that say what is wrong.
@Suite struct RadiomicsInputTests {
    static func volume(_ size: GridSize, spacing: Spacing = Spacing(1, 1, 1), _ value: (Int, Int, Int) -> Float) throws -> ImageVolume {
        var v = try ImageVolume(geometry: ImageGeometry(size: size, spacing: spacing), repeating: 0)
        for z in 0..<size.z { for y in 0..<size.y { for x in 0..<size.x { v[x, y, z] = value(x, y, z) } } }
        return v
    }

    static let image = try! volume(GridSize(8, 8, 4)) { x, y, z in Float(100 + 10 * x + 3 * y + z) }
    static let cube = try! volume(GridSize(8, 8, 4)) { x, y, z in (2..<5).contains(x) && (2..<6).contains(y) && z < 3 ? 1 : 0 }

    @Test func emptyMaskIsATypedError() throws {
        let empty = try Self.volume(GridSize(8, 8, 4)) { _, _, _ in 0 }
        #expect(throws: RadiomicsError.emptyMask(label: 1)) {
            _ = try RadiomicsExtractor.extract(image: Self.image, mask: empty)
        }
    }

    @Test func differentGridsNameBothGeometries() throws {
        let other = try Self.volume(GridSize(8, 8, 4), spacing: Spacing(1, 1, 2)) { _, _, _ in 1 }
        do {
            _ = try RadiomicsExtractor.extract(image: Self.image, mask: other)
            Issue.record("no error")
        } catch {
            let text = error.description
            #expect(text.contains("1.0×1.0×1.0 mm") && text.contains("1.0×1.0×2.0 mm"), "\(text)")
        }
    }

    @Test func unexpectedLabelsNeedALabelChoice() throws {
        let two = try Self.volume(GridSize(8, 8, 4)) { x, _, _ in x < 3 ? 1 : (x < 6 ? 2 : 0) }
        #expect(throws: RadiomicsError.unexpectedLabels([2], expected: 1)) {
            _ = try RadiomicsExtractor.extract(image: Self.image, mask: two)
        }
        var settings = RadiomicsSettings()
        settings.label = 2
        let r = try RadiomicsExtractor.extract(image: Self.image, mask: two, settings: settings, allowOtherLabels: true)
        #expect(r.study.voxelCount == 3 * 8 * 4)
    }

    @Test func nanInsideTheMaskIsRejected() throws {
        var image = Self.image
        image[3, 3, 1] = .nan
        #expect(throws: RadiomicsError.nonFiniteIntensity(count: 1)) {
            _ = try RadiomicsExtractor.extract(image: image, mask: Self.cube)
        }
    }

    @Test func lesionsAreTwentySixConnectedAndFilteredBySize() throws {
        // Two voxels touching only at a corner form one lesion; a separate 3-voxel lesion is dropped at minimum 4.
        var flags = [Bool](repeating: false, count: 6 * 6 * 6)
        let size = GridSize(6, 6, 6)
        func set(_ x: Int, _ y: Int, _ z: Int) { flags[x + 6 * (y + 6 * z)] = true }
        set(0, 0, 0); set(1, 1, 1); set(2, 2, 2); set(3, 2, 2)
        set(5, 5, 5); set(5, 4, 5); set(5, 3, 5)
        let all = MaskComponents.find(flags, size: size)
        #expect(all.map(\.voxelCount) == [4, 3])
        #expect(MaskComponents.find(flags, size: size, minimumVoxels: 4).map(\.voxelCount) == [4])
    }

    @Test func centroidIsInPatientCoordinates() throws {
        let r = try RadiomicsExtractor.extract(image: Self.image, mask: Self.cube)
        #expect(r.lesions.count == 1)
        let c = r.study.centroid
        #expect(abs(c.x - 3) < 1e-9 && abs(c.y - 3.5) < 1e-9 && abs(c.z - 1) < 1e-9)
    }
}
