import MedicalIO
import Testing
@testable import Training

/// A lesion crop is centred on the lesion's centroid in patient coordinates.
@Suite struct LesionCropTests {
    @Test func cropCentreIsTheCentroidInPatientCoordinates() {
        var settings = LesionCropSettings()
        settings.size = 9
        settings.spacingMM = 1.5
        let centre = Point3(-12.25, 40.5, 7.75)
        let g = settings.grid(centredAt: centre)
        let mid = Double(settings.size - 1) / 2
        #expect(LesionFinder.distance(g.world(atIndex: Point3(mid, mid, mid)), centre) < 1e-9)
        #expect(g.spacing == Spacing(1.5, 1.5, 1.5))
    }

    /// A blob in a tilted, anisotropic image: its crop peaks at the centre voxel and is
    /// symmetric about it, so the crop's centre is where the lesion is.
    @Test func croppingAFoundLesionCentresItsVoxels() throws {
        let direction = Matrix3(columns: Point3(0, 1, 0), Point3(-1, 0, 0), Point3(0, 0, 1))
        let geometry = ImageGeometry(size: GridSize(20, 20, 10), spacing: Spacing(1, 1, 2), origin: Point3(5, -7, 11),
                                     direction: direction)
        var map = try ImageVolume(geometry: geometry, repeating: 0)
        for z in 4...6 { for y in 8...12 { for x in 5...9 { map.voxels[map.linearIndex(x, y, z)] = 1 } } }
        var detection = LesionDetection()
        detection.minimumML = 0
        let lesion = try #require(LesionFinder.lesions(in: map, modality: "t1ce", detection: detection).first)
        #expect(LesionFinder.distance(lesion.centroid, geometry.world(atIndex: Point3(7, 10, 5))) < 1e-9)
        var settings = LesionCropSettings()
        settings.size = 7
        settings.spacingMM = 1
        let crop = try settings.crop(map, at: lesion.centroid, outside: 0, path: "test")
        let n = settings.size
        func at(_ x: Int, _ y: Int, _ z: Int) -> Float { crop[(z * n + y) * n + x] }
        #expect(at(3, 3, 3) == 1)
        #expect(crop.max() == 1)
        // Mirror symmetry about the centre along each axis.
        for k in 0..<n { #expect(abs(at(k, 3, 3) - at(n - 1 - k, 3, 3)) < 1e-6) }
        for k in 0..<n { #expect(abs(at(3, k, 3) - at(3, n - 1 - k, 3)) < 1e-6) }
        for k in 0..<n { #expect(abs(at(3, 3, k) - at(3, 3, n - 1 - k)) < 1e-6) }
    }
}
