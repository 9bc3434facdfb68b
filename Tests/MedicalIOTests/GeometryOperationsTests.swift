import Foundation
import Testing
@testable import MedicalIO

/// Reorientation, cropping/padding and mask helpers: every voxel keeps its value and world position.
@Suite struct GeometryOperationsTests {
    /// A volume whose value encodes its index, so any voxel can be traced.
    static func traced(_ g: ImageGeometry) throws -> Volume<Int32> {
        try Volume(geometry: g, voxels: (0..<g.size.count).map { Int32($0) })
    }

    /// Every output voxel's value names an input voxel at the same world position.
    static func expectSameWorld(_ out: Volume<Int32>, _ input: Volume<Int32>, _ label: String) {
        let n = input.size
        for k in 0..<out.size.z { for j in 0..<out.size.y { for i in 0..<out.size.x {
            let v = Int(out[i, j, k])
            let src = Point3(Double(v % n.x), Double((v / n.x) % n.y), Double(v / (n.x * n.y)))
            let d = out.geometry.world(atIndex: Point3(Double(i), Double(j), Double(k))) - input.geometry.world(atIndex: src)
            if max(abs(d.x), abs(d.y), abs(d.z)) > 1e-9 {
                Issue.record("\(label): voxel (\(i),\(j),\(k)) moved by \(d)")
                return
            }
        } } }
    }

    @Test func rasToLPSIsAnExactPermutation() throws {
        // A NIfTI-style RAS grid: i → right (−x), j → anterior (−y), k → superior.
        let g = ImageGeometry(size: GridSize(5, 4, 3), spacing: Spacing(1, 2, 3), origin: Point3(10, 20, 30),
                              direction: Matrix3(columns: Point3(-1, 0, 0), Point3(0, -1, 0), Point3(0, 0, 1)))
        let v = try Self.traced(g)
        #expect(g.orientation.description == "RAS")
        let lps = v.reoriented(to: .lps)
        #expect(lps.geometry.direction == .identity)
        #expect(lps.geometry.orientation == .lps)
        #expect(lps.size == g.size && lps.spacing == g.spacing)
        #expect(lps.geometry.origin == Point3(6, 14, 30))
        #expect(lps[0, 0, 0] == v[4, 3, 0])
        Self.expectSameWorld(lps, v, "RAS→LPS")
        #expect(lps.reoriented(to: .ras).voxels == v.voxels)
    }

    @Test func obliquePermutedGridsReorient() throws {
        // Sagittal-like acquisition: i → −y (anterior), j → −z (inferior), k → +x, slightly tilted.
        let t = 0.1
        let dir = Matrix3(columns: Point3(0, -cos(t), sin(t)), Point3(0, -sin(t), -cos(t)), Point3(1, 0, 0))
        let g = ImageGeometry(size: GridSize(6, 5, 4), spacing: Spacing(0.5, 0.6, 2), origin: Point3(-3, 8, 12), direction: dir)
        let v = try Self.traced(g)
        #expect(g.orientation.description == "AIL")
        for code in ["LPS", "RAS", "PIR", "SAL"] {
            let target = try #require(OrientationCode(code))
            let out = v.reoriented(to: target)
            #expect(out.geometry.orientation == target, "\(code)")
            #expect(out.size.count == g.size.count)
            #expect(Set(out.voxels) == Set(v.voxels))
            Self.expectSameWorld(out, v, code)
        }
        #expect(OrientationCode("LPX") == nil)
        #expect(OrientationCode("LLS") == nil)
    }

    @Test func cropAndPadKeepWorldPositions() throws {
        let g = ImageGeometry(size: GridSize(8, 6, 5), spacing: Spacing(0.5, 1, 2), origin: Point3(1, 2, 3),
                              direction: Matrix3(columns: Point3(0, 1, 0), Point3(-1, 0, 0), Point3(0, 0, 1)))
        let v = try Self.traced(g)
        let region = VoxelRegion(lower: SIMD3(2, 1, 1), size: GridSize(3, 4, 2))
        let c = try v.cropped(to: region)
        #expect(c.size == GridSize(3, 4, 2))
        #expect(c[0, 0, 0] == v[2, 1, 1] && c[2, 3, 1] == v[4, 4, 2])
        Self.expectSameWorld(c, v, "crop")
        #expect(throws: VolumeError.self) { try v.cropped(to: VoxelRegion(lower: SIMD3(6, 0, 0), size: GridSize(3, 1, 1))) }

        let p = try v.padded(lower: SIMD3(1, 2, 0), upper: SIMD3(0, 1, 3), fill: -1)
        #expect(p.size == GridSize(9, 9, 8))
        #expect(p[0, 0, 0] == -1 && p[1, 2, 0] == v[0, 0, 0] && p[8, 7, 4] == v[7, 5, 4] && p[8, 8, 7] == -1)
        #expect(p.voxels.filter { $0 == -1 }.count == 9 * 9 * 8 - 8 * 6 * 5)
        let inner = try p.cropped(to: VoxelRegion(lower: SIMD3(1, 2, 0), size: g.size))
        #expect(inner.voxels == v.voxels)
        #expect(inner.geometry.isAligned(with: g, tolerance: 1e-12))
        #expect(v.boundingBox { $0 >= 100 && $0 < 103 } == VoxelRegion(lower: SIMD3(4, 0, 2), size: GridSize(3, 1, 1)))
        #expect(v.boundingBox { $0 < 0 } == nil)
    }

    @Test func maskHelpers() throws {
        let g = ImageGeometry(size: GridSize(7, 7, 7), spacing: Spacing(1, 1, 2))
        // A hollow 5×5×5 shell (hole at the centre) plus a separate single voxel.
        var m = try LabelVolume(geometry: g, repeating: 0)
        for k in 1...5 { for j in 1...5 { for i in 1...5 where !(i == 3 && j == 3 && k == 3) { m[i, j, k] = 1 } } }
        m[6, 6, 6] = 1
        #expect(m.foregroundCount == 125)
        #expect(m.foregroundVolume == 250)
        let largest = m.largestComponent()
        #expect(largest.foregroundCount == 124 && largest[6, 6, 6] == 0)
        let filled = largest.filledHoles()
        #expect(filled.foregroundCount == 125 && filled[3, 3, 3] == 1)
        #expect(try largest.union(m).foregroundCount == 125)
        #expect(try largest.intersection(m).foregroundCount == 124)
        let image = try ImageVolume(geometry: g, repeating: 5)
        let masked = try image.masked(by: filled)
        #expect(masked.voxels.reduce(0, +) == 5 * 125)
        #expect(image.mask { $0 > 4 }.foregroundCount == g.size.count)
        let other = try LabelVolume(geometry: ImageGeometry(size: GridSize(7, 7, 6), spacing: g.spacing), repeating: 0)
        #expect(throws: VolumeError.self) { try m.union(other) }
    }
}
